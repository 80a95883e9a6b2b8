package desk

import (
	"slices"
	"strings"
	"time"
)

// Status is where a request stands.
type Status string

// Request statuses.
const (
	StatusNew               Status = "new"
	StatusOpen              Status = "open"
	StatusWaitingRequester  Status = "waiting_requester"
	StatusWaitingDepartment Status = "waiting_department"
	StatusSolved            Status = "solved"
	StatusClosed            Status = "closed"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusNew, StatusOpen, StatusWaitingRequester, StatusWaitingDepartment, StatusSolved, StatusClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Done reports whether s ends the work on a request (solved or closed).
func (s Status) Done() bool { return s == StatusSolved || s == StatusClosed }

// Priority is how urgent a request is.
type Priority string

// Priorities, lowest first.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	return p == PriorityLow || p == PriorityNormal || p == PriorityHigh || p == PriorityUrgent
}

// Channel is how a request reached the desk.
type Channel string

// Channels.
const (
	ChannelAPI    Channel = "api"
	ChannelEmail  Channel = "email"
	ChannelWeb    Channel = "web"
	ChannelPhone  Channel = "phone"
	ChannelPortal Channel = "portal"
)

// Request (a ticket) is one need of one requester. It always has an owning
// department; Number is the human number shown as #1234.
type Request struct {
	Number         int64      `json:"number"`
	Subject        string     `json:"subject"`
	Status         Status     `json:"status"`
	Priority       Priority   `json:"priority"`
	Channel        Channel    `json:"channel"`
	DepartmentID   int64      `json:"department_id"`
	Department     string     `json:"department"` // its name, for display
	AgentID        *int64     `json:"agent_id,omitempty"`
	Agent          string     `json:"agent,omitempty"` // the agent's name, for display
	RequesterID    int64      `json:"requester_id"`
	Requester      string     `json:"requester"` // the requester's name, for display
	OrganisationID *int64     `json:"organisation_id,omitempty"`
	ContactReason  string     `json:"contact_reason,omitempty"`
	Tags           []string   `json:"tags"`
	Spam           bool       `json:"spam"`
	MergedInto     *int64     `json:"merged_into,omitempty"`
	PublicReplies  int        `json:"public_replies"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	SolvedAt       *time.Time `json:"solved_at,omitempty"`
	Clocks                    // live service targets; empty when none applies
}

// RequestDetail is a request with the conversation and history the actor may see.
type RequestDetail struct {
	Request
	Messages []Message `json:"messages"`
	Handoffs []Handoff `json:"handoffs"`
	Events   []Event   `json:"events"`
	// Mail is every mail sent or queued for the requester about the request
	// (acknowledgement, handoff notes, public replies), oldest first; agents only.
	Mail []MailDelivery `json:"mail,omitempty"`
}

// NewRequest is the input to open a request. Requester is found by email or
// created; an empty DepartmentID lets routing choose (the front desk by default).
type NewRequest struct {
	Subject        string
	Body           string // plain text
	BodyHTML       string // optional; sanitised before storage
	RequesterEmail string
	RequesterName  string
	DepartmentID   int64
	DepartmentSlug string
	Priority       Priority
	Channel        Channel
	ContactReason  string
	Tags           []string
	Attachments    []NewAttachment
}

// Validate normalises n and reports its first invalid field.
func (n *NewRequest) Validate() error {
	n.Subject = strings.TrimSpace(n.Subject)
	if err := checkText("subject", n.Subject, 1, 500); err != nil {
		return err
	}
	if err := checkBody("body", n.Body, n.BodyHTML); err != nil {
		return err
	}
	if n.Priority == "" {
		n.Priority = PriorityNormal
	}
	if !n.Priority.Valid() {
		return Invalid("priority", "must be low, normal, high or urgent")
	}
	if n.Channel == "" {
		n.Channel = ChannelAPI
	}
	if err := checkText("contact_reason", n.ContactReason, 0, 100); err != nil {
		return err
	}
	tags, err := NormalizeTags(n.Tags)
	if err != nil {
		return err
	}
	n.Tags = tags
	return checkText("requester.name", n.RequesterName, 0, 200)
}

// RequestPatch changes a request; nil fields stay as they are.
type RequestPatch struct {
	Status        *Status
	Priority      *Priority
	AgentID       *int64 // 0 unassigns
	Tags          *[]string
	ContactReason *string
	Spam          *bool
}

// Validate normalises p and reports its first invalid field.
func (p *RequestPatch) Validate() error {
	if p.Status != nil && !p.Status.Valid() {
		return Invalid("status", "unknown status %q", *p.Status)
	}
	if p.Priority != nil && !p.Priority.Valid() {
		return Invalid("priority", "must be low, normal, high or urgent")
	}
	if p.Tags != nil {
		tags, err := NormalizeTags(*p.Tags)
		if err != nil {
			return err
		}
		p.Tags = &tags
	}
	if p.ContactReason != nil {
		if err := checkText("contact_reason", *p.ContactReason, 0, 100); err != nil {
			return err
		}
	}
	return nil
}

// CheckDone enforces "no request closed without an answer": a request may be
// solved or closed only after at least one public reply, unless it is spam or
// was merged into another request as a duplicate.
func CheckDone(r *Request, to Status) error {
	if !to.Done() || r.Spam || r.MergedInto != nil || r.PublicReplies > 0 {
		return nil
	}
	return &Error{Code: CodeCloseWithoutReply, Field: "status",
		Message: "a request cannot be solved or closed before the requester has received a public reply"}
}

// NormalizeTags lowercases, trims and deduplicates tags, keeping their order.
func NormalizeTags(tags []string) ([]string, error) {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if err := checkText("tags", t, 1, 50); err != nil {
			return nil, err
		}
		if strings.ContainsAny(t, " ,\t\n") {
			return nil, Invalid("tags", "tag %q must not contain spaces or commas", t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) > 20 {
		return nil, Invalid("tags", "at most 20 tags")
	}
	return out, nil
}

// RequestFilter selects requests for a list. Zero fields do not filter.
type RequestFilter struct {
	Status       []Status
	DepartmentID int64
	AgentID      int64
	Unassigned   bool
	RequesterID  int64
	Tag          string
	UpdatedSince time.Time
	Query        string      // full-text, any text is accepted
	Sort         RequestSort // the order without a Query (search results are newest requests first)
	Cursor       string      // opaque, from RequestPage.NextCursor
	Limit        int         // 1..100, default 50
}

// RequestSort is the order of a request list.
type RequestSort string

// Request list orders.
const (
	SortActivity RequestSort = ""       // newest activity first
	SortOldest   RequestSort = "oldest" // oldest activity first: who has waited longest
	// SortDue puts the soonest deadline first (Clocks.NextDeadline, overdue
	// ones first of all), then the requests without one, newest activity first.
	SortDue RequestSort = "due"
)

// Valid reports whether o is a known order.
func (o RequestSort) Valid() bool { return o == SortActivity || o == SortOldest || o == SortDue }

// RequestPage is one page of a request list, newest activity first.
type RequestPage struct {
	Requests   []Request `json:"requests"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

// MergeInput merges a duplicate request into another.
type MergeInput struct {
	Into int64 // number of the request that survives
}
