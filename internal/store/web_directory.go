package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"guichet/internal/desk"
)

// maxServiceHours bounds a department's service-hours text.
const maxServiceHours = 500

// ServiceHours returns every department's service hours (free text, until
// business calendars land) by department id; departments without any are
// absent. Any actor may read them: they belong to the directory.
func (s *Store) ServiceHours(ctx context.Context) (map[int64]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT department_id, service_hours FROM web_department_profiles WHERE service_hours <> ''`)
	if err != nil {
		return nil, fmt.Errorf("store: service hours: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("store: service hours: %w", err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: service hours: %w", err)
	}
	return out, nil
}

// SetServiceHours saves a department's service hours ("" clears them). It
// returns CodeForbidden for non-admins, CodeInvalid (field "service_hours")
// for text over 500 characters or not UTF-8, and CodeNotFound for an unknown
// department.
func (s *Store) SetServiceHours(ctx context.Context, a desk.Actor, departmentID int64, hours string) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage departments")
	}
	hours = strings.TrimSpace(hours)
	if !utf8.ValidString(hours) || strings.ContainsRune(hours, 0) || utf8.RuneCountInString(hours) > maxServiceHours {
		return desk.Invalid("service_hours", "must be at most %d characters of text", maxServiceHours)
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if !s.exists(ctx, tx, `SELECT 1 FROM departments WHERE id = $1`, departmentID) {
			return desk.NotFound("department")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_department_profiles WHERE department_id = $1`, departmentID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO web_department_profiles (department_id, service_hours) VALUES ($1, $2)`,
			departmentID, hours)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set service hours: %w", err)
	}
	return nil
}
