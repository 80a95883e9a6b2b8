package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

const calendarColumns = `id, spec, is_default, created_at, updated_at`

func scanCalendar(sc interface{ Scan(...any) error }) (commit.Calendar, error) {
	var c commit.Calendar
	var spec string
	if err := sc.Scan(&c.ID, &spec, &c.Default, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(spec), &c.Spec); err != nil {
		return c, fmt.Errorf("calendar %d spec: %w", c.ID, err)
	}
	c.DepartmentIDs = []int64{}
	return c, nil
}

// Calendars lists the business calendars, the default one first, then by
// name. The default calendar (America/Montreal office hours with the Québec
// holidays) is created on first use. Agents only (CodeForbidden).
func (s *Store) Calendars(ctx context.Context, a desk.Actor) ([]commit.Calendar, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read calendars")
	}
	if err := s.seedDefaultCalendar(ctx); err != nil {
		return nil, fmt.Errorf("store: calendars: %w", err)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+calendarColumns+` FROM calendars ORDER BY is_default DESC, name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: calendars: %w", err)
	}
	defer rows.Close()
	out := []commit.Calendar{}
	for rows.Next() {
		c, err := scanCalendar(rows)
		if err != nil {
			return nil, fmt.Errorf("store: calendars: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: calendars: %w", err)
	}
	if err := s.fillCalendarDepartments(ctx, s.rdb, out); err != nil {
		return nil, fmt.Errorf("store: calendars: %w", err)
	}
	return out, nil
}

// Calendar returns one calendar; CodeNotFound if unknown, CodeForbidden for
// requesters.
func (s *Store) Calendar(ctx context.Context, a desk.Actor, id int64) (*commit.Calendar, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read calendars")
	}
	if err := s.seedDefaultCalendar(ctx); err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	c, err := s.calendarRecord(ctx, s.rdb, id)
	if err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	return c, nil
}

func (s *Store) calendarRecord(ctx context.Context, q querier, id int64) (*commit.Calendar, error) {
	c, err := scanCalendar(q.QueryRowContext(ctx, `SELECT `+calendarColumns+` FROM calendars WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, desk.NotFound("calendar")
	}
	if err != nil {
		return nil, err
	}
	list := []commit.Calendar{c}
	if err := s.fillCalendarDepartments(ctx, q, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

func (s *Store) fillCalendarDepartments(ctx context.Context, q querier, cals []commit.Calendar) error {
	idx := map[int64]int{}
	for i := range cals {
		idx[cals[i].ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT calendar_id, department_id FROM department_calendars ORDER BY department_id`)
	if err != nil {
		return fmt.Errorf("calendar departments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cal, dept int64
		if err := rows.Scan(&cal, &dept); err != nil {
			return fmt.Errorf("calendar departments: %w", err)
		}
		if i, ok := idx[cal]; ok {
			cals[i].DepartmentIDs = append(cals[i].DepartmentIDs, dept)
		}
	}
	return rows.Err()
}

// seedDefaultCalendar creates the default calendar if there is none yet.
func (s *Store) seedDefaultCalendar(ctx context.Context) error {
	if s.exists(ctx, s.rdb, `SELECT 1 FROM calendars WHERE is_default`) {
		return nil
	}
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return s.ensureDefaultCalendar(ctx, tx)
	})
}

// ensureDefaultCalendar creates the default calendar inside a write if there
// is none yet (commit.DefaultCalendar of the current year).
func (s *Store) ensureDefaultCalendar(ctx context.Context, tx querier) error {
	if s.exists(ctx, tx, `SELECT 1 FROM calendars WHERE is_default`) {
		return nil
	}
	c := commit.DefaultCalendar(s.now().Year())
	if err := c.Validate(); err != nil {
		return err
	}
	if err := s.insertCalendar(ctx, tx, &c); err != nil {
		if isUnique(err) { // another node created it first (PostgreSQL)
			return errRetry
		}
		return fmt.Errorf("default calendar: %w", err)
	}
	return nil
}

func (s *Store) insertCalendar(ctx context.Context, tx querier, c *commit.Calendar) error {
	spec, err := json.Marshal(c.Spec)
	if err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = s.now(), s.now()
	return tx.QueryRowContext(ctx, `INSERT INTO calendars (name, spec, is_default, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, c.Name, string(spec), c.Default, s.tv(c.CreatedAt)).Scan(&c.ID)
}
