package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// loginFailuresKept is how long failed sign-ins are remembered at most.
const loginFailuresKept = 24 * time.Hour

// LoginFailures counts the failed sign-ins recorded under key within window.
func (s *Store) LoginFailures(ctx context.Context, key []byte, window time.Duration) (int, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM web_login_failures WHERE key_hash = $1 AND at > $2`,
		key, s.tv(s.now().Add(-window))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: login failures: %w", err)
	}
	return n, nil
}

// RecordLoginFailure records one failed sign-in under key, forgetting those
// older than a day.
func (s *Store) RecordLoginFailure(ctx context.Context, key []byte) error {
	now := s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_login_failures WHERE at < $1`, s.tv(now.Add(-loginFailuresKept))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO web_login_failures (key_hash, at) VALUES ($1, $2)`, key, s.tv(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record login failure: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failures under key (after a good sign-in).
func (s *Store) ClearLoginFailures(ctx context.Context, key []byte) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM web_login_failures WHERE key_hash = $1`, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}
