package store

import (
	"context"
	"database/sql"
	"fmt"

	"guichet/internal/desk"
)

const orgColumns = `id, name, domain, shared_requests, created_at`

func scanOrg(sc interface{ Scan(...any) error }) (desk.Organisation, error) {
	var o desk.Organisation
	err := sc.Scan(&o.ID, &o.Name, &o.Domain, &o.SharedRequests, timeScan{&o.CreatedAt})
	return o, err
}

// CreateOrganisation adds o and sets its ID and CreatedAt. It returns
// CodeForbidden for non-admins, CodeInvalid for bad input and CodeConflict
// when another organisation has the same domain.
func (s *Store) CreateOrganisation(ctx context.Context, a desk.Actor, o *desk.Organisation) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage organisations")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	o.CreatedAt = s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO organisations (name, domain, shared_requests, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, o.Name, o.Domain, o.SharedRequests, s.tv(o.CreatedAt)).Scan(&o.ID)
	})
	if err != nil {
		return fmt.Errorf("store: create organisation: %w", mapErr(err, "domain", "another organisation has this domain"))
	}
	return nil
}

// Organisation returns one organisation. Agents read any; a requester only
// their own. CodeNotFound otherwise.
func (s *Store) Organisation(ctx context.Context, a desk.Actor, id int64) (*desk.Organisation, error) {
	if !a.IsAgent() && (a.OrganisationID == nil || *a.OrganisationID != id) {
		return nil, desk.NotFound("organisation")
	}
	o, err := scanOrg(s.rdb.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, desk.NotFound("organisation")
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation: %w", err)
	}
	return &o, nil
}

// Organisations lists organisations by name: all for agents, a requester's
// own only.
func (s *Store) Organisations(ctx context.Context, a desk.Actor) ([]desk.Organisation, error) {
	q, args := `SELECT `+orgColumns+` FROM organisations ORDER BY name, id`, []any{}
	if !a.IsAgent() {
		if a.OrganisationID == nil {
			return []desk.Organisation{}, nil
		}
		q, args = `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, []any{*a.OrganisationID}
	}
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	defer rows.Close()
	out := []desk.Organisation{}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("store: organisations: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	return out, nil
}

// UpdateOrganisation saves o's name, domain and sharing. It returns
// CodeForbidden for non-admins, CodeInvalid for bad input, CodeNotFound for an
// unknown id and CodeConflict for a domain already used.
func (s *Store) UpdateOrganisation(ctx context.Context, a desk.Actor, o *desk.Organisation) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage organisations")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE organisations SET name = $1, domain = $2, shared_requests = $3
			WHERE id = $4 RETURNING created_at`, o.Name, o.Domain, o.SharedRequests, o.ID).Scan(timeScan{&o.CreatedAt})
		if isNoRows(err) {
			return desk.NotFound("organisation")
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: update organisation: %w", mapErr(err, "domain", "another organisation has this domain"))
	}
	s.auth.forget()
	return nil
}

// DeleteOrganisation removes an organisation. It returns CodeForbidden for
// non-admins, CodeNotFound for an unknown id and CodeConflict while people or
// requests belong to it.
func (s *Store) DeleteOrganisation(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage organisations")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE organisation_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return desk.Errorf(desk.CodeConflict, "%d people still belong to this organisation", n)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM organisations WHERE id = $1`, id)
		if err != nil {
			return mapErr(err, "", "requests still belong to this organisation")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return desk.NotFound("organisation")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete organisation: %w", err)
	}
	s.auth.forget()
	return nil
}
