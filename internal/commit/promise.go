package commit

import (
	"strings"
	"time"

	"guichet/internal/desk"
)

// PromiseState is where a promise stands.
type PromiseState string

// Promise states.
const (
	PromisePending PromiseState = "pending" // not yet due, not yet kept
	PromiseKept    PromiseState = "kept"    // kept by its due time
	PromiseBroken  PromiseState = "broken"  // due and not kept, or kept late
)

// MaxPromiseAhead bounds how far ahead a promise may fall due.
const MaxPromiseAhead = 366 * 24 * time.Hour

// Promise is a follow-up an agent promised the requester ("I will call you
// back Thursday with the shipping date"). Requesters see their promises.
type Promise struct {
	ID           int64        `json:"id"`
	Number       int64        `json:"request_number"`
	DepartmentID int64        `json:"department_id"` // the request's owner when promised
	Text         string       `json:"text"`
	DueAt        time.Time    `json:"due_at"`
	MadeByID     int64        `json:"made_by_id"`
	MadeBy       string       `json:"made_by"`
	CreatedAt    time.Time    `json:"created_at"`
	KeptAt       *time.Time   `json:"kept_at,omitempty"`
	State        PromiseState `json:"state"`
}

// NewPromise is the input to promise a follow-up.
type NewPromise struct {
	Text  string
	DueAt time.Time
}

// Validate normalises p and reports its first invalid field at instant now:
// a text of 1–2000 characters and a due time after now, within a year.
func (p *NewPromise) Validate(now time.Time) error {
	p.Text = strings.TrimSpace(p.Text)
	if err := checkText("text", p.Text, 1, 2000); err != nil {
		return err
	}
	switch {
	case p.DueAt.IsZero():
		return desk.Invalid("due_at", "is required: when the promise falls due")
	case !p.DueAt.After(now):
		return desk.Invalid("due_at", "must be in the future")
	case p.DueAt.Sub(now) > MaxPromiseAhead:
		return desk.Invalid("due_at", "must be within a year")
	}
	return nil
}

// StateOf returns the state of a promise due at due and kept at kept (nil:
// not yet) at instant now: kept on time, broken once due without being kept
// or when kept late, pending otherwise (until and at its due time).
func StateOf(due time.Time, kept *time.Time, now time.Time) PromiseState {
	switch {
	case kept != nil && !kept.After(due):
		return PromiseKept
	case kept != nil || now.After(due):
		return PromiseBroken
	}
	return PromisePending
}
