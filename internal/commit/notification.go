package commit

import (
	"context"
	"time"

	"guichet/internal/desk"
)

// Notification tells an agent that an item needs them: a step of an
// escalation chain named them. Agents only ever see their own; requesters
// never see any.
type Notification struct {
	ID      int64   `json:"id"`
	Number  int64   `json:"request_number"`
	Subject string  `json:"subject"`
	Trigger Trigger `json:"trigger"`
	// Clock is the clock at risk or breached (first_response,
	// next_response, resolution, consult_response, consult_resolution).
	Clock        string `json:"clock,omitempty"`
	Level        Level  `json:"level"` // why this agent: owner, lead or manager
	DepartmentID int64  `json:"department_id"`
	Department   string `json:"department"`
	// ItemDue is when the item fell or falls due (a clock's or promise's
	// due time, the pickup or acceptance deadline).
	ItemDue *time.Time `json:"item_due_at,omitempty"`
	// Within is the department's allowance that was missed ("2h"), for the
	// pickup and acceptance triggers.
	Within    string     `json:"within,omitempty"`
	Promise   string     `json:"promise,omitempty"` // the promise's text, for promise triggers
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// NotificationFilter chooses the notifications listed: only unread ones, at
// most Limit (default 50, at most 200), older than Before (an id; 0: the
// newest).
type NotificationFilter struct {
	UnreadOnly bool
	Limit      int
	Before     int64
}

// EscalationStore keeps the departments' escalation chains and the agents'
// notifications. Chains are read by agents and written by admins
// (CodeForbidden otherwise); an unknown department is CodeNotFound; invalid
// input is CodeInvalid naming the field, and nothing is written.
// Notifications are the calling agent's own; a requester gets CodeForbidden.
type EscalationStore interface {
	// Escalation returns a department's chain (DefaultEscalation when it
	// configured none).
	Escalation(ctx context.Context, a desk.Actor, departmentID int64) (*Escalation, error)
	// SetEscalation saves a department's chain and its leads.
	SetEscalation(ctx context.Context, a desk.Actor, e *Escalation) error
	// Notifications lists the agent's notifications, newest first, and how
	// many are unread.
	Notifications(ctx context.Context, a desk.Actor, f NotificationFilter) ([]Notification, int, error)
	// MarkNotificationsRead marks the agent's notifications ids read (nil:
	// all of them) and returns how many stay unread.
	MarkNotificationsRead(ctx context.Context, a desk.Actor, ids []int64) (int, error)
}

// Events the escalations record on a request (internal: requesters never
// see them).
const (
	// EventEscalated names who a step notified and why.
	EventEscalated = "escalation.notified"
	// EventEscalationUnheard says a chain ended with nobody to notify.
	EventEscalationUnheard = "escalation.unheard"
)
