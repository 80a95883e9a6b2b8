package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the bench schema

	"guichet/internal/store"
)

// database is the fresh database a run works on: a SQLite file or a
// PostgreSQL schema. raw is a separate connection used only to count rows,
// measure size and settle the schema after the load, never to write data.
type database struct {
	url    string // what store.Open gets
	where  string // SQLite path or PostgreSQL schema name, for the report
	schema string // PostgreSQL only
	raw    *sql.DB
	admin  *sql.DB // PostgreSQL only: connection outside the schema, to drop it
	files  []string
	reused bool // a kept data set (Config.Reuse): never removed
}

// newDatabase prepares a fresh database for cfg: a new SQLite file under dir,
// or a new schema bench_<unix> on PostgreSQL selected through search_path.
func newDatabase(ctx context.Context, cfg Config, dir string) (*database, error) {
	if cfg.Reuse != "" && !isPostgres(cfg.DatabaseURL) {
		return reuseDatabase(cfg.Reuse)
	}
	stamp := time.Now().Unix()
	if !isPostgres(cfg.DatabaseURL) {
		path := filepath.Join(dir, fmt.Sprintf("bench-%d.db", stamp))
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return nil, fmt.Errorf("bench: open sqlite for counting: %w", err)
		}
		return &database{url: path, where: path, raw: raw, files: store.SQLiteFiles(path)}, nil
	}
	admin, err := sql.Open("pgx", cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("bench: connect to postgres: %w", err)
	}
	schema := fmt.Sprintf("bench_%d", stamp)
	if cfg.Reuse != "" {
		schema = cfg.Reuse
	} else if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, fmt.Errorf("bench: create schema %s: %w", schema, err)
	}
	u, err := url.Parse(cfg.DatabaseURL)
	if err != nil {
		admin.Close()
		return nil, fmt.Errorf("bench: parse database URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db := &database{url: u.String(), where: "schema " + schema, schema: schema, admin: admin, reused: cfg.Reuse != ""}
	if db.raw, err = sql.Open("pgx", db.url); err != nil {
		return nil, errors.Join(fmt.Errorf("bench: connect to schema: %w", err), db.close(ctx, false))
	}
	return db, nil
}

// counts returns the number of requests and messages in the database.
func (d *database) counts(ctx context.Context) (requests, messages int64, err error) {
	if err := d.raw.QueryRowContext(ctx, "SELECT count(*) FROM requests").Scan(&requests); err != nil {
		return 0, 0, fmt.Errorf("bench: count requests: %w", err)
	}
	if err := d.raw.QueryRowContext(ctx, "SELECT count(*) FROM messages").Scan(&messages); err != nil {
		return 0, 0, fmt.Errorf("bench: count messages: %w", err)
	}
	return requests, messages, nil
}

// size returns the bytes the data set takes: the SQLite file and its WAL, or
// settle makes a freshly bulk-loaded PostgreSQL schema look like a database
// that has been running: VACUUM (ANALYZE) gives the planner statistics and
// sets the visibility map, as anyone restoring a dump does before serving.
// Without it, the first searches on a million new rows took over a second.
// SQLite needs nothing: its planner does not depend on gathered statistics
// for these queries. It returns how long it took.
func (d *database) settle(ctx context.Context) (time.Duration, error) {
	t0 := time.Now()
	if d.schema == "" {
		return 0, nil
	}
	for _, table := range []string{"requests", "messages", "events", "request_search", "people", "person_emails"} {
		if _, err := d.raw.ExecContext(ctx, "VACUUM (ANALYZE) "+d.schema+"."+table); err != nil {
			return 0, fmt.Errorf("bench: vacuum %s: %w", table, err)
		}
	}
	return time.Since(t0), nil
}

// every relation of the PostgreSQL schema (tables, indexes, TOAST).
func (d *database) size(ctx context.Context) (int64, error) {
	if d.schema == "" {
		var n int64
		for _, f := range d.files {
			if strings.HasSuffix(f, "-shm") {
				continue
			}
			if fi, err := os.Stat(f); err == nil {
				n += fi.Size()
			}
		}
		return n, nil
	}
	var n sql.NullInt64
	err := d.raw.QueryRowContext(ctx, `SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
		JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = $1 AND c.relkind IN ('r', 'm')`,
		d.schema).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("bench: database size: %w", err)
	}
	return n.Int64, nil
}

// close closes the connections and, unless keep, drops the schema or removes
// the SQLite files. The store must be closed first.
func (d *database) close(ctx context.Context, keep bool) error {
	var errs []error
	if d.raw != nil {
		errs = append(errs, d.raw.Close())
	}
	if d.admin != nil {
		if !keep && !d.reused {
			if _, err := d.admin.ExecContext(ctx, "DROP SCHEMA "+d.schema+" CASCADE"); err != nil {
				errs = append(errs, fmt.Errorf("bench: drop schema %s: %w", d.schema, err))
			}
		}
		errs = append(errs, d.admin.Close())
	}
	if !keep && !d.reused {
		for _, f := range d.files {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
