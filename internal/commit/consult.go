package commit

import (
	"strings"
	"time"

	"guichet/internal/desk"
)

// ConsultState is where a consult stands.
type ConsultState string

// Consult states.
const (
	ConsultOpen     ConsultState = "open"     // waiting on the consulted department
	ConsultAnswered ConsultState = "answered" // finally answered; the parent no longer waits on it
)

// Consult is one department asking another for something on a request it
// keeps owning. It runs under the internal agreement that covers it (none
// when no agreement does: then it has no due times). Agents only: a
// requester sees that their request waits on a department, never the consult.
type Consult struct {
	ID               int64           `json:"id"`
	Number           int64           `json:"request_number"`
	FromDepartmentID int64           `json:"from_department_id"` // the parent's owner when asked
	FromDepartment   string          `json:"from_department"`
	ToDepartmentID   int64           `json:"to_department_id"` // the consulted department
	ToDepartment     string          `json:"to_department"`
	AgreementID      *int64          `json:"agreement_id,omitempty"`
	ContactReason    string          `json:"contact_reason,omitempty"`
	Question         string          `json:"question"`
	AskedByID        int64           `json:"asked_by_id"`
	AskedBy          string          `json:"asked_by"`
	AskedAt          time.Time       `json:"asked_at"`
	ResponseDue      *time.Time      `json:"response_due,omitempty"`
	ResponseState    desk.ClockState `json:"response_state,omitempty"`
	ResolutionDue    *time.Time      `json:"resolution_due,omitempty"`
	ResolutionState  desk.ClockState `json:"resolution_state,omitempty"`
	RespondedAt      *time.Time      `json:"responded_at,omitempty"` // first answer
	AnsweredAt       *time.Time      `json:"answered_at,omitempty"`  // final answer
	Answer           string          `json:"answer,omitempty"`       // the final answer
	AnsweredByID     *int64          `json:"answered_by_id,omitempty"`
	AnsweredBy       string          `json:"answered_by,omitempty"`
	State            ConsultState    `json:"state"`
}

// NewConsult is the input to consult a department about a request. An empty
// ContactReason takes the request's.
type NewConsult struct {
	ToDepartmentID int64
	Question       string
	ContactReason  string
}

// Validate normalises c and reports its first invalid field.
func (c *NewConsult) Validate() error {
	if c.ToDepartmentID <= 0 {
		return desk.Invalid("to_department_id", "is required: the department to consult")
	}
	c.Question = strings.TrimSpace(c.Question)
	if err := checkText("question", c.Question, 1, 10000); err != nil {
		return err
	}
	return checkText("contact_reason", c.ContactReason, 0, 100)
}

// ConsultAnswer is the consulted department's answer. A final answer closes
// the consult; one that is not only meets the response target.
type ConsultAnswer struct {
	Answer string
	Final  bool
}

// Validate normalises a and reports its first invalid field.
func (a *ConsultAnswer) Validate() error {
	a.Answer = strings.TrimSpace(a.Answer)
	return checkText("answer", a.Answer, 1, 10000)
}
