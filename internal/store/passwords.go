package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"guichet/internal/desk"
)

// SetPassword stores a bcrypt hash of password for the agent; an empty
// password clears it (no password login). It returns CodeNotFound if the
// person is not an agent and CodeInvalid ("password") for fewer than 8 or more
// than 72 bytes. Callers decide who may set passwords.
func (s *Store) SetPassword(ctx context.Context, personID int64, password string) error {
	var hash any
	if password != "" {
		if len(password) < 8 || len(password) > 72 {
			return desk.Invalid("password", "must be 8 to 72 bytes long")
		}
		h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		hash = string(h)
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE agents SET password_hash = $1 WHERE person_id = $2`, hash, personID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return desk.NotFound("agent")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	return nil
}

// noPasswordHash is a bcrypt hash of nothing anyone types, compared when there is
// no real hash to compare.
var noPasswordHash = []byte("$2a$10$6FqDuE3xR3ktpAHAfz0Lse/WjK32E2cUI0LDVK8Se3isvMXG.lsW2")

// CheckPassword returns the actor of the active agent with that email and
// password. Any mismatch (unknown email, not an agent, inactive, no password,
// wrong password) is CodeUnauthorized, without saying which.
func (s *Store) CheckPassword(ctx context.Context, email, password string) (desk.Actor, error) {
	unauthorized := desk.Errorf(desk.CodeUnauthorized, "unknown email or wrong password")
	var personID int64
	var hash sql.NullString
	err := s.rdb.QueryRowContext(ctx, `SELECT a.person_id, a.password_hash FROM person_emails e
		JOIN agents a ON a.person_id = e.person_id WHERE e.email = $1 AND a.active`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&personID, &hash)
	if err != nil && !isNoRows(err) {
		return desk.Actor{}, fmt.Errorf("store: check password: %w", err)
	}
	if !hash.Valid { // compare anyway, so that timing does not tell which emails are agents
		_ = bcrypt.CompareHashAndPassword(noPasswordHash, []byte(password))
		return desk.Actor{}, unauthorized
	}
	if bcrypt.CompareHashAndPassword([]byte(hash.String), []byte(password)) != nil {
		return desk.Actor{}, unauthorized
	}
	return s.ActorFor(ctx, personID)
}
