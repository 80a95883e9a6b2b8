package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"guichet/internal/desk"
)

// CountRows returns the number of rows of a table, for tests that check that
// a failed write left nothing behind.
func (s *Store) CountRows(t interface{ Fatal(...any) }, table string) int {
	var n int
	if err := s.rdb.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BlobDir returns the attachments directory.
func (s *Store) BlobDir() string { return s.blobs.Dir() }

// ListSQL returns the query ListRequests would run first, with its arguments.
func (s *Store) ListSQL(a desk.Actor, f desk.RequestFilter) (string, []any, error) {
	qs, args, err := s.ListSteps(a, f)
	if err != nil || len(qs) == 0 {
		return "", nil, err
	}
	return qs[0], args[0], nil
}

// ListSteps returns every query ListRequests may run for f, in turn, with
// their arguments (two for the "due soonest" order).
func (s *Store) ListSteps(a desk.Actor, f desk.RequestFilter) ([]string, [][]any, error) {
	p, err := s.planListFor(context.Background(), a, f)
	if err != nil || p == nil {
		return nil, nil, err
	}
	var qs []string
	var args [][]any
	for _, b := range p.steps {
		b.limit = p.limit + 1
		qs = append(qs, b.build())
		args = append(args, b.args)
	}
	return qs, args, nil
}

// Explain returns SQLite's query plan for query.
func (s *Store) Explain(query string, args ...any) (string, error) {
	rows, err := s.rdb.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		out = append(out, detail)
	}
	return strings.Join(out, "\n"), rows.Err()
}

// QueueMailTo queues m in a write of its own, as a feature would inside its change.
func (s *Store) QueueMailTo(ctx context.Context, m OutgoingMail) (int64, error) {
	var id int64
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = s.queueMailTo(ctx, tx, m)
		return err
	})
	return id, err
}

// DueQueries returns the timers' what-is-due queries with the index each
// must use.
func DueQueries() map[string]string {
	index := map[fireKind]string{fireBreach: "commit_clocks_breach", fireAtRisk: "commit_clocks_at_risk",
		firePromiseBroken: "promises_broken", firePromiseDue: "promises_remind", fireStep: "escalations_due"}
	out := map[string]string{}
	for k, q := range dueQueries {
		out[q] = index[k]
	}
	return out
}

// SetRareTag makes a tag rare below n requests until the test ends, so that
// tests reach both ways of listing by tag.
func SetRareTag(t interface{ Cleanup(func()) }, n int) {
	old := rareTag
	rareTag = n
	t.Cleanup(func() { rareTag = old })
}

// QueryRowForTest reads one row through the read pool.
func (s *Store) QueryRowForTest(query string, args ...any) *sql.Row {
	return s.rdb.QueryRowContext(context.Background(), query, args...)
}

// SetSearchWindows sets PostgreSQL's search windows until the test ends.
func SetSearchWindows(t interface{ Cleanup(func()) }, sizes ...int) {
	old := pgSearchWindows
	pgSearchWindows = sizes
	t.Cleanup(func() { pgSearchWindows = old })
}

// SearchTerms returns request number's stored search terms (public side,
// internal side) and those an analysis of its whole conversation gives.
func (s *Store) SearchTerms(t interface{ Fatal(...any) }, number int64) (stored, whole [2]string) {
	err := s.rdb.QueryRowContext(context.Background(), `SELECT pub, priv FROM request_terms WHERE number = $1`,
		number).Scan(&stored[0], &stored[1])
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.wholeDoc(context.Background(), s.rdb, number)
	if err != nil {
		t.Fatal(err)
	}
	return stored, [2]string{joinTerms(d.pub), joinTerms(d.priv)}
}

// ForgetSearchTerms deletes request number's stored terms, as in a database
// indexed before they were kept.
func (s *Store) ForgetSearchTerms(t interface{ Fatal(...any) }, number int64) {
	err := s.write(context.Background(), func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM request_terms WHERE number = $1`, number)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// MaxDocTerms is maxDocTerms, for tests of the bound.
const MaxDocTerms = maxDocTerms

// WaitSearchBuilt is WaitSearchIndex, bounded to 30 s.
func (s *Store) WaitSearchBuilt(t interface{ Fatal(...any) }) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.WaitSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
}
