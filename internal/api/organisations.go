package api

import (
	"fmt"
	"net/http"

	"guichet/internal/desk"
)

// organisationInput is the body of POST /organisations and PATCH
// /organisations/{id}; on PATCH absent fields stay as they are.
type organisationInput struct {
	Name           *string `json:"name"`
	Domain         *string `json:"domain"`
	SharedRequests *bool   `json:"shared_requests"`
}

// apply copies the fields present in in onto o.
func (in organisationInput) apply(o *desk.Organisation) {
	setIf(&o.Name, in.Name)
	setIf(&o.Domain, in.Domain)
	setIf(&o.SharedRequests, in.SharedRequests)
}

// handleListOrganisations answers every organisation.
func (s *server) handleListOrganisations(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	os, err := s.store.Organisations(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("organisations", os))
	return nil
}

// handleCreateOrganisation creates an organisation (admins): 201 with Location.
func (s *server) handleCreateOrganisation(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	var in organisationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	var o desk.Organisation
	in.apply(&o)
	if err := s.store.CreateOrganisation(r.Context(), a, &o); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/organisations/%d", o.ID))
	s.writeJSON(w, r, http.StatusCreated, o)
	return nil
}

// handleGetOrganisation answers one organisation.
func (s *server) handleGetOrganisation(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	o, err := s.store.Organisation(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, o)
	return nil
}

// handleUpdateOrganisation changes the fields given (admins) and answers the
// organisation.
func (s *server) handleUpdateOrganisation(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	var in organisationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	o, err := s.store.Organisation(r.Context(), a, id)
	if err != nil {
		return err
	}
	in.apply(o)
	if err := s.store.UpdateOrganisation(r.Context(), a, o); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, o)
	return nil
}

// handleDeleteOrganisation deletes an organisation (admins): 204, or 409 while
// people belong to it.
func (s *server) handleDeleteOrganisation(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	if err := s.store.DeleteOrganisation(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
