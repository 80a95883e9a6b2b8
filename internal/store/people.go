package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"guichet/internal/desk"
)

const personColumns = `p.id, p.name, p.kind, p.department_id, p.organisation_id, p.language, p.created_at`

func scanPerson(sc interface{ Scan(...any) error }) (desk.Person, error) {
	var p desk.Person
	err := sc.Scan(&p.ID, &p.Name, &p.Kind, nullID{&p.DepartmentID}, nullID{&p.OrganisationID}, &p.Language, timeScan{&p.CreatedAt})
	return p, err
}

const emailTaken = "one of these email addresses belongs to someone else"

// CreatePerson adds p and sets its ID and CreatedAt. It returns CodeForbidden
// for non-admins, CodeInvalid for bad input or an unknown department or
// organisation, and CodeConflict if an email belongs to someone else.
func (s *Store) CreatePerson(ctx context.Context, a desk.Actor, p *desk.Person) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage people")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.CreatedAt = s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if err := s.checkPersonRefs(ctx, tx, p); err != nil {
			return err
		}
		return s.insertPerson(ctx, tx, p)
	})
	if err != nil {
		return fmt.Errorf("store: create person: %w", mapErr(err, "emails", emailTaken))
	}
	return nil
}

// checkPersonRefs reports an unknown department or organisation as CodeInvalid.
func (s *Store) checkPersonRefs(ctx context.Context, q querier, p *desk.Person) error {
	if p.DepartmentID != nil && !s.exists(ctx, q, `SELECT 1 FROM departments WHERE id = $1`, *p.DepartmentID) {
		return desk.Invalid("department_id", "no such department")
	}
	if p.OrganisationID != nil && !s.exists(ctx, q, `SELECT 1 FROM organisations WHERE id = $1`, *p.OrganisationID) {
		return desk.Invalid("organisation_id", "no such organisation")
	}
	return nil
}

// exists reports whether query returns a row; a failing query counts as none.
func (s *Store) exists(ctx context.Context, q querier, query string, args ...any) bool {
	var one int
	return q.QueryRowContext(ctx, query, args...).Scan(&one) == nil
}

// insertPerson inserts a validated person and its emails inside tx.
func (s *Store) insertPerson(ctx context.Context, tx querier, p *desk.Person) error {
	var err error
	p.ID, err = s.insertID(ctx, tx, "id", `INSERT INTO people (name, kind, department_id, organisation_id, language,
		created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.Name, p.Kind, idPtrOrNil(p.DepartmentID), idPtrOrNil(p.OrganisationID), p.Language, s.tv(p.CreatedAt))
	if err != nil {
		return err
	}
	return s.insertEmails(ctx, tx, p.ID, p.Emails)
}

func (s *Store) insertEmails(ctx context.Context, tx querier, id int64, emails []string) error {
	for i, e := range emails {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_emails (email, person_id, position) VALUES ($1, $2, $3)`, e, id, i); err != nil {
			return err
		}
	}
	return nil
}

// Person returns one person. Agents read anyone; a requester only
// themselves. CodeNotFound otherwise.
func (s *Store) Person(ctx context.Context, a desk.Actor, id int64) (*desk.Person, error) {
	if !a.IsAgent() && a.PersonID != id {
		return nil, desk.NotFound("person")
	}
	p, err := s.person(ctx, s.rdb, id)
	if err != nil {
		return nil, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

// person loads one person with emails; CodeNotFound if unknown.
func (s *Store) person(ctx context.Context, q querier, id int64) (*desk.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p WHERE p.id = $1`, id))
	if isNoRows(err) {
		return nil, desk.NotFound("person")
	}
	if err != nil {
		return nil, err
	}
	people := []desk.Person{p}
	if err := s.fillEmails(ctx, q, people); err != nil {
		return nil, err
	}
	return &people[0], nil
}

// fillEmails loads the emails of people, in order.
func (s *Store) fillEmails(ctx context.Context, q querier, people []desk.Person) error {
	if len(people) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]any, len(people))
	for i := range people {
		idx[people[i].ID] = i
		ids[i] = people[i].ID
		people[i].Emails = []string{}
	}
	rows, err := q.QueryContext(ctx, `SELECT person_id, email FROM person_emails WHERE person_id IN (`+placeholders(1, len(ids))+
		`) ORDER BY person_id, position`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e string
		if err := rows.Scan(&id, &e); err != nil {
			return err
		}
		people[idx[id]].Emails = append(people[idx[id]].Emails, e)
	}
	return rows.Err()
}

// placeholders returns "$from, $from+1, ..." n times.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// PersonByEmail finds a person by any of their addresses. Agents only (a
// requester may look up themselves); CodeNotFound if none, CodeInvalid for a
// malformed address.
func (s *Store) PersonByEmail(ctx context.Context, a desk.Actor, email string) (*desk.Person, error) {
	e, err := desk.NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	id, err := s.personIDByEmail(ctx, s.rdb, e)
	if err != nil {
		return nil, fmt.Errorf("store: person by email: %w", err)
	}
	return s.Person(ctx, a, id)
}

func (s *Store) personIDByEmail(ctx context.Context, q querier, email string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM person_emails WHERE email = $1`, email).Scan(&id)
	if isNoRows(err) {
		return 0, desk.NotFound("person")
	}
	return id, err
}

// People lists, by name, at most limit (default 50, at most 200) people
// whose name or an email contains query, case-insensitively (all if empty).
// Agents only: CodeForbidden for requesters.
func (s *Store) People(ctx context.Context, a desk.Actor, query string, limit int) ([]desk.Person, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents list people")
	}
	switch {
	case limit <= 0:
		limit = 50
	case limit > 200:
		limit = 200
	}
	pattern := "%" + likeEscape(strings.ToLower(strings.TrimSpace(query))) + "%"
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+personColumns+` FROM people p
		WHERE lower(p.name) LIKE $1 ESCAPE '\'
		   OR EXISTS (SELECT 1 FROM person_emails e WHERE e.person_id = p.id AND e.email LIKE $1 ESCAPE '\')
		ORDER BY p.name, p.id LIMIT $2`, pattern, limit)
	if err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	defer rows.Close()
	out := []desk.Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: people: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	if err := s.fillEmails(ctx, s.rdb, out); err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	return out, nil
}

// likeEscape escapes LIKE wildcards so that s matches literally.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdatePerson saves p's name, kind, department, organisation, language and
// emails (replacing them). It returns CodeForbidden for non-admins,
// CodeInvalid for bad input, CodeNotFound for an unknown id and CodeConflict
// if an email belongs to someone else.
func (s *Store) UpdatePerson(ctx context.Context, a desk.Actor, p *desk.Person) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage people")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if err := s.checkPersonRefs(ctx, tx, p); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `UPDATE people SET name = $1, kind = $2, department_id = $3, organisation_id = $4,
			language = $5 WHERE id = $6 RETURNING created_at`, p.Name, p.Kind, idPtrOrNil(p.DepartmentID),
			idPtrOrNil(p.OrganisationID), p.Language, p.ID).Scan(timeScan{&p.CreatedAt})
		if isNoRows(err) {
			return desk.NotFound("person")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_emails WHERE person_id = $1`, p.ID); err != nil {
			return err
		}
		return s.insertEmails(ctx, tx, p.ID, p.Emails)
	})
	if err != nil {
		return fmt.Errorf("store: update person: %w", mapErr(err, "emails", emailTaken))
	}
	s.auth.forget()
	return nil
}
