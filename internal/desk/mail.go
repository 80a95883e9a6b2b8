package desk

import "time"

// MailDelivery is one mail Guichet sends the requester about a request (an
// acknowledgement, a handoff note or a public reply) and where its delivery
// stands. Agents see it on the request and, for a reply, on its message.
type MailDelivery struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`                 // "ack", "handoff" or "reply"
	MessageID *int64     `json:"message_id,omitempty"` // the public reply it carries
	To        string     `json:"to"`
	State     string     `json:"state"` // "queued", "sent" or "failed"
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}
