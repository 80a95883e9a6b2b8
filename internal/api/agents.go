package api

import (
	"context"
	"fmt"
	"net/http"

	"guichet/internal/desk"
)

// createAgentInput is the body of POST /agents: an existing person (person_id)
// or a person found or created by email (email and name).
type createAgentInput struct {
	PersonID      int64     `json:"person_id"`
	Email         string    `json:"email"`
	Name          string    `json:"name"`
	Role          desk.Role `json:"role"`
	DepartmentIDs []int64   `json:"department_ids"`
}

// handleCreateAgent makes a person an agent (admins): 201 with Location; 409
// if they already are one. Everything is checked before a new person is
// created, so a refused agent leaves no person behind.
func (s *server) handleCreateAgent(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	var in createAgentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	ag := desk.Agent{PersonID: in.PersonID, Role: in.Role, Active: true, DepartmentIDs: in.DepartmentIDs}
	if ag.DepartmentIDs == nil {
		ag.DepartmentIDs = []int64{}
	}
	if err := ag.Validate(); err != nil {
		return err
	}
	if err := s.checkDepartments(r.Context(), a, ag.DepartmentIDs); err != nil {
		return err
	}
	id, err := s.agentPerson(r.Context(), a, in)
	if err != nil {
		return err
	}
	ag.PersonID = id
	if err := s.store.CreateAgent(r.Context(), a, &ag); err != nil {
		return err
	}
	created, err := s.store.Agent(r.Context(), a, ag.PersonID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/agents/%d", created.PersonID))
	s.writeJSON(w, r, http.StatusCreated, created)
	return nil
}

// agentPerson returns the id of the person to make an agent: person_id, or
// the person with that email, created as an internal person if unknown.
func (s *server) agentPerson(ctx context.Context, a desk.Actor, in createAgentInput) (int64, error) {
	if in.PersonID != 0 {
		if in.Email != "" || in.Name != "" {
			return 0, desk.Invalid("person_id", "give person_id or email and name, not both")
		}
		p, err := s.store.Person(ctx, a, in.PersonID)
		if desk.ErrorCode(err) == desk.CodeNotFound {
			return 0, desk.Invalid("person_id", "no person %d", in.PersonID)
		}
		if err != nil {
			return 0, err
		}
		return p.ID, nil
	}
	email, err := desk.NormalizeEmail(in.Email)
	if err != nil {
		return 0, err
	}
	p, err := s.store.PersonByEmail(ctx, a, email)
	if err == nil {
		return p.ID, nil
	}
	if desk.ErrorCode(err) != desk.CodeNotFound {
		return 0, err
	}
	np := desk.Person{Name: in.Name, Kind: desk.InternalPerson, Emails: []string{email}}
	if len(in.DepartmentIDs) > 0 {
		np.DepartmentID = &in.DepartmentIDs[0]
	}
	if err := s.store.CreatePerson(ctx, a, &np); err != nil {
		return 0, err
	}
	return np.ID, nil
}

// checkDepartments reports CodeInvalid on "department_ids" when one is unknown.
func (s *server) checkDepartments(ctx context.Context, a desk.Actor, ids []int64) error {
	for _, id := range ids {
		_, err := s.store.Department(ctx, a, id)
		if desk.ErrorCode(err) == desk.CodeNotFound {
			return desk.Invalid("department_ids", "no department %d", id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// handleListAgents answers every agent.
func (s *server) handleListAgents(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	ags, err := s.store.Agents(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("agents", ags))
	return nil
}

// handleGetAgent answers one agent by person id.
func (s *server) handleGetAgent(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "agent")
	if err != nil {
		return err
	}
	ag, err := s.store.Agent(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, ag)
	return nil
}

// updateAgentInput is the body of PATCH /agents/{id}; absent fields stay.
type updateAgentInput struct {
	Role          *desk.Role `json:"role"`
	Active        *bool      `json:"active"`
	DepartmentIDs *[]int64   `json:"department_ids"`
}

// handleUpdateAgent changes an agent's role, activity or departments (admins).
func (s *server) handleUpdateAgent(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "agent")
	if err != nil {
		return err
	}
	var in updateAgentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	ag, err := s.store.Agent(r.Context(), a, id)
	if err != nil {
		return err
	}
	setIf(&ag.Role, in.Role)
	setIf(&ag.Active, in.Active)
	setIf(&ag.DepartmentIDs, in.DepartmentIDs)
	if in.DepartmentIDs != nil {
		if err := s.checkDepartments(r.Context(), a, ag.DepartmentIDs); err != nil {
			return err
		}
	}
	if err := s.store.UpdateAgent(r.Context(), a, ag); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, ag)
	return nil
}
