package desk

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
)

// Visibility tells who may read a message.
type Visibility string

// Message visibilities.
const (
	Public   Visibility = "public"   // the requester sees it
	Internal Visibility = "internal" // an internal note: agents only, never the requester
)

// MessageKind tells who wrote a message and how.
type MessageKind string

// Message kinds.
const (
	KindRequester MessageKind = "requester" // written by the requester (or on their behalf)
	KindReply     MessageKind = "reply"     // a public reply from the desk
	KindNote      MessageKind = "note"      // an internal note
)

// Message is one entry of a request's conversation.
type Message struct {
	ID          int64        `json:"id"`
	Number      int64        `json:"request_number"`
	Kind        MessageKind  `json:"kind"`
	Visibility  Visibility   `json:"visibility"`
	AuthorID    int64        `json:"author_id"`
	Author      string       `json:"author"`
	Body        string       `json:"body"`                // plain text
	BodyHTML    string       `json:"body_html,omitempty"` // sanitised HTML
	Attachments []Attachment `json:"attachments"`
	CreatedAt   time.Time    `json:"created_at"`
	// Delivery is where the mail carrying a public reply stands (agents only).
	Delivery *MailDelivery `json:"delivery,omitempty"`
}

// Attachment is a file attached to a message, stored once per content (SHA-256).
type Attachment struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// NewAttachment is a file to attach.
type NewAttachment struct {
	Filename    string
	ContentType string
	Content     []byte
}

// NewMessage is the input to add a message. Visibility defaults to public; an
// agent's public message is a reply, a requester's is a requester message.
type NewMessage struct {
	Visibility  Visibility
	Body        string
	BodyHTML    string
	Attachments []NewAttachment
}

// Validate normalises m and reports its first invalid field.
func (m *NewMessage) Validate() error {
	if m.Visibility == "" {
		m.Visibility = Public
	}
	if m.Visibility != Public && m.Visibility != Internal {
		return Invalid("visibility", "must be public or internal")
	}
	return checkBody("body", m.Body, m.BodyHTML)
}

// MaxBodyRunes bounds a message body.
const MaxBodyRunes = 200_000

func checkBody(field, text, html string) error {
	if !utf8.ValidString(text) || !utf8.ValidString(html) || strings.ContainsRune(text, 0) {
		return Invalid(field, "must be valid UTF-8 text")
	}
	if strings.TrimSpace(text) == "" && strings.TrimSpace(html) == "" {
		return Invalid(field, "is required")
	}
	if utf8.RuneCountInString(text) > MaxBodyRunes || utf8.RuneCountInString(html) > 4*MaxBodyRunes {
		return Invalid(field, "must be at most %d characters", MaxBodyRunes)
	}
	return nil
}

// ValidateAttachment checks one attachment against the size limit in bytes.
func ValidateAttachment(a *NewAttachment, maxBytes int64) error {
	a.Filename = strings.TrimSpace(a.Filename)
	if err := checkText("attachments.filename", a.Filename, 1, 255); err != nil {
		return err
	}
	if strings.ContainsAny(a.Filename, "/\\") {
		return Invalid("attachments.filename", "must not contain path separators")
	}
	if a.ContentType == "" {
		a.ContentType = "application/octet-stream"
	}
	if int64(len(a.Content)) > maxBytes {
		return &Error{Code: CodeTooLarge, Field: "attachments", Message: "attachment is larger than the limit"}
	}
	return nil
}

var htmlPolicy = bluemonday.UGCPolicy()

// SanitizeHTML returns html with scripts, event handlers, javascript: URLs and
// anything else unsafe removed. It is applied to every body before storage.
func SanitizeHTML(html string) string {
	if html == "" {
		return ""
	}
	return htmlPolicy.Sanitize(html)
}

// Handoff records that a request changed owner: from one department (and agent)
// to another, with a reason. The requester is told who now owns the request; the
// one who handed off follows it until the new owner accepts.
type Handoff struct {
	ID               int64      `json:"id"`
	Number           int64      `json:"request_number"`
	FromDepartmentID int64      `json:"from_department_id"`
	FromDepartment   string     `json:"from_department"`
	FromAgentID      *int64     `json:"from_agent_id,omitempty"`
	ToDepartmentID   int64      `json:"to_department_id"`
	ToDepartment     string     `json:"to_department"`
	ToAgentID        *int64     `json:"to_agent_id,omitempty"`
	ToAgent          string     `json:"to_agent,omitempty"`
	Reason           string     `json:"reason"`
	ByID             int64      `json:"by_id"`
	CreatedAt        time.Time  `json:"created_at"`
	AcceptedAt       *time.Time `json:"accepted_at,omitempty"`
}

// NewHandoff is the input to hand a request off to another department/agent.
type NewHandoff struct {
	ToDepartmentID int64
	ToAgentID      int64 // optional
	Reason         string
}

// Validate reports the first invalid field of h.
func (h *NewHandoff) Validate() error {
	if h.ToDepartmentID <= 0 {
		return Invalid("to_department_id", "is required")
	}
	h.Reason = strings.TrimSpace(h.Reason)
	return checkText("reason", h.Reason, 1, 2000)
}

// Event is one append-only audit record of a change to a request.
type Event struct {
	ID        int64          `json:"id"`
	Number    int64          `json:"request_number"`
	ActorID   *int64         `json:"actor_id,omitempty"` // nil for the system
	Actor     string         `json:"actor,omitempty"`
	Type      string         `json:"type"` // e.g. "request.created", "status.changed"
	Data      map[string]any `json:"data,omitempty"`
	Public    bool           `json:"public"` // shown to the requester
	CreatedAt time.Time      `json:"created_at"`
}

// Event types.
const (
	EventCreated         = "request.created"
	EventMessageAdded    = "message.added"
	EventStatusChanged   = "status.changed"
	EventPriorityChanged = "priority.changed"
	EventAssigned        = "agent.assigned"
	EventTagsChanged     = "tags.changed"
	EventReasonChanged   = "contact_reason.changed"
	EventSpamChanged     = "spam.changed"
	EventHandedOff       = "handed_off"
	EventMerged          = "merged"
	EventMergedFrom      = "merged_from"
)
