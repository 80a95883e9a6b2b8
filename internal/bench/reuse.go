package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"time"

	"guichet/internal/store"
)

// reuseDatabase opens the SQLite data set a previous run kept (--keep) at
// path, to measure it again without generating it: it is never removed, and
// each run adds its API creations to it.
func reuseDatabase(path string) (*database, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("bench: reuse: %w", err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("bench: reuse: %w", err)
	}
	return &database{url: path, where: path, raw: raw, files: store.SQLiteFiles(path), reused: true}, nil
}

// loadDirectory reads back the departments, agents and requesters of a kept
// data set.
func loadDirectory(ctx context.Context, st *store.Store, raw *sql.DB) (*directory, error) {
	d := &directory{agentsByDept: map[int64][]int64{}}
	if err := collect(ctx, raw, `SELECT id FROM departments ORDER BY id`, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		d.deptIDs = append(d.deptIDs, id)
		return err
	}); err != nil {
		return nil, err
	}
	if err := collect(ctx, raw, `SELECT a.person_id, m.department_id FROM agents a
		LEFT JOIN agent_departments m ON m.person_id = a.person_id ORDER BY a.person_id`, func(r *sql.Rows) error {
		var id int64
		var dep sql.NullInt64
		if err := r.Scan(&id, &dep); err != nil {
			return err
		}
		if n := len(d.agentIDs); n == 0 || d.agentIDs[n-1] != id {
			d.agentIDs = append(d.agentIDs, id)
		}
		if dep.Valid {
			d.agentsByDept[dep.Int64] = append(d.agentsByDept[dep.Int64], id)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := collect(ctx, raw, `SELECT p.id, e.email FROM people p JOIN person_emails e ON e.person_id = p.id AND e.position = 0
		WHERE p.id NOT IN (SELECT person_id FROM agents) ORDER BY p.id`, func(r *sql.Rows) error {
		var id int64
		var email string
		err := r.Scan(&id, &email)
		d.requesters, d.emails = append(d.requesters, id), append(d.emails, email)
		return err
	}); err != nil {
		return nil, err
	}
	if len(d.deptIDs) < 2 || len(d.agentIDs) == 0 || len(d.requesters) == 0 {
		return nil, fmt.Errorf("bench: reuse: not a bench data set (%d departments, %d agents, %d requesters)",
			len(d.deptIDs), len(d.agentIDs), len(d.requesters))
	}
	a, err := st.ActorFor(ctx, d.agentIDs[len(d.agentIDs)-1])
	if err != nil {
		return nil, fmt.Errorf("bench: actor: %w", err)
	}
	d.worker = a
	return d, nil
}

// collect runs query and calls fn for each row.
func collect(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("bench: reuse: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("bench: reuse: %w", err)
		}
	}
	return rows.Err()
}

// warmCache reads the data set's files once, so that a reused data set is
// measured as a freshly generated one is, from the operating system's cache
// (this machine's memory reclaim evicts files left cold for a while). It
// returns the bytes read and the time it took.
func warmCache(files []string) (int64, time.Duration, error) {
	t0 := time.Now()
	var n int64
	for _, f := range files {
		fh, err := os.Open(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return n, 0, fmt.Errorf("bench: warm cache: %w", err)
		}
		m, err := io.Copy(io.Discard, fh)
		fh.Close()
		n += m
		if err != nil {
			return n, 0, fmt.Errorf("bench: warm cache: %w", err)
		}
	}
	return n, time.Since(t0), nil
}
