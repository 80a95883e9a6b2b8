package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// querier is what reads need: the read pool or a write transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// write runs fn as one atomic write and returns once it is durable (nil) or
// rolled back (fn's error, or the commit's). On SQLite it goes through the
// group-commit writer; on PostgreSQL it runs in its own transaction on the
// pool, again if fn asks for a retry (errRetry) after losing a race.
func (s *Store) write(ctx context.Context, fn txFunc) error {
	if s.writer != nil {
		return s.writer.do(ctx, fn)
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = s.writePG(ctx, fn)
		if !errors.Is(err, errRetry) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 2 * time.Millisecond)
	}
	return err
}

func (s *Store) writePG(ctx context.Context, fn txFunc) error {
	// The transaction runs on a connection of its own so that a job library
	// can reach the driver connection inside it (Tx.Raw, mail_jobs.go).
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(context.WithValue(ctx, connKey{}, conn), tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
