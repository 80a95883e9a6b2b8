package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// CreateCalendar stores a new calendar and fills c's id and times. Making it
// the default takes that role from the previous default; listing departments
// moves them to it. Admins only (CodeForbidden); an invalid spec (overlapping
// hours, an empty week, a bad time zone or date) or an unknown department is
// CodeInvalid naming the field, and nothing is written. Clocks that may count
// on the calendar are computed again.
func (s *Store) CreateCalendar(ctx context.Context, a desk.Actor, c *commit.Calendar) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage calendars")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		if err := s.checkDepartments(ctx, q, "department_ids", c.DepartmentIDs...); err != nil {
			return err
		}
		if c.Default {
			if _, err := q.ExecContext(ctx, `UPDATE calendars SET is_default = $1 WHERE is_default`, false); err != nil {
				return err
			}
		} else if err := s.ensureDefaultCalendar(ctx, q); err != nil {
			return err
		}
		if err := s.insertCalendar(ctx, q, c); err != nil {
			return err
		}
		return s.afterCalendarChange(ctx, q, c)
	})
	if err != nil {
		return fmt.Errorf("store: create calendar: %w", err)
	}
	return s.recomputeAfterChange(ctx)
}

// UpdateCalendar replaces calendar c.ID with c (departments included) and
// fills its times. The default calendar stays the default until another one
// takes the role (CodeInvalid on "default"). Errors as CreateCalendar, plus
// CodeNotFound for an unknown id.
func (s *Store) UpdateCalendar(ctx context.Context, a desk.Actor, c *commit.Calendar) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage calendars")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		cur, err := s.calendarRecord(ctx, q, c.ID)
		if err != nil {
			return err
		}
		if cur.Default && !c.Default {
			return desk.Invalid("default", "there must be a default calendar: make another calendar the default instead")
		}
		if err := s.checkDepartments(ctx, q, "department_ids", c.DepartmentIDs...); err != nil {
			return err
		}
		if c.Default && !cur.Default {
			if _, err := q.ExecContext(ctx, `UPDATE calendars SET is_default = $1 WHERE is_default`, false); err != nil {
				return err
			}
		}
		spec, err := json.Marshal(c.Spec)
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = cur.CreatedAt, s.now()
		if _, err := q.ExecContext(ctx, `UPDATE calendars SET name = $1, spec = $2, is_default = $3, version = version + 1,
			updated_at = $4 WHERE id = $5`, c.Name, string(spec), c.Default, s.tv(c.UpdatedAt), c.ID); err != nil {
			return err
		}
		return s.afterCalendarChange(ctx, q, c)
	})
	if err != nil {
		return fmt.Errorf("store: update calendar: %w", err)
	}
	return s.recomputeAfterChange(ctx)
}

// DeleteCalendar removes a calendar; its departments fall back to the default
// calendar. The default calendar, or one a standard or agreement names, is
// CodeConflict; an unknown id CodeNotFound; non-admins CodeForbidden.
func (s *Store) DeleteCalendar(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage calendars")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		cur, err := s.calendarRecord(ctx, q, id)
		if err != nil {
			return err
		}
		if cur.Default {
			return desk.Errorf(desk.CodeConflict, "the default calendar cannot be deleted; make another one the default first")
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM department_calendars WHERE calendar_id = $1`, id); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM calendars WHERE id = $1`, id); err != nil {
			return mapErr(err, "", "a service standard or agreement still counts on this calendar")
		}
		return s.markOpenStale(ctx, q)
	})
	if err != nil {
		return fmt.Errorf("store: delete calendar: %w", err)
	}
	return s.recomputeAfterChange(ctx)
}

// afterCalendarChange sets the calendar's departments and marks the clocks
// that may count on it for computing again.
func (s *Store) afterCalendarChange(ctx context.Context, q querier, c *commit.Calendar) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM department_calendars WHERE calendar_id = $1`, c.ID); err != nil {
		return err
	}
	for _, d := range c.DepartmentIDs {
		if _, err := q.ExecContext(ctx, `INSERT INTO department_calendars (department_id, calendar_id) VALUES ($1, $2)
			ON CONFLICT (department_id) DO UPDATE SET calendar_id = excluded.calendar_id`, d, c.ID); err != nil {
			return err
		}
	}
	return s.markOpenStale(ctx, q)
}

// checkDepartments returns CodeInvalid on field unless every id names a department.
func (s *Store) checkDepartments(ctx context.Context, q querier, field string, ids ...int64) error {
	for _, id := range ids {
		if !s.exists(ctx, q, `SELECT 1 FROM departments WHERE id = $1`, id) {
			return desk.Invalid(field, "no department %d", id)
		}
	}
	return nil
}
