package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// Kinds of web session: what the person of a session acts as. An agent who
// signs in to the requester portal gets a requester session and acts there as
// a requester only.
const (
	WebSessionAgent     = "agent"
	WebSessionRequester = "requester"
)

// sessionTouchEvery throttles the idle-expiry extension: a session's row is
// rewritten only when that pushes its expiry back by more than this.
const sessionTouchEvery = 5 * time.Minute

// CreateWebSession records a browser session by the SHA-256 of its id, for
// the person acting as kind, valid until idle passes without use and at most
// for max. Expired sessions are pruned on the way. It returns CodeInvalid for
// a hash that is not 32 bytes, an unknown kind or idle ≤ 0 or > max, and
// CodeNotFound for an unknown person.
func (s *Store) CreateWebSession(ctx context.Context, idHash []byte, personID int64, kind string, idle, max time.Duration) error {
	switch {
	case len(idHash) != sha256.Size:
		return desk.Invalid("session", "must be a SHA-256 hash")
	case kind != WebSessionAgent && kind != WebSessionRequester:
		return desk.Invalid("kind", "must be agent or requester")
	case idle <= 0 || max < idle:
		return desk.Invalid("idle", "must be positive and at most the maximum lifetime")
	}
	now := s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires_at <= $1`, s.tv(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO web_sessions (id_hash, person_id, kind, created_at, expires_at, ends_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, idHash, personID, kind, s.tv(now), s.tv(now.Add(idle)), s.tv(now.Add(max)))
		if isForeignKey(err) {
			return desk.NotFound("person")
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: create web session: %w", err)
	}
	return nil
}

// WebSession returns the actor of the live session whose id hashes to idHash,
// and pushes its idle expiry back to idle from now (never past its absolute
// end). An agent session whose agent was deactivated ends. It returns
// CodeUnauthorized for an unknown or expired session.
func (s *Store) WebSession(ctx context.Context, idHash []byte, idle time.Duration) (desk.Actor, error) {
	unauthorized := desk.Errorf(desk.CodeUnauthorized, "no such session, or it has expired")
	now := s.now()
	var personID int64
	var kind string
	var expires, ends time.Time
	err := s.rdb.QueryRowContext(ctx, `SELECT person_id, kind, expires_at, ends_at FROM web_sessions
		WHERE id_hash = $1 AND expires_at > $2`, idHash, s.tv(now)).Scan(&personID, &kind, timeScan{&expires}, timeScan{&ends})
	if isNoRows(err) {
		return desk.Actor{}, unauthorized
	}
	if err != nil {
		return desk.Actor{}, fmt.Errorf("store: web session: %w", err)
	}
	a, err := s.actorFor(ctx, s.rdb, personID)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return desk.Actor{}, unauthorized
	}
	if err != nil {
		return desk.Actor{}, fmt.Errorf("store: web session: %w", err)
	}
	switch {
	case kind == WebSessionAgent && !a.IsAgent():
		return desk.Actor{}, unauthorized
	case kind == WebSessionRequester:
		a.Role, a.DepartmentIDs = "", nil
	}
	next := now.Add(idle)
	if next.After(ends) {
		next = ends
	}
	if next.Sub(expires) > sessionTouchEvery {
		err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE web_sessions SET expires_at = $1 WHERE id_hash = $2`, s.tv(next), idHash)
			return err
		})
		if err != nil {
			return desk.Actor{}, fmt.Errorf("store: web session: %w", err)
		}
	}
	return a, nil
}

// DeleteWebSession ends one session (sign out); an unknown hash is not an error.
func (s *Store) DeleteWebSession(ctx context.Context, idHash []byte) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE id_hash = $1`, idHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete web session: %w", err)
	}
	return nil
}

// DeleteWebSessions ends every session of a person (sign out everywhere).
func (s *Store) DeleteWebSessions(ctx context.Context, personID int64) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE person_id = $1`, personID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete web sessions: %w", err)
	}
	return nil
}
