package desk

import (
	"context"
	"strings"
	"time"
)

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

// MailAddress routes the new requests mailed to an address of the
// organisation to a department. Address is either a local part ("factures":
// that name at every mail domain) or a whole address
// ("factures@example.com": that domain only, preferred over the local part).
// Mail to an address without one goes to the department whose slug is its
// local part, else to the front desk.
type MailAddress struct {
	ID           int64     `json:"id"`
	Address      string    `json:"address"`
	DepartmentID int64     `json:"department_id"`
	Department   string    `json:"department"` // its name, read only
	CreatedAt    time.Time `json:"created_at"`
}

// Validate normalises the address (lowercased, without brackets) and
// reports the first invalid field: an address that is neither a local part
// nor a whole address, one with a "+" (plus-addresses name requests), or no
// department.
func (m *MailAddress) Validate() error {
	a := strings.ToLower(strings.Trim(strings.TrimSpace(m.Address), "<>"))
	if a == "" {
		return Invalid("address", "a local part (factures) or an address (factures@example.com) is required")
	}
	local, probe := a, a+"@example.invalid" // a local part is checked as the start of an address
	if at := strings.LastIndexByte(a, '@'); at >= 0 {
		local, probe = a[:at], a
	}
	if n, err := NormalizeEmail(probe); err != nil || n != probe || len(a) > 200 {
		return Invalid("address", "%q is neither a local part nor an email address", m.Address)
	}
	if strings.Contains(local, "+") {
		return Invalid("address", "an address with \"+\" is a reply address naming a request; use one without")
	}
	if m.DepartmentID <= 0 {
		return Invalid("department_id", "a department is required")
	}
	m.Address = a
	return nil
}

// AnyDomain reports whether the address is a local part, which applies at
// every mail domain.
func (m MailAddress) AnyDomain() bool { return !strings.Contains(m.Address, "@") }

// Mail is what agents reach of the email channel: the address → department
// mapping (changed by admins only, CodeForbidden otherwise) and where the
// mail of a request stands.
type Mail interface {
	// MailAddressList lists the mapped addresses by address.
	MailAddressList(ctx context.Context, a Actor) ([]MailAddress, error)
	// AddMailAddress maps m.Address to m.DepartmentID and sets m's ID,
	// Department and CreatedAt. Bad input is CodeInvalid naming the field
	// (an unknown department too); an address already mapped CodeConflict.
	AddMailAddress(ctx context.Context, a Actor, m *MailAddress) error
	// RemoveMailAddress deletes a mapping; CodeNotFound for an unknown id.
	RemoveMailAddress(ctx context.Context, a Actor, id int64) error
	// MailDeliveries lists the mail sent or queued for a request, oldest
	// first, to agents; a requester gets CodeNotFound.
	MailDeliveries(ctx context.Context, a Actor, number int64) ([]MailDelivery, error)
}
