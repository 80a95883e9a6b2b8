package store

import (
	"context"
	"database/sql"
	"sync"
)

// mailReads runs the email channel's hot read queries (ingest pre-checks,
// outbox reads) as prepared statements on the read pool: parsing them costs
// more than running them. It implements querier.
type mailReads struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxMailStmts bounds the cache (queries with a variable number of
// placeholders past it run unprepared).
const maxMailStmts = 64

func (m *mailReads) stmt(ctx context.Context, query string) *sql.Stmt {
	m.mu.Lock()
	defer m.mu.Unlock()
	if st, ok := m.stmts[query]; ok {
		return st
	}
	if len(m.stmts) >= maxMailStmts {
		return nil
	}
	st, err := m.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if m.stmts == nil {
		m.stmts = map[string]*sql.Stmt{}
	}
	m.stmts[query] = st
	return st
}

func (m *mailReads) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := m.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return m.db.QueryRowContext(ctx, query, args...)
}

func (m *mailReads) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := m.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return m.db.QueryContext(ctx, query, args...)
}

func (m *mailReads) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return m.db.ExecContext(ctx, query, args...)
}

// reads returns the prepared read querier, set up on first use.
func (s *Store) reads() *mailReads {
	s.mail.readsOnce.Do(func() { s.mail.reads = &mailReads{db: s.rdb} })
	return s.mail.reads
}
