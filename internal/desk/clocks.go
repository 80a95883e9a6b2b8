package desk

import "time"

// ClockState is where a service clock stands: counting, stopped while the desk
// waits on the requester, or finished in time or late.
type ClockState string

// Clock states.
const (
	ClockRunning  ClockState = "running"  // counting business time towards its due time
	ClockPaused   ClockState = "paused"   // waiting on the requester; business time spent so far is kept
	ClockMet      ClockState = "met"      // stopped before its due time
	ClockBreached ClockState = "breached" // its due time has passed, stopped or not
)

// Clocks are a request's live service targets under the service standard that
// applies to it (see package commit). A clock that does not apply is omitted:
// no standard matches, or there is nothing to answer (no next response is
// awaited). A paused clock has no due time. Requesters see these too.
type Clocks struct {
	ServiceStandardID  *int64     `json:"service_standard_id,omitempty"`
	FirstResponseDue   *time.Time `json:"first_response_due,omitempty"`
	FirstResponseState ClockState `json:"first_response_state,omitempty"`
	NextResponseDue    *time.Time `json:"next_response_due,omitempty"`
	NextResponseState  ClockState `json:"next_response_state,omitempty"`
	ResolutionDue      *time.Time `json:"resolution_due,omitempty"`
	ResolutionState    ClockState `json:"resolution_state,omitempty"`
	// The AtRisk marks say a running clock has used most of its target
	// (commit.AtRiskPercent) and is not yet due.
	FirstResponseAtRisk bool `json:"first_response_at_risk,omitempty"`
	NextResponseAtRisk  bool `json:"next_response_at_risk,omitempty"`
	ResolutionAtRisk    bool `json:"resolution_at_risk,omitempty"`
	// NextDeadline is the soonest due time among the clocks still counting:
	// what the inbox's "due soonest" order follows. Nil when none counts
	// (no standard applies, every clock is paused or stopped).
	NextDeadline *Deadline `json:"next_deadline,omitempty"`
	// WaitingOn names the department a consult waits on, and until when,
	// while the request has an open consult.
	WaitingOn *WaitingOn `json:"waiting_on,omitempty"`
}

// WaitingOn is the open consult a request waits on: the one due first.
type WaitingOn struct {
	ConsultID    int64      `json:"consult_id"`
	DepartmentID int64      `json:"department_id"`
	Department   string     `json:"department"`
	Until        *time.Time `json:"until,omitempty"` // the consult's resolution due time, if an agreement sets one
}

// Deadline is a request's soonest due time among its clocks still counting.
type Deadline struct {
	Clock  string     `json:"clock"` // first_response, next_response or resolution
	Due    time.Time  `json:"due"`
	State  ClockState `json:"state"` // running, or breached once Due has passed
	AtRisk bool       `json:"at_risk,omitempty"`
}
