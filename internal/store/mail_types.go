package store

import (
	"time"

	"guichet/internal/desk"
)

// InboundMail is a parsed mail to store (see internal/mail): the message a
// requester sent, where it was addressed and what it answers.
type InboundMail struct {
	MessageID string // normalised Message-ID, or mail.ContentID of Raw when it has none; required
	Source    string // "smtp", "imap" or "import"
	FromEmail string // the sender, who becomes (or is) the requester
	FromName  string
	Language  desk.Language // the sender's language if they are new
	Subject   string
	Body      string // the new text, quoted history folded away
	BodyHTML  string // sanitised HTML, quoted history removed
	// Attachments are the mail's files; Raw is the whole message, kept in the
	// blob store beside them.
	Attachments []desk.NewAttachment
	Raw         []byte
	// ReplyIDs are the Message-IDs the mail answers, most relevant first;
	// Numbers the request numbers it names (plus-address, then [#1234]).
	ReplyIDs []string
	Numbers  []int64
	// Address is the address of ours it was sent to, without its +tag; a
	// new request goes to the department the mapping gives it (see
	// AddMailAddress), else to the one whose slug is DepartmentSlug (its
	// local part), else to the front desk.
	Address        string
	DepartmentSlug string
	// Auto is "" for mail a person wrote, else "auto-reply", "bounce" or
	// "bulk": recorded, never acknowledged, never reopening a request.
	Auto string
	// NoAck suppresses the acknowledgement (the sender is over the rate limit
	// or has no usable address).
	NoAck bool
}

// IngestResult tells what storing an inbound mail did.
type IngestResult struct {
	Number       int64 // the request the mail joined or opened
	MessageID    int64 // the message it became (0 for a duplicate of an old one without)
	Created      bool  // a new request was opened
	Duplicate    bool  // the Message-ID was already stored: nothing was written
	Acknowledged bool  // an acknowledgement was queued
}

// Outbox mail kinds.
const (
	MailAck     = "ack"     // a new request was received
	MailHandoff = "handoff" // the request has a new owner
	MailReply   = "reply"   // a public reply from the desk
	MailSignIn  = "signin"  // a sign-in link of the requester portal, about no request
	MailAlert   = "alert"   // to an agent: an escalation step or a promise reminder named them
)

// Outbox delivery states.
const (
	MailQueued = "queued"
	MailSent   = "sent"
	MailFailed = "failed"
)

// OutboxMail is one mail of the outbox with what rendering it needs.
type OutboxMail struct {
	ID        int64
	Token     string // local part of the Message-ID
	Kind      string // MailAck, MailHandoff, MailReply, ...
	Number    int64  // the request it is about, 0 for none
	Subject   string // the request's subject, "" for none
	ToEmail   string
	ToName    string
	Language  desk.Language
	Data      map[string]any // department, agent, ... as of the change
	State     string
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    *time.Time
	// Reply is the public reply a MailReply carries.
	Reply *desk.Message
	// InReplyTo and References are the Message-IDs of the requester's mail in
	// this request, newest last, for the mail's threading headers.
	References []string
}
