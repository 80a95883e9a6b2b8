package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"guichet/internal/desk"
)

// tokenPrefix marks Guichet API tokens so that leaked ones are easy to spot.
const tokenPrefix = "gch_"

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateToken issues a new API token for the person and returns it in clear,
// once; only its SHA-256 is stored. It returns CodeNotFound for an unknown
// person and CodeInvalid for a name over 100 characters. Callers decide who
// may issue tokens.
func (s *Store) CreateToken(ctx context.Context, personID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 100 {
		return "", desk.Invalid("name", "must be at most 100 characters of text")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if !s.exists(ctx, tx, `SELECT 1 FROM people WHERE id = $1`, personID) {
			return desk.NotFound("person")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (person_id, name, hash, created_at) VALUES ($1, $2, $3, $4)`,
			personID, name, hashToken(token), s.tv(s.now()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	return token, nil
}

// Authenticate returns the actor owning token. An unknown token, or one of an
// agent who was deactivated, is CodeUnauthorized.
func (s *Store) Authenticate(ctx context.Context, token string) (desk.Actor, error) {
	unauthorized := desk.Errorf(desk.CodeUnauthorized, "unknown or revoked token")
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return desk.Actor{}, unauthorized
	}
	hash := hashToken(token)
	if a, ok := s.auth.get(hash); ok {
		return a, nil
	}
	var personID int64
	var active sql.NullBool
	err := s.rdb.QueryRowContext(ctx, `SELECT t.person_id, a.active FROM api_tokens t
		LEFT JOIN agents a ON a.person_id = t.person_id WHERE t.hash = $1`, hash).Scan(&personID, &active)
	if isNoRows(err) {
		return desk.Actor{}, unauthorized
	}
	if err != nil {
		return desk.Actor{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if active.Valid && !active.Bool {
		return desk.Actor{}, unauthorized
	}
	a, err := s.ActorFor(ctx, personID)
	if err != nil {
		return desk.Actor{}, err
	}
	s.auth.put(hash, a)
	return a, nil
}

// ActorFor returns the actor for a person: an active agent acts with their
// role and departments; anyone else (including a deactivated agent) acts as a
// requester, with their organisation. CodeNotFound for an unknown person.
func (s *Store) ActorFor(ctx context.Context, personID int64) (desk.Actor, error) {
	a, err := s.actorFor(ctx, s.rdb, personID)
	if err != nil {
		return desk.Actor{}, fmt.Errorf("store: actor: %w", err)
	}
	return a, nil
}

func (s *Store) actorFor(ctx context.Context, q querier, personID int64) (desk.Actor, error) {
	var a desk.Actor
	var role sql.NullString
	var active sql.NullBool
	var shared sql.NullBool
	err := q.QueryRowContext(ctx, `SELECT p.id, p.name, p.language, p.organisation_id, o.shared_requests, ag.role, ag.active
		FROM people p LEFT JOIN agents ag ON ag.person_id = p.id LEFT JOIN organisations o ON o.id = p.organisation_id
		WHERE p.id = $1`, personID).Scan(&a.PersonID, &a.Name, &a.Language, nullID{&a.OrganisationID}, &shared, &role, &active)
	if isNoRows(err) {
		return desk.Actor{}, desk.NotFound("person")
	}
	if err != nil {
		return desk.Actor{}, err
	}
	if role.Valid && active.Bool {
		a.Role, a.OrganisationID = desk.Role(role.String), nil
		ag, err := s.agent(ctx, q, personID)
		if err != nil {
			return desk.Actor{}, err
		}
		a.DepartmentIDs = ag.DepartmentIDs
		return a, nil
	}
	a.OrgShared = shared.Bool
	return a, nil
}
