// Package store keeps everything the desk knows in SQLite (the default, pure
// Go) or PostgreSQL, behind one API that implements desk.Store. The SQL is
// shared where the engines agree; dialect.go holds the few places they don't.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"

	"guichet/internal/blob"
	"guichet/internal/desk"
)

var _ desk.Store = (*Store)(nil)

// Options tune a Store. Zero values select the defaults.
type Options struct {
	BlobDir            string           // attachments directory; default: <sqlite file dir>/blobs, or ./guichet-data/blobs for PostgreSQL
	MaxAttachmentBytes int64            // default 25 MiB
	Now                func() time.Time // default time.Now (tests inject a clock)
	Logger             *slog.Logger     // default slog.Default()
}

// DefaultMaxAttachmentBytes is the attachment size limit when Options leaves it zero.
const DefaultMaxAttachmentBytes = 25 << 20

// Store is the desk's storage on one engine. It is safe for concurrent use.
type Store struct {
	engine string  // "sqlite" or "postgres"
	rdb    *sql.DB // reads
	wdb    *sql.DB // writes (SQLite: exactly one connection)
	blobs  *blob.Store
	opt    Options
	log    *slog.Logger
	writer *writer        // SQLite group commit; nil on PostgreSQL
	ckpt   *checkpointer  // SQLite's background checkpoints (sqlite_checkpoint.go)
	search *searchIndexer // SQLite's full-text index, in its own file (sqlite_search.go)
	auth   *authCache
	cals   calendarCache // built business calendars (commitments)

	pendingMu sync.Mutex
	pending   map[string]int // blobs referenced by writes in flight

	mail mailState   // the email channel's job enqueuer (mail_jobs.go)
	bg   bgRecompute // who recomputes stale clocks (commit_recompute.go)
}

// Open connects to the database named by url: "postgres://..." or
// "postgresql://..." selects PostgreSQL; "sqlite:PATH", "file:PATH" or a bare
// path selects SQLite, creating the file's directory if missing. It does not
// migrate. It fails if the database cannot be reached or the blob directory
// cannot be created.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	if opt.MaxAttachmentBytes <= 0 {
		opt.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Store{opt: opt, log: opt.Logger, pending: map[string]int{}, auth: newAuthCache()}
	var err error
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		err = s.openPostgres(ctx, url)
	} else {
		err = s.openSQLite(ctx, url)
	}
	if err != nil {
		return nil, err
	}
	if s.blobs, err = blob.New(s.opt.BlobDir); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	return s, nil
}

// sqlitePath returns the file path of a SQLite URL.
func sqlitePath(url string) string {
	p := url
	for _, prefix := range []string{"sqlite://", "sqlite:", "file://", "file:"} {
		if strings.HasPrefix(p, prefix) {
			p = strings.TrimPrefix(p, prefix)
			break
		}
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// writerCacheKiB is the SQLite writer's page cache.
const writerCacheKiB = 16 << 10

func (s *Store) openSQLite(ctx context.Context, url string) error {
	path := sqlitePath(url)
	if path == "" {
		return errors.New("store: open: empty SQLite path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("store: open: %w", err)
	}
	if s.opt.BlobDir == "" {
		s.opt.BlobDir = filepath.Join(filepath.Dir(path), "blobs")
	}
	s.engine = "sqlite"
	// Durable (synchronous FULL), WAL, foreign keys. Page caches stay small
	// (16 MiB for the writer; 8 MiB per reader, half for this file and half
	// for the search file; 2 MiB for the indexer; no memory map): the
	// operating system already caches the files, and larger caches only
	// duplicated it — at 100,000 requests they doubled the serving RSS (421 →
	// 202 MiB) without making listing or search faster, and the search file's
	// own 8 MiB caches added 46 MiB at 200,000 (guichet bench, BENCHMARKS.md).
	//
	// The writer keeps its temporary files on disk (temp_store FILE): with
	// them in memory SQLite truncates the statement sub-journal of an open
	// savepoint by walking it from the start at every statement, quadratic
	// in the savepoint's size (59% of the CPU of a bulk load of 5,000
	// requests, 7% of API creation). On disk the sub-journal spills to an
	// unsynced temporary file past 64 KiB and is never walked. Readers keep
	// theirs in memory (sorts).
	common := "_busy_timeout=10000&_foreign_keys=1&_journal_mode=WAL&_synchronous=FULL"
	// The write connection keeps its statements prepared (sqlite_stmts.go).
	s.wdb = openCachingSQLite("file:" + path + "?" + common + "&_txlock=immediate&_pragma=temp_store(file)" +
		"&_pragma=cache_size(" + fmt.Sprint(-writerCacheKiB) + ")" +
		"&_pragma=wal_autocheckpoint(" + fmt.Sprint(writerCheckpointPages) + ")")
	var err error
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetMaxIdleConns(1)
	s.wdb.SetConnMaxLifetime(0)
	s.wdb.SetConnMaxIdleTime(0)
	if err := s.wdb.PingContext(ctx); err != nil {
		s.wdb.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	// The full-text index has a file and a writer of its own (sqlite_search.go).
	if s.search, err = openSearchIndex(ctx, s, searchPath(path)); err != nil {
		s.wdb.Close()
		return fmt.Errorf("store: open: %w", err)
	}
	s.rdb = sql.OpenDB(attachingConnector{dsn: "file:" + path + "?" + common +
		"&_query_only=1&_pragma=temp_store(memory)&_pragma=cache_size(-4096)", search: searchPath(path),
		drv: &sqlite.Driver{}})
	s.rdb.SetMaxOpenConns(8)
	s.rdb.SetMaxIdleConns(8)
	if s.ckpt, err = startCheckpointer(ctx, "file:"+path+"?"+common, s.log); err != nil {
		s.rdb.Close()
		s.search.stop()
		s.wdb.Close()
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	s.writer = newWriter(s.wdb, s.log)
	s.writer.committed = s.search.notify
	s.mail.kick = make(chan struct{}, 1) // mail_jobs.go
	return nil
}

func (s *Store) openPostgres(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("store: open: %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fmt.Errorf("store: open postgres: %w", err)
	}
	if s.opt.BlobDir == "" {
		s.opt.BlobDir = filepath.Join("guichet-data", "blobs")
	}
	s.engine = "postgres"
	s.rdb, s.wdb = db, db
	return nil
}

// Close stops the writer and closes the database. It returns the first
// error met while closing.
func (s *Store) Close() error {
	if s.writer != nil {
		s.writer.stop()
	}
	var err error
	if s.ckpt != nil {
		err = s.ckpt.stop()
	}
	if s.search != nil {
		if err2 := s.search.stop(); err == nil {
			err = err2
		}
	}
	if err2 := s.wdb.Close(); err == nil {
		err = err2
	}
	if s.rdb != s.wdb {
		if err2 := s.rdb.Close(); err == nil {
			err = err2
		}
	}
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Engine returns "sqlite" or "postgres".
func (s *Store) Engine() string { return s.engine }

// Ping checks that the database answers; it returns the driver's error if not.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// PoolStats returns the statistics of the "read" and "write" connection pools
// (the same pool twice on PostgreSQL) and, on SQLite, of the search index's
// "search".
func (s *Store) PoolStats() map[string]sql.DBStats {
	m := map[string]sql.DBStats{"read": s.rdb.Stats(), "write": s.wdb.Stats()}
	if s.search != nil {
		m["search"] = s.search.db.Stats() // SQLite's indexer (sqlite_search.go)
	}
	return m
}

// IsEmpty reports whether there are no requests and no people yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx,
		`SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM requests LIMIT 1) r) + (SELECT COUNT(*) FROM (SELECT 1 FROM people LIMIT 1) p)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: is empty: %w", err)
	}
	return n == 0, nil
}

// now returns the current time, UTC, at the microsecond precision both engines keep.
func (s *Store) now() time.Time { return s.opt.Now().UTC().Truncate(time.Microsecond) }
