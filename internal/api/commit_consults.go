package api

import (
	"fmt"
	"net/http"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// consultInput is the body of POST /requests/{number}/consults. The
// department is given by id or by slug; an empty contact reason takes the
// request's.
type consultInput struct {
	ToDepartmentID int64  `json:"to_department_id"`
	ToDepartment   string `json:"to_department"` // slug
	Question       string `json:"question"`
	ContactReason  string `json:"contact_reason"`
}

// handleOpenConsult asks another department about a request: 201 with the
// consult; the request now waits on that department.
func (s *server) handleOpenConsult(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	var in consultInput
	if err := decode(r, &in); err != nil {
		return err
	}
	number, err := pathID(r, "number", "request")
	if err != nil {
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
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	c, err := cs.OpenConsult(r.Context(), a, number, commit.NewConsult{ToDepartmentID: in.ToDepartmentID,
		Question: in.Question, ContactReason: in.ContactReason})
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/requests/%d/consults/%d", number, c.ID))
	s.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

// handleListConsults answers a request's consults (agents only).
func (s *server) handleListConsults(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	list, err := cs.Consults(r.Context(), a, number)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("consults", list))
	return nil
}

// answerInput is the body of POST /requests/{number}/consults/{id}/answer.
// final (default true) closes the consult; false only acknowledges it.
type answerInput struct {
	Answer string `json:"answer"`
	Final  *bool  `json:"final"`
}

// handleAnswerConsult records the consulted department's answer and answers
// the consult; the answer comes back to the request as an internal note.
func (s *server) handleAnswerConsult(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	var in answerInput
	if err := decode(r, &in); err != nil {
		return err
	}
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "consult")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	final := in.Final == nil || *in.Final
	c, err := cs.AnswerConsult(r.Context(), a, number, id, commit.ConsultAnswer{Answer: in.Answer, Final: final})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// handleConsultQueue answers the open consults asked of a department, given
// by id or slug in the required department parameter.
func (s *server) handleConsultQueue(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	q := r.URL.Query()
	if err := checkParams(q, "department"); err != nil {
		return err
	}
	v := q.Get("department")
	if v == "" {
		return desk.Invalid("department", "is required: the consulted department, by id or slug")
	}
	dept, err := s.departmentRef(r, v, "department")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	list, err := cs.ConsultQueue(r.Context(), a, dept)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("consults", list))
	return nil
}
