package store

import (
	"context"
	"database/sql"
	"fmt"

	"guichet/internal/desk"
)

const deptColumns = `id, slug, name, handles, front_desk, created_at`

func scanDept(sc interface{ Scan(...any) error }) (desk.Department, error) {
	var d desk.Department
	err := sc.Scan(&d.ID, &d.Slug, &d.Name, &d.Handles, &d.FrontDesk, timeScan{&d.CreatedAt})
	return d, err
}

const slugTaken = "another department has this slug"

// CreateDepartment adds d and sets its ID and CreatedAt. A new department
// cannot be the front desk (there is always one; move it with
// UpdateDepartment). It returns CodeForbidden for non-admins, CodeInvalid for
// bad input and CodeConflict for a slug already used.
func (s *Store) CreateDepartment(ctx context.Context, a desk.Actor, d *desk.Department) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage departments")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.FrontDesk {
		return desk.Invalid("front_desk", "there is already a front desk; make this department the front desk after creating it")
	}
	d.CreatedAt = s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO departments (slug, name, handles, front_desk, created_at)
			VALUES ($1, $2, $3, false, $4) RETURNING id`, d.Slug, d.Name, d.Handles, s.tv(d.CreatedAt)).Scan(&d.ID)
	})
	if err != nil {
		return fmt.Errorf("store: create department: %w", mapErr(err, "slug", slugTaken))
	}
	return nil
}

// Department returns one department (any actor may read the directory of
// departments); CodeNotFound for an unknown id.
func (s *Store) Department(ctx context.Context, a desk.Actor, id int64) (*desk.Department, error) {
	return s.department(ctx, s.rdb, `id = $1`, id)
}

// DepartmentBySlug returns the department with that slug; CodeNotFound if none.
func (s *Store) DepartmentBySlug(ctx context.Context, slug string) (*desk.Department, error) {
	return s.department(ctx, s.rdb, `slug = $1`, slug)
}

func (s *Store) department(ctx context.Context, q querier, where string, arg any) (*desk.Department, error) {
	d, err := scanDept(q.QueryRowContext(ctx, `SELECT `+deptColumns+` FROM departments WHERE `+where, arg))
	if isNoRows(err) {
		return nil, desk.NotFound("department")
	}
	if err != nil {
		return nil, fmt.Errorf("store: department: %w", err)
	}
	return &d, nil
}

// Departments lists every department by name, the front desk first. Any
// actor may read it: it is the "who handles what" directory.
func (s *Store) Departments(ctx context.Context, a desk.Actor) ([]desk.Department, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+deptColumns+` FROM departments ORDER BY front_desk DESC, name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: departments: %w", err)
	}
	defer rows.Close()
	out := []desk.Department{}
	for rows.Next() {
		d, err := scanDept(rows)
		if err != nil {
			return nil, fmt.Errorf("store: departments: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: departments: %w", err)
	}
	return out, nil
}

// UpdateDepartment saves d's slug, name and handles. Setting FrontDesk moves
// the front desk to d; clearing it on the front desk is CodeInvalid (there
// must always be one). It returns CodeForbidden for non-admins, CodeNotFound
// for an unknown id and CodeConflict for a slug already used.
func (s *Store) UpdateDepartment(ctx context.Context, a desk.Actor, d *desk.Department) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage departments")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		cur, err := s.department(ctx, tx, `id = $1`, d.ID)
		if err != nil {
			return err
		}
		if cur.FrontDesk && !d.FrontDesk {
			return desk.Invalid("front_desk", "make another department the front desk instead")
		}
		if d.FrontDesk && !cur.FrontDesk {
			if _, err := tx.ExecContext(ctx, `UPDATE departments SET front_desk = false WHERE front_desk`); err != nil {
				return err
			}
		}
		d.CreatedAt = cur.CreatedAt
		_, err = tx.ExecContext(ctx, `UPDATE departments SET slug = $1, name = $2, handles = $3, front_desk = $4 WHERE id = $5`,
			d.Slug, d.Name, d.Handles, d.FrontDesk, d.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: update department: %w", mapErr(err, "slug", slugTaken))
	}
	return nil
}

// DeleteDepartment removes a department. It returns CodeForbidden for
// non-admins, CodeNotFound for an unknown id and CodeConflict for the front
// desk or while requests, handoffs or people refer to it.
func (s *Store) DeleteDepartment(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage departments")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		cur, err := s.department(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if cur.FrontDesk {
			return desk.Errorf(desk.CodeConflict, "the front desk cannot be deleted")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests WHERE department_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return desk.Errorf(desk.CodeConflict, "the department still owns %d requests; hand them off first", n)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM departments WHERE id = $1`, id)
		return mapErr(err, "", "the department is still referenced by people or handoffs")
	})
	if err != nil {
		return fmt.Errorf("store: delete department: %w", err)
	}
	return nil
}
