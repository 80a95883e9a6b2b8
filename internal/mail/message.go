// Package mail is Guichet's email channel without the network: it parses
// inbound mail into something safe to store (charsets decoded, HTML
// sanitised, quoted history and signatures folded away, malformed mail kept
// whole), tells which request a reply belongs to, recognises automatic mail
// that must never be acknowledged, and renders the mail Guichet sends
// (acknowledgements, handoff notes, public replies) in French and English.
//
// The SMTP listener (internal/smtpd), IMAP polling (internal/imappoll) and
// imports (internal/mailimport) hand raw messages to an Ingester, which
// parses them and stores them through the store in one transaction.
package mail

import (
	"time"

	"guichet/internal/desk"
)

// Address is a mailbox: an optional display name and a lowercased address.
type Address struct {
	Name  string
	Email string
}

// AutoKind tells whether a message was written by a machine rather than a
// person. Automatic mail is recorded but never acknowledged and never
// reopens a solved request.
type AutoKind string

// Kinds of automatic mail.
const (
	NotAuto   AutoKind = ""
	AutoReply AutoKind = "auto-reply" // out-of-office and other auto-responders
	Bounce    AutoKind = "bounce"     // delivery status notifications, null sender
	Bulk      AutoKind = "bulk"       // mailing lists, newsletters, Precedence: bulk
)

// Message is an inbound mail, parsed and made safe to store.
type Message struct {
	// MessageID is the normalised Message-ID (no angle brackets), or the
	// message's ContentID when it has none or an unusable one.
	MessageID  string
	InReplyTo  []string
	References []string
	// OriginalIDs are the Message-IDs of mail quoted whole inside this one
	// (the original message returned by a bounce).
	OriginalIDs []string
	Subject     string
	From        Address
	To, Cc      []Address
	Date        time.Time
	// Text is the new text of the message, quoted history and signature
	// folded away into Quoted.
	Text   string
	Quoted string
	// HTML is the sanitised HTML body with quoted history removed, "" if none.
	HTML        string
	Attachments []desk.NewAttachment
	Auto        AutoKind
	Language    desk.Language // best guess, for a requester not known yet
	// Malformed is set when the message could not be read completely; the raw
	// message is then also attached as message.eml.
	Malformed bool
	Problems  []string // what went wrong while reading, for the logs
	Raw       []byte
}

// ReplyIDs returns the Message-IDs this message answers, most relevant first:
// In-Reply-To, then References from the newest, then the IDs quoted inside it.
func (m *Message) ReplyIDs() []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] && len(out) < maxReplyIDs {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range m.InReplyTo {
		add(id)
	}
	for i := len(m.References) - 1; i >= 0; i-- {
		add(m.References[i])
	}
	for _, id := range m.OriginalIDs {
		add(id)
	}
	return out
}

// maxReplyIDs bounds how many referenced Message-IDs are looked up.
const maxReplyIDs = 20
