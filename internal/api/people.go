package api

import (
	"fmt"
	"net/http"
	"strconv"

	"guichet/internal/desk"
)

// personInput is the body of POST /people and PATCH /people/{id}; on PATCH
// absent fields stay as they are and null clears department_id or
// organisation_id.
type personInput struct {
	Name           *string          `json:"name"`
	Kind           *desk.PersonKind `json:"kind"`
	DepartmentID   nullableID       `json:"department_id"`
	OrganisationID nullableID       `json:"organisation_id"`
	Language       *desk.Language   `json:"language"`
	Emails         *[]string        `json:"emails"`
}

// apply copies the fields present in in onto p.
func (in personInput) apply(p *desk.Person) {
	setIf(&p.Name, in.Name)
	setIf(&p.Kind, in.Kind)
	setIf(&p.Language, in.Language)
	setIf(&p.Emails, in.Emails)
	if in.DepartmentID.Set {
		p.DepartmentID = optionalID(in.DepartmentID.ID)
	}
	if in.OrganisationID.Set {
		p.OrganisationID = optionalID(in.OrganisationID.ID)
	}
}

// handleListPeople answers people whose name or email contains q (all when
// empty), by name, at most limit (default 50, at most 200).
func (s *server) handleListPeople(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	q := r.URL.Query()
	if err := checkParams(q, "q", "limit"); err != nil {
		return err
	}
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return desk.Invalid("limit", "must be an integer from 1 to 200")
		}
		limit = n
	}
	people, err := s.store.People(r.Context(), a, q.Get("q"), limit)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("people", people))
	return nil
}

// handleCreatePerson creates a person (admins): 201 with Location; 409 if an
// email belongs to someone else.
func (s *server) handleCreatePerson(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	var in personInput
	if err := decode(r, &in); err != nil {
		return err
	}
	var p desk.Person
	in.apply(&p)
	if err := s.store.CreatePerson(r.Context(), a, &p); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/people/%d", p.ID))
	s.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

// handleGetPerson answers one person.
func (s *server) handleGetPerson(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	p, err := s.store.Person(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// handleUpdatePerson changes the fields given (admins) and answers the person.
func (s *server) handleUpdatePerson(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	var in personInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.store.Person(r.Context(), a, id)
	if err != nil {
		return err
	}
	in.apply(p)
	if err := s.store.UpdatePerson(r.Context(), a, p); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, p)
	return nil
}
