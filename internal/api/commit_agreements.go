package api

import (
	"fmt"
	"net/http"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// agreementInput is the body of POST /agreements and PATCH /agreements/{id};
// on PATCH absent fields stay as they are. A target is business time ("4h")
// or business days ("2d"); null or "" removes it.
type agreementInput struct {
	Name                 *string      `json:"name"`
	ProviderDepartmentID *int64       `json:"provider_department_id"`
	CustomerDepartmentID nullableID   `json:"customer_department_id"`
	ContactReason        *string      `json:"contact_reason"`
	CalendarID           nullableID   `json:"calendar_id"`
	Response             nullableText `json:"response"`
	Resolution           nullableText `json:"resolution"`
	Active               *bool        `json:"active"`
}

// apply copies the fields present in in onto ag.
func (in agreementInput) apply(ag *commit.Agreement) error {
	setIf(&ag.Name, in.Name)
	setIf(&ag.ProviderDepartmentID, in.ProviderDepartmentID)
	setIf(&ag.ContactReason, in.ContactReason)
	setIf(&ag.Active, in.Active)
	setNullableID(&ag.CustomerDepartmentID, in.CustomerDepartmentID)
	setNullableID(&ag.CalendarID, in.CalendarID)
	if err := setTarget(&ag.Response, in.Response, "response"); err != nil {
		return err
	}
	return setTarget(&ag.Resolution, in.Resolution, "resolution")
}

// handleListAgreements answers every internal agreement.
func (s *server) handleListAgreements(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	list, err := cs.Agreements(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("agreements", list))
	return nil
}

// handleCreateAgreement creates an internal agreement (admins), active
// unless said otherwise: 201 with Location.
func (s *server) handleCreateAgreement(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	var in agreementInput
	if err := decode(r, &in); err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	ag := commit.Agreement{Active: true}
	if err := in.apply(&ag); err != nil {
		return err
	}
	if err := cs.CreateAgreement(r.Context(), a, &ag); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/agreements/%d", ag.ID))
	s.writeJSON(w, r, http.StatusCreated, ag)
	return nil
}

// handleGetAgreement answers one internal agreement.
func (s *server) handleGetAgreement(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "agreement")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	ag, err := cs.Agreement(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, ag)
	return nil
}

// handleUpdateAgreement changes the fields given (admins) and answers the
// agreement; open consults under it are computed again.
func (s *server) handleUpdateAgreement(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	var in agreementInput
	if err := decode(r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id", "agreement")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	ag, err := cs.Agreement(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := in.apply(ag); err != nil {
		return err
	}
	if err := cs.UpdateAgreement(r.Context(), a, ag); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, ag)
	return nil
}

// handleDeleteAgreement deletes an agreement (admins): 204, or 409 once a
// consult ran under it.
func (s *server) handleDeleteAgreement(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "agreement")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	if err := cs.DeleteAgreement(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
