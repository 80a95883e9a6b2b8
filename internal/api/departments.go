package api

import (
	"fmt"
	"net/http"

	"guichet/internal/desk"
)

// departmentInput is the body of POST /departments and PATCH
// /departments/{id}; on PATCH absent fields stay as they are.
type departmentInput struct {
	Slug      *string `json:"slug"`
	Name      *string `json:"name"`
	Handles   *string `json:"handles"`
	FrontDesk *bool   `json:"front_desk"` // true moves the front desk here
}

// apply copies the fields present in in onto d.
func (in departmentInput) apply(d *desk.Department) {
	setIf(&d.Slug, in.Slug)
	setIf(&d.Name, in.Name)
	setIf(&d.Handles, in.Handles)
	setIf(&d.FrontDesk, in.FrontDesk)
}

// handleListDepartments answers every department.
func (s *server) handleListDepartments(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	ds, err := s.store.Departments(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("departments", ds))
	return nil
}

// handleCreateDepartment creates a department (admins): 201 with Location.
func (s *server) handleCreateDepartment(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	var in departmentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	var d desk.Department
	in.apply(&d)
	if err := s.store.CreateDepartment(r.Context(), a, &d); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/departments/%d", d.ID))
	s.writeJSON(w, r, http.StatusCreated, d)
	return nil
}

// handleGetDepartment answers one department.
func (s *server) handleGetDepartment(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "department")
	if err != nil {
		return err
	}
	d, err := s.store.Department(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, d)
	return nil
}

// handleUpdateDepartment changes the fields given (admins) and answers the
// department.
func (s *server) handleUpdateDepartment(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "department")
	if err != nil {
		return err
	}
	var in departmentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := s.store.Department(r.Context(), a, id)
	if err != nil {
		return err
	}
	in.apply(d)
	if err := s.store.UpdateDepartment(r.Context(), a, d); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, d)
	return nil
}

// handleDeleteDepartment deletes a department (admins): 204, or 409 while it
// owns requests or is the front desk.
func (s *server) handleDeleteDepartment(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "department")
	if err != nil {
		return err
	}
	if err := s.store.DeleteDepartment(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
