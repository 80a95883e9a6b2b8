package store

import (
	"context"
	"database/sql"
	"fmt"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

const standardColumns = `id, name, department_id, requester_kind, organisation_id, priority, contact_reason, channel,
	calendar_id, first_response, next_response, resolution, active, specificity, created_at, updated_at`

// targetScan scans a stored target ("" for none).
type targetScan struct{ t *commit.Target }

func (d targetScan) Scan(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("store: cannot scan %T as a target", v)
	}
	if s == "" {
		*d.t = commit.Target{}
		return nil
	}
	t, err := commit.ParseTarget("target", s)
	*d.t = t
	return err
}

func scanStandard(sc interface{ Scan(...any) error }) (commit.Standard, error) {
	var st commit.Standard
	c := &st.Conditions
	err := sc.Scan(&st.ID, &st.Name, nullID{&c.DepartmentID}, &c.RequesterKind, nullID{&c.OrganisationID}, &c.Priority,
		&c.ContactReason, &c.Channel, nullID{&st.CalendarID}, targetScan{&st.FirstResponse}, targetScan{&st.NextResponse},
		targetScan{&st.Resolution}, &st.Active, &st.Specificity, timeScan{&st.CreatedAt}, timeScan{&st.UpdatedAt})
	return st, err
}

// Standards lists the service standards, most specific first. Agents only
// (CodeForbidden).
func (s *Store) Standards(ctx context.Context, a desk.Actor) ([]commit.Standard, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read service standards")
	}
	out, err := s.standards(ctx, s.rdb)
	if err != nil {
		return nil, fmt.Errorf("store: service standards: %w", err)
	}
	return out, nil
}

func (s *Store) standards(ctx context.Context, q querier) ([]commit.Standard, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+standardColumns+` FROM service_standards ORDER BY specificity DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []commit.Standard{}
	for rows.Next() {
		st, err := scanStandard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Standard returns one service standard; CodeNotFound if unknown.
func (s *Store) Standard(ctx context.Context, a desk.Actor, id int64) (*commit.Standard, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read service standards")
	}
	st, err := s.standard(ctx, s.rdb, id)
	if err != nil {
		return nil, fmt.Errorf("store: service standard: %w", err)
	}
	return st, nil
}

func (s *Store) standard(ctx context.Context, q querier, id int64) (*commit.Standard, error) {
	st, err := scanStandard(q.QueryRowContext(ctx, `SELECT `+standardColumns+` FROM service_standards WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, desk.NotFound("service standard")
	}
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// CreateStandard stores a new service standard and fills st's id, times and
// specificity; open requests' clocks are computed again. Admins only
// (CodeForbidden). Invalid input, or a condition naming an unknown
// department, organisation or calendar, is CodeInvalid naming the field; an
// active standard with the same conditions is CodeConflict on "conditions".
func (s *Store) CreateStandard(ctx context.Context, a desk.Actor, st *commit.Standard) error {
	return s.saveStandard(ctx, a, st, true)
}

// UpdateStandard replaces service standard st.ID with st. Errors as
// CreateStandard, plus CodeNotFound for an unknown id.
func (s *Store) UpdateStandard(ctx context.Context, a desk.Actor, st *commit.Standard) error {
	return s.saveStandard(ctx, a, st, false)
}

func (s *Store) saveStandard(ctx context.Context, a desk.Actor, st *commit.Standard, create bool) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage service standards")
	}
	if err := st.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		if err := s.checkStandard(ctx, q, st); err != nil {
			return err
		}
		if err := s.ensureDefaultCalendar(ctx, q); err != nil {
			return err
		}
		now := s.now()
		c := &st.Conditions
		args := []any{st.Name, idPtrOrNil(c.DepartmentID), c.RequesterKind, idPtrOrNil(c.OrganisationID), c.Priority,
			c.ContactReason, c.Channel, idPtrOrNil(st.CalendarID), st.FirstResponse.String(), st.NextResponse.String(),
			st.Resolution.String(), st.Active, st.Specificity, s.tv(now)}
		if create {
			st.CreatedAt, st.UpdatedAt = now, now
			err := q.QueryRowContext(ctx, `INSERT INTO service_standards (name, department_id, requester_kind, organisation_id,
				priority, contact_reason, channel, calendar_id, first_response, next_response, resolution, active, specificity,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
				args...).Scan(&st.ID)
			if err != nil {
				return err
			}
		} else {
			cur, err := s.standard(ctx, q, st.ID)
			if err != nil {
				return err
			}
			st.CreatedAt, st.UpdatedAt = cur.CreatedAt, now
			if _, err := q.ExecContext(ctx, `UPDATE service_standards SET name = $1, department_id = $2, requester_kind = $3,
				organisation_id = $4, priority = $5, contact_reason = $6, channel = $7, calendar_id = $8, first_response = $9,
				next_response = $10, resolution = $11, active = $12, specificity = $13, updated_at = $14 WHERE id = $15`,
				append(args, st.ID)...); err != nil {
				return err
			}
		}
		return s.markOpenStale(ctx, q)
	})
	if err != nil {
		return fmt.Errorf("store: save service standard: %w", err)
	}
	return s.recomputeAfterChange(ctx)
}

// checkStandard checks what st refers to and that no other active standard
// has the same conditions.
func (s *Store) checkStandard(ctx context.Context, q querier, st *commit.Standard) error {
	c := st.Conditions
	if c.DepartmentID != nil {
		if err := s.checkDepartments(ctx, q, "conditions.department_id", *c.DepartmentID); err != nil {
			return err
		}
	}
	if c.OrganisationID != nil && !s.exists(ctx, q, `SELECT 1 FROM organisations WHERE id = $1`, *c.OrganisationID) {
		return desk.Invalid("conditions.organisation_id", "no organisation %d", *c.OrganisationID)
	}
	if st.CalendarID != nil && !s.exists(ctx, q, `SELECT 1 FROM calendars WHERE id = $1`, *st.CalendarID) {
		return desk.Invalid("calendar_id", "no calendar %d", *st.CalendarID)
	}
	if !st.Active {
		return nil
	}
	list, err := s.standards(ctx, q)
	if err != nil {
		return err
	}
	for _, o := range list {
		if o.ID != st.ID && o.Active && sameConditions(o.Conditions, c) {
			return &desk.Error{Code: desk.CodeConflict, Field: "conditions",
				Message: fmt.Sprintf("the active standard %q (#%d) has the same conditions", o.Name, o.ID)}
		}
	}
	return nil
}

func sameConditions(a, b commit.Conditions) bool {
	eq := func(x, y *int64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return eq(a.DepartmentID, b.DepartmentID) && eq(a.OrganisationID, b.OrganisationID) && a.RequesterKind == b.RequesterKind &&
		a.Priority == b.Priority && a.ContactReason == b.ContactReason && a.Channel == b.Channel
}

// DeleteStandard removes a service standard no clock ever ran under
// (CodeConflict otherwise: deactivate it instead). Admins only.
func (s *Store) DeleteStandard(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage service standards")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		if _, err := s.standard(ctx, q, id); err != nil {
			return err
		}
		if s.exists(ctx, q, `SELECT 1 FROM commit_clocks WHERE standard_id = $1`, id) {
			return desk.Errorf(desk.CodeConflict, "clocks ran under this standard; set active to false instead")
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM service_standards WHERE id = $1`, id); err != nil {
			return err
		}
		return s.markOpenStale(ctx, q)
	})
	if err != nil {
		return fmt.Errorf("store: delete service standard: %w", err)
	}
	return s.recomputeAfterChange(ctx)
}
