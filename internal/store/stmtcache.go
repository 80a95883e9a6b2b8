package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache (SQL built with a variable
// number of placeholders stays uncached past it).
const maxCachedStmts = 256

// stmtCache keeps SQLite's write statements prepared on the single write
// connection: preparing costs more than running most of them. A statement
// seen inside a transaction (when the connection is busy) is run unprepared
// and queued; the writer prepares the queue between batches, when the
// connection is free. PostgreSQL needs none: pgx caches statements per
// connection.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement for query, or nil (queuing it).
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts)+len(c.pending) < maxCachedStmts {
		c.pending[query] = true
	}
	return nil
}

// prepare prepares the queued statements; the write connection must be free.
func (c *stmtCache) prepare(ctx context.Context) {
	c.mu.Lock()
	queue := c.pending
	c.pending = map[string]bool{}
	c.mu.Unlock()
	for q := range queue {
		st, err := c.db.PrepareContext(ctx, q)
		if err != nil {
			continue // it keeps running unprepared
		}
		c.mu.Lock()
		c.stmts[q] = st
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// cachedTx runs statements of a write transaction through the cache.
type cachedTx struct {
	c  *stmtCache
	tx *sql.Tx
}

func (t cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.c.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.c.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.c.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// wq returns the querier a write operation should use for tx: through the
// statement cache on SQLite, tx itself on PostgreSQL.
func (s *Store) wq(tx *sql.Tx) querier {
	if s.writer == nil {
		return tx
	}
	return cachedTx{c: s.writer.cache, tx: tx}
}
