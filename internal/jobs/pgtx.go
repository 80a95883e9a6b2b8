package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// errStoreOwned is returned when a job library tries to end the store's
// transaction: only the store commits or rolls it back.
var errStoreOwned = errors.New("jobs: the store's transaction is committed by the store")

// connTx presents the store's PostgreSQL transaction (database/sql over pgx
// stdlib) as a pgx.Tx, so that River's pgx driver inserts jobs in it: every
// statement runs on the very connection that holds the transaction. Nested
// transactions are savepoints; Commit and Rollback of the outer one are
// refused.
type connTx struct {
	c    *pgx.Conn
	next *int // savepoint counter shared with nested transactions
}

var _ pgx.Tx = (*connTx)(nil)

func newConnTx(c *pgx.Conn) *connTx { return &connTx{c: c, next: new(int)} }

// Begin opens a savepoint inside the transaction.
func (t *connTx) Begin(ctx context.Context) (pgx.Tx, error) {
	*t.next++
	name := fmt.Sprintf("guichet_jobs_%d", *t.next)
	if _, err := t.c.Exec(ctx, "SAVEPOINT "+name); err != nil {
		return nil, err
	}
	return &savepointTx{connTx: t, name: name}, nil
}

func (t *connTx) Commit(context.Context) error   { return errStoreOwned }
func (t *connTx) Rollback(context.Context) error { return errStoreOwned }

func (t *connTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return t.c.CopyFrom(ctx, table, cols, src)
}

func (t *connTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.c.SendBatch(ctx, b)
}

func (t *connTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }

func (t *connTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.c.Prepare(ctx, name, sql)
}

func (t *connTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.c.Exec(ctx, sql, args...)
}

func (t *connTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.c.Query(ctx, sql, args...)
}

func (t *connTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.c.QueryRow(ctx, sql, args...)
}

func (t *connTx) Conn() *pgx.Conn { return t.c }

// savepointTx is a nested transaction: a savepoint of the store's one.
type savepointTx struct {
	*connTx
	name string
	done bool
}

// Commit releases the savepoint.
func (t *savepointTx) Commit(ctx context.Context) error {
	if t.done {
		return pgx.ErrTxClosed
	}
	t.done = true
	_, err := t.c.Exec(ctx, "RELEASE SAVEPOINT "+t.name)
	return err
}

// Rollback rolls back to the savepoint; safe after Commit.
func (t *savepointTx) Rollback(ctx context.Context) error {
	if t.done {
		return pgx.ErrTxClosed
	}
	t.done = true
	_, err := t.c.Exec(ctx, "ROLLBACK TO SAVEPOINT "+t.name)
	return err
}
