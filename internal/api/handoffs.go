package api

import (
	"net/http"

	"guichet/internal/desk"
)

// handoffInput is the body of POST /requests/{number}/handoffs. The department
// is given by id or by slug.
type handoffInput struct {
	ToDepartmentID int64  `json:"to_department_id"`
	ToDepartment   string `json:"to_department"` // slug
	ToAgentID      int64  `json:"to_agent_id"`
	Reason         string `json:"reason"`
}

// handleHandoff gives a request to another department (and optionally agent):
// 201 with the handoff.
func (s *server) handleHandoff(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	var in handoffInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.ToDepartment != "" {
		if in.ToDepartmentID != 0 {
			return desk.Invalid("to_department", "give to_department or to_department_id, not both")
		}
		if in.ToDepartmentID, err = s.departmentBySlug(r, in.ToDepartment, "to_department"); err != nil {
			return err
		}
	}
	h, err := s.store.Handoff(r.Context(), a, number, desk.NewHandoff{
		ToDepartmentID: in.ToDepartmentID, ToAgentID: in.ToAgentID, Reason: in.Reason,
	})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, h)
	return nil
}

// mergeInput is the body of POST /requests/{number}/merge.
type mergeInput struct {
	Into int64 `json:"into"` // number of the request that survives
}

// handleMerge closes a request as a duplicate of another and answers the
// merged (closed) request.
func (s *server) handleMerge(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	var in mergeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Into <= 0 {
		return desk.Invalid("into", "is required: the number of the request to keep")
	}
	req, err := s.store.Merge(r.Context(), a, number, desk.MergeInput{Into: in.Into})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, req)
	return nil
}
