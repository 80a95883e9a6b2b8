package store

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"

	"modernc.org/sqlite"
)

// maxConnStmts bounds the statements a write connection keeps prepared; the
// least recently used one is closed past it.
const maxConnStmts = 128

// The SQLite write connection keeps every statement it runs prepared, keyed
// by its text. database/sql prepares a statement afresh for every
// Exec/Query on a connection, and the job library (River) runs its
// statements that way on the store's write connection: preparing its job
// completion was a third of the CPU of mail delivery. The store's own write
// statements run the same way (tx.ExecContext with their text): a
// database/sql statement bound to each transaction (tx.StmtContext) cost
// more than this lookup, 13% of the writer's CPU per request creation
// (BenchmarkCreateRequestParallel/sqlite).

// stmtConnector opens SQLite connections that cache their statements.
type stmtConnector struct {
	dsn string
	drv *sqlite.Driver
}

// openCachingSQLite returns a database handle whose connections keep their
// statements prepared (see cachingConn).
func openCachingSQLite(dsn string) *sql.DB {
	return sql.OpenDB(stmtConnector{dsn: dsn, drv: &sqlite.Driver{}})
}

func (c stmtConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{conn: conn, stmts: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c stmtConnector) Driver() driver.Driver { return c.drv }

// sqliteConn is what cachingConn needs of the driver's connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is a driver connection that runs Exec and Query through
// statements it keeps prepared. A statement whose rows are still being read
// is busy: running the same text meanwhile prepares a one-off statement.
// database/sql uses a connection from one goroutine at a time, so it needs
// no lock.
type cachingConn struct {
	conn  driver.Conn
	stmts map[string]*list.Element // of *connStmt
	lru   *list.List               // front: most recently used
}

type connStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool
}

var errNotSQLiteConn = errors.New("store: the SQLite driver's connection lacks a method the statement cache needs")

func (c *cachingConn) base() (sqliteConn, error) {
	b, ok := c.conn.(sqliteConn)
	if !ok {
		return nil, errNotSQLiteConn
	}
	return b, nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.conn.Prepare(query) }

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	b, err := c.base()
	if err != nil {
		return nil, err
	}
	return b.PrepareContext(ctx, query)
}

func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, err := c.base()
	if err != nil {
		return nil, err
	}
	return b.BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error {
	b, err := c.base()
	if err != nil {
		return err
	}
	return b.Ping(ctx)
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	b, err := c.base()
	if err != nil {
		return err
	}
	return b.ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool {
	b, err := c.base()
	return err == nil && b.IsValid()
}

// Close closes the cached statements, then the connection.
func (c *cachingConn) Close() error {
	for e := c.lru.Front(); e != nil; e = e.Next() {
		_ = e.Value.(*connStmt).stmt.Close()
	}
	c.stmts, c.lru = map[string]*list.Element{}, list.New()
	return c.conn.Close()
}

// ExecContext runs query through its cached statement.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, b, err := c.take(ctx, query)
	switch {
	case err != nil:
		return nil, err
	case cs == nil:
		return b.ExecContext(ctx, query, args)
	}
	defer func() { cs.busy = false }()
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs query through its cached statement, which stays busy
// until its rows are closed.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, b, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return b.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		cs.busy = false
		return nil, err
	}
	return &cachedRows{Rows: rows, cs: cs}, nil
}

// take returns query's cached statement marked busy, preparing it if
// needed, or nil when it is busy (the caller runs query unprepared on b).
func (c *cachingConn) take(ctx context.Context, query string) (*connStmt, sqliteConn, error) {
	b, err := c.base()
	if err != nil {
		return nil, nil, err
	}
	if e, ok := c.stmts[query]; ok {
		cs := e.Value.(*connStmt)
		if cs.busy {
			return nil, b, nil
		}
		c.lru.MoveToFront(e)
		cs.busy = true
		return cs, b, nil
	}
	st, err := b.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	_, canExec := st.(driver.StmtExecContext)
	_, canQuery := st.(driver.StmtQueryContext)
	if !canExec || !canQuery {
		st.Close()
		return nil, b, nil
	}
	cs := &connStmt{query: query, stmt: st, busy: true}
	c.stmts[query] = c.lru.PushFront(cs)
	c.evict()
	return cs, b, nil
}

// evict closes the least recently used idle statements past the bound.
func (c *cachingConn) evict() {
	for e := c.lru.Back(); e != nil && c.lru.Len() > maxConnStmts; {
		prev := e.Prev()
		if cs := e.Value.(*connStmt); !cs.busy {
			_ = cs.stmt.Close()
			c.lru.Remove(e)
			delete(c.stmts, cs.query)
		}
		e = prev
	}
}

// cachedRows frees its statement for the next use when closed, and passes
// the driver's column type information through.
type cachedRows struct {
	driver.Rows
	cs     *connStmt
	closed bool
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if !r.closed {
		r.closed, r.cs.busy = true, false
	}
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}
