package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// TokenInfo describes an issued API token without the token itself, which
// only its holder knows.
type TokenInfo struct {
	ID        int64
	PersonID  int64
	Person    string // the holder's name
	Name      string // what the token is for
	CreatedAt time.Time
}

// Tokens lists every API token, newest first. It returns CodeForbidden for
// non-admins.
func (s *Store) Tokens(ctx context.Context, a desk.Actor) ([]TokenInfo, error) {
	if !a.IsAdmin() {
		return nil, desk.Forbidden("only admins manage API tokens")
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT t.id, t.person_id, p.name, t.name, t.created_at
		FROM api_tokens t JOIN people p ON p.id = t.person_id ORDER BY t.created_at DESC, t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	out := []TokenInfo{}
	for rows.Next() {
		var t TokenInfo
		if err := rows.Scan(&t.ID, &t.PersonID, &t.Person, &t.Name, timeScan{&t.CreatedAt}); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	return out, nil
}

// RevokeToken deletes an API token: it stops working at once. It returns
// CodeForbidden for non-admins and CodeNotFound for an unknown id.
func (s *Store) RevokeToken(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage API tokens")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return desk.NotFound("token")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	s.auth.forget()
	return nil
}
