package store

import (
	"context"
	"database/sql"
	"fmt"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

const agreementColumns = `id, name, provider_department_id, customer_department_id, contact_reason, calendar_id,
	response, resolution, active, created_at, updated_at`

func scanAgreement(sc interface{ Scan(...any) error }) (commit.Agreement, error) {
	var ag commit.Agreement
	err := sc.Scan(&ag.ID, &ag.Name, &ag.ProviderDepartmentID, nullID{&ag.CustomerDepartmentID}, &ag.ContactReason,
		nullID{&ag.CalendarID}, targetScan{&ag.Response}, targetScan{&ag.Resolution}, &ag.Active,
		timeScan{&ag.CreatedAt}, timeScan{&ag.UpdatedAt})
	return ag, err
}

// Agreements lists the internal agreements by provider department, then id.
// Agents only (CodeForbidden).
func (s *Store) Agreements(ctx context.Context, a desk.Actor) ([]commit.Agreement, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read agreements")
	}
	out, err := s.agreements(ctx, s.rdb, `1 = 1`)
	if err != nil {
		return nil, fmt.Errorf("store: agreements: %w", err)
	}
	return out, nil
}

func (s *Store) agreements(ctx context.Context, q querier, where string, args ...any) ([]commit.Agreement, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+agreementColumns+` FROM agreements WHERE `+where+
		` ORDER BY provider_department_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []commit.Agreement{}
	for rows.Next() {
		ag, err := scanAgreement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ag)
	}
	return out, rows.Err()
}

// Agreement returns one internal agreement; CodeNotFound if unknown.
func (s *Store) Agreement(ctx context.Context, a desk.Actor, id int64) (*commit.Agreement, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read agreements")
	}
	ag, err := s.agreement(ctx, s.rdb, id)
	if err != nil {
		return nil, fmt.Errorf("store: agreement: %w", err)
	}
	return ag, nil
}

func (s *Store) agreement(ctx context.Context, q querier, id int64) (*commit.Agreement, error) {
	list, err := s.agreements(ctx, q, `id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, desk.NotFound("agreement")
	}
	return &list[0], nil
}

// CreateAgreement stores a new internal agreement and fills ag's id and
// times. Admins only (CodeForbidden). Invalid input, or an unknown department
// or calendar, is CodeInvalid naming the field; an active agreement with the
// same provider, customer and contact reason is CodeConflict.
func (s *Store) CreateAgreement(ctx context.Context, a desk.Actor, ag *commit.Agreement) error {
	return s.saveAgreement(ctx, a, ag, true)
}

// UpdateAgreement replaces agreement ag.ID with ag; open consults under it
// are computed again. Errors as CreateAgreement, plus CodeNotFound.
func (s *Store) UpdateAgreement(ctx context.Context, a desk.Actor, ag *commit.Agreement) error {
	return s.saveAgreement(ctx, a, ag, false)
}

func (s *Store) saveAgreement(ctx context.Context, a desk.Actor, ag *commit.Agreement, create bool) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage agreements")
	}
	if err := ag.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		if err := s.checkAgreement(ctx, q, ag); err != nil {
			return err
		}
		if err := s.ensureDefaultCalendar(ctx, q); err != nil {
			return err
		}
		now := s.now()
		args := []any{ag.Name, ag.ProviderDepartmentID, idPtrOrNil(ag.CustomerDepartmentID), ag.ContactReason,
			idPtrOrNil(ag.CalendarID), ag.Response.String(), ag.Resolution.String(), ag.Active, s.tv(now)}
		if create {
			ag.CreatedAt, ag.UpdatedAt = now, now
			return q.QueryRowContext(ctx, `INSERT INTO agreements (name, provider_department_id, customer_department_id,
				contact_reason, calendar_id, response, resolution, active, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`, args...).Scan(&ag.ID)
		}
		cur, err := s.agreement(ctx, q, ag.ID)
		if err != nil {
			return err
		}
		ag.CreatedAt, ag.UpdatedAt = cur.CreatedAt, now
		if _, err := q.ExecContext(ctx, `UPDATE agreements SET name = $1, provider_department_id = $2,
			customer_department_id = $3, contact_reason = $4, calendar_id = $5, response = $6, resolution = $7, active = $8,
			updated_at = $9 WHERE id = $10`, append(args, ag.ID)...); err != nil {
			return err
		}
		return s.recomputeOpenConsults(ctx, q, `c.agreement_id = $1`, ag.ID)
	})
	if err != nil {
		return fmt.Errorf("store: save agreement: %w", err)
	}
	return nil
}

// checkAgreement checks what ag refers to and that no other active agreement
// covers exactly the same consults.
func (s *Store) checkAgreement(ctx context.Context, q querier, ag *commit.Agreement) error {
	if err := s.checkDepartments(ctx, q, "provider_department_id", ag.ProviderDepartmentID); err != nil {
		return err
	}
	if ag.CustomerDepartmentID != nil {
		if err := s.checkDepartments(ctx, q, "customer_department_id", *ag.CustomerDepartmentID); err != nil {
			return err
		}
	}
	if ag.CalendarID != nil && !s.exists(ctx, q, `SELECT 1 FROM calendars WHERE id = $1`, *ag.CalendarID) {
		return desk.Invalid("calendar_id", "no calendar %d", *ag.CalendarID)
	}
	if !ag.Active {
		return nil
	}
	list, err := s.agreements(ctx, q, `provider_department_id = $1 AND active`, ag.ProviderDepartmentID)
	if err != nil {
		return err
	}
	for _, o := range list {
		sameCustomer := o.CustomerDepartmentID == nil && ag.CustomerDepartmentID == nil ||
			o.CustomerDepartmentID != nil && ag.CustomerDepartmentID != nil && *o.CustomerDepartmentID == *ag.CustomerDepartmentID
		if o.ID != ag.ID && sameCustomer && o.ContactReason == ag.ContactReason {
			return &desk.Error{Code: desk.CodeConflict, Field: "customer_department_id",
				Message: fmt.Sprintf("the active agreement %q (#%d) already covers these consults", o.Name, o.ID)}
		}
	}
	return nil
}

// DeleteAgreement removes an agreement no consult ran under (CodeConflict
// otherwise: deactivate it instead). Admins only.
func (s *Store) DeleteAgreement(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage agreements")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		if _, err := s.agreement(ctx, q, id); err != nil {
			return err
		}
		if s.exists(ctx, q, `SELECT 1 FROM consults WHERE agreement_id = $1`, id) {
			return desk.Errorf(desk.CodeConflict, "consults ran under this agreement; set active to false instead")
		}
		_, err := q.ExecContext(ctx, `DELETE FROM agreements WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete agreement: %w", err)
	}
	return nil
}
