package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"guichet/internal/desk"
)

const mailAddressSelect = `SELECT a.id, a.address, a.department_id, d.name, a.created_at
	FROM mail_addresses a JOIN departments d ON d.id = a.department_id`

func scanMailAddress(sc interface{ Scan(...any) error }) (desk.MailAddress, error) {
	var m desk.MailAddress
	err := sc.Scan(&m.ID, &m.Address, &m.DepartmentID, &m.Department, timeScan{&m.CreatedAt})
	return m, err
}

// MailAddressList lists the addresses that route mail to a department, by
// address. Agents may read it; a requester gets CodeForbidden.
func (s *Store) MailAddressList(ctx context.Context, a desk.Actor) ([]desk.MailAddress, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents see the desk's mail addresses")
	}
	rows, err := s.rdb.QueryContext(ctx, mailAddressSelect+` ORDER BY a.address`)
	if err != nil {
		return nil, fmt.Errorf("store: mail addresses: %w", err)
	}
	defer rows.Close()
	out := []desk.MailAddress{}
	for rows.Next() {
		m, err := scanMailAddress(rows)
		if err != nil {
			return nil, fmt.Errorf("store: mail addresses: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: mail addresses: %w", err)
	}
	return out, nil
}

// AddMailAddress maps m.Address to the department m.DepartmentID and fills
// m's ID, Department and CreatedAt. It returns CodeForbidden for non-admins,
// CodeInvalid naming the field for a bad address or an unknown department,
// and CodeConflict (field "address") for an address already mapped.
func (s *Store) AddMailAddress(ctx context.Context, a desk.Actor, m *desk.MailAddress) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage the desk's mail addresses")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	m.CreatedAt = s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT name FROM departments WHERE id = $1`, m.DepartmentID).Scan(&m.Department)
		if isNoRows(err) {
			return desk.Invalid("department_id", "no such department")
		}
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO mail_addresses (address, department_id, created_at)
			VALUES ($1, $2, $3) RETURNING id`, m.Address, m.DepartmentID, s.tv(m.CreatedAt)).Scan(&m.ID)
	})
	if err != nil {
		return fmt.Errorf("store: add mail address: %w",
			mapErr(err, "address", fmt.Sprintf("%s already routes mail to a department", m.Address)))
	}
	return nil
}

// RemoveMailAddress deletes a mapping: mail to that address follows the
// slug rule again. CodeForbidden for non-admins, CodeNotFound for an unknown id.
func (s *Store) RemoveMailAddress(ctx context.Context, a desk.Actor, id int64) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage the desk's mail addresses")
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mail_addresses WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return desk.NotFound("mail address")
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: remove mail address: %w", err)
	}
	return nil
}

// mailDepartment returns the department new mail goes to: the one the
// address it was sent to (without its +tag) maps to, by its whole address,
// else its local part; else the one whose slug is in.DepartmentSlug; else
// the front desk.
func (s *Store) mailDepartment(ctx context.Context, q querier, in *InboundMail) (*desk.Department, error) {
	if at := strings.LastIndexByte(in.Address, '@'); at >= 1 {
		var id int64
		err := q.QueryRowContext(ctx, `SELECT department_id FROM mail_addresses WHERE address = $1 OR address = $2
			ORDER BY length(address) DESC LIMIT 1`, in.Address, in.Address[:at]).Scan(&id)
		if err == nil {
			return s.department(ctx, q, `id = $1`, id)
		}
		if !isNoRows(err) {
			return nil, err
		}
	}
	if slug := strings.ToLower(strings.TrimSpace(in.DepartmentSlug)); slug != "" {
		d, err := s.department(ctx, q, `slug = $1`, slug)
		if desk.ErrorCode(err) != desk.CodeNotFound {
			return d, err
		}
	}
	return s.department(ctx, q, `front_desk = $1`, true)
}
