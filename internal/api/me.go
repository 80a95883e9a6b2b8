package api

import (
	"net/http"

	"guichet/internal/desk"
)

// me is the actor as the API shows it.
type me struct {
	PersonID       int64     `json:"person_id"`
	Name           string    `json:"name"`
	Role           desk.Role `json:"role,omitempty"` // empty for a requester
	Agent          bool      `json:"agent"`
	DepartmentIDs  []int64   `json:"department_ids"`
	OrganisationID *int64    `json:"organisation_id,omitempty"`
	OrgShared      bool      `json:"organisation_shared"`
}

// handleMe answers who the caller is.
func (s *server) handleMe(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	m := me{PersonID: a.PersonID, Name: a.Name, Role: a.Role, Agent: a.IsAgent(),
		DepartmentIDs: a.DepartmentIDs, OrganisationID: a.OrganisationID, OrgShared: a.OrgShared}
	if m.DepartmentIDs == nil {
		m.DepartmentIDs = []int64{}
	}
	s.writeJSON(w, r, http.StatusOK, m)
	return nil
}
