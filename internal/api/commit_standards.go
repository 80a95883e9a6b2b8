package api

import (
	"fmt"
	"net/http"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// standardInput is the body of POST /service-standards and PATCH
// /service-standards/{id}; on PATCH absent fields stay as they are, and
// conditions, when given, replace all the conditions. A target is business
// time ("4h", "90m") or business days ("2d"); null or "" removes it.
type standardInput struct {
	Name          *string            `json:"name"`
	Conditions    *commit.Conditions `json:"conditions"`
	CalendarID    nullableID         `json:"calendar_id"`
	FirstResponse nullableText       `json:"first_response"`
	NextResponse  nullableText       `json:"next_response"`
	Resolution    nullableText       `json:"resolution"`
	Active        *bool              `json:"active"`
}

// apply copies the fields present in in onto st.
func (in standardInput) apply(st *commit.Standard) error {
	setIf(&st.Name, in.Name)
	setIf(&st.Conditions, in.Conditions)
	setIf(&st.Active, in.Active)
	setNullableID(&st.CalendarID, in.CalendarID)
	if err := setTarget(&st.FirstResponse, in.FirstResponse, "first_response"); err != nil {
		return err
	}
	if err := setTarget(&st.NextResponse, in.NextResponse, "next_response"); err != nil {
		return err
	}
	return setTarget(&st.Resolution, in.Resolution, "resolution")
}

// handleListStandards answers every service standard, most specific first.
func (s *server) handleListStandards(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	list, err := cs.Standards(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("service_standards", list))
	return nil
}

// handleCreateStandard creates a service standard (admins), active unless
// said otherwise: 201 with Location.
func (s *server) handleCreateStandard(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	var in standardInput
	if err := decode(r, &in); err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	st := commit.Standard{Active: true}
	if err := in.apply(&st); err != nil {
		return err
	}
	if err := cs.CreateStandard(r.Context(), a, &st); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/service-standards/%d", st.ID))
	s.writeJSON(w, r, http.StatusCreated, st)
	return nil
}

// handleGetStandard answers one service standard.
func (s *server) handleGetStandard(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "service standard")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	st, err := cs.Standard(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, st)
	return nil
}

// handleUpdateStandard changes the fields given (admins) and answers the
// standard; open requests' clocks are computed again.
func (s *server) handleUpdateStandard(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	var in standardInput
	if err := decode(r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id", "service standard")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	st, err := cs.Standard(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := in.apply(st); err != nil {
		return err
	}
	if err := cs.UpdateStandard(r.Context(), a, st); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, st)
	return nil
}

// handleDeleteStandard deletes a service standard (admins): 204, or 409
// once clocks ran under it.
func (s *server) handleDeleteStandard(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "service standard")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	if err := cs.DeleteStandard(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
