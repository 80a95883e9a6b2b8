package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"guichet/internal/desk"
)

// dummyHash is a bcrypt hash (default cost) of a password nobody uses. An
// unknown address is checked against it so that it takes as long as a wrong
// password.
const dummyHash = "$2a$10$Dor5VljItrqsJmJwsG4svudcwBhxvCBiE5TVCOGZ7XhLoaDMnV.rG"

// loginFailuresKept is how long failed sign-ins are remembered at most.
const loginFailuresKept = 24 * time.Hour

// CheckLogin returns the actor of the active agent with that email and
// password, in the same time whether the address is unknown, belongs to no
// agent, has no password or the password is wrong: it always compares one
// bcrypt hash. Any mismatch is CodeUnauthorized, without saying which.
func (s *Store) CheckLogin(ctx context.Context, email, password string) (desk.Actor, error) {
	unauthorized := desk.Errorf(desk.CodeUnauthorized, "unknown email or wrong password")
	var personID int64
	var stored sql.NullString
	err := s.rdb.QueryRowContext(ctx, `SELECT a.person_id, a.password_hash FROM person_emails e
		JOIN agents a ON a.person_id = e.person_id WHERE e.email = $1 AND a.active`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&personID, &stored)
	if err != nil && !isNoRows(err) {
		return desk.Actor{}, fmt.Errorf("store: check login: %w", err)
	}
	hash, found := dummyHash, err == nil && stored.Valid
	if found {
		hash = stored.String
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || !found {
		return desk.Actor{}, unauthorized
	}
	a, err := s.ActorFor(ctx, personID)
	if err != nil {
		return desk.Actor{}, fmt.Errorf("store: check login: %w", err)
	}
	return a, nil
}

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
