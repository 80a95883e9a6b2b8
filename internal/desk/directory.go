package desk

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Organisation is a company or institution whose people may ask for help. When
// SharedRequests is set, its members can read each other's requests.
type Organisation struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Domain         string    `json:"domain,omitempty"` // mail domain of its people, e.g. "ecole-soleil.example"
	SharedRequests bool      `json:"shared_requests"`
	CreatedAt      time.Time `json:"created_at"`
}

// Validate reports the first invalid field of o.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	o.Domain = strings.ToLower(strings.TrimSpace(o.Domain))
	if err := checkText("name", o.Name, 1, 200); err != nil {
		return err
	}
	return checkText("domain", o.Domain, 0, 200)
}

// Department is a unit of the organisation running Guichet. Every department can
// serve requests and ask other departments for help. Exactly one department is
// the front desk: it owns whatever no rule routes elsewhere.
type Department struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"` // short stable name, also the local part of its mail address
	Name      string    `json:"name"`
	Handles   string    `json:"handles,omitempty"` // what it handles, keywords for the "who handles what" directory
	FrontDesk bool      `json:"front_desk"`
	CreatedAt time.Time `json:"created_at"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Validate reports the first invalid field of d.
func (d *Department) Validate() error {
	d.Slug = strings.ToLower(strings.TrimSpace(d.Slug))
	d.Name = strings.TrimSpace(d.Name)
	if !slugRE.MatchString(d.Slug) {
		return Invalid("slug", "must be 1-63 lowercase letters, digits or dashes")
	}
	if err := checkText("name", d.Name, 1, 200); err != nil {
		return err
	}
	return checkText("handles", d.Handles, 0, 2000)
}

// PersonKind tells whether a person belongs to the organisation running Guichet.
type PersonKind string

// Person kinds.
const (
	InternalPerson PersonKind = "internal" // a colleague; belongs to a department
	ExternalPerson PersonKind = "external" // a client; may belong to an organisation
)

// Language is a user-interface and mail language.
type Language string

// Supported languages.
const (
	French  Language = "fr-CA"
	English Language = "en"
)

// Person is anyone who comes with a need: a requester. Agents are people too.
type Person struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	Kind           PersonKind `json:"kind"`
	DepartmentID   *int64     `json:"department_id,omitempty"`   // internal people only
	OrganisationID *int64     `json:"organisation_id,omitempty"` // external people only
	Language       Language   `json:"language"`
	Emails         []string   `json:"emails"` // the first is the primary address
	CreatedAt      time.Time  `json:"created_at"`
}

// Validate normalises and checks p: emails lowercased and deduplicated, a kind
// and language set, and the department/organisation consistent with the kind.
func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if err := checkText("name", p.Name, 0, 200); err != nil {
		return err
	}
	if p.Kind == "" {
		p.Kind = ExternalPerson
	}
	if p.Kind != InternalPerson && p.Kind != ExternalPerson {
		return Invalid("kind", "must be internal or external")
	}
	if p.Kind == ExternalPerson && p.DepartmentID != nil {
		return Invalid("department_id", "only internal people belong to a department")
	}
	if p.Kind == InternalPerson && p.OrganisationID != nil {
		return Invalid("organisation_id", "internal people belong to a department, not an organisation")
	}
	if p.Language == "" {
		p.Language = French
	}
	if p.Language != French && p.Language != English {
		return Invalid("language", "must be fr-CA or en")
	}
	if len(p.Emails) == 0 {
		return Invalid("emails", "at least one email address is required")
	}
	seen := map[string]bool{}
	out := p.Emails[:0]
	for _, e := range p.Emails {
		n, err := NormalizeEmail(e)
		if err != nil {
			return err
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	p.Emails = out
	if p.Name == "" {
		p.Name = p.Emails[0]
	}
	return nil
}

// NormalizeEmail returns the lowercased bare address of s, or a validation error
// on field "email" if s is not a single valid address.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 254 || !utf8.ValidString(s) {
		return "", Invalid("email", "a valid email address is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s && !strings.Contains(s, "<") {
		return "", Invalid("email", "%q is not a valid email address", s)
	}
	addr := strings.ToLower(a.Address)
	at := strings.LastIndexByte(addr, '@')
	if at < 1 || !strings.Contains(addr[at+1:], ".") {
		return "", Invalid("email", "%q is not a valid email address", s)
	}
	return addr, nil
}

// Role is what an agent may do.
type Role string

// Agent roles.
const (
	RoleAdmin    Role = "admin"     // everything, including the directory and agents
	RoleAgent    Role = "agent"     // works requests
	RoleReadOnly Role = "read-only" // reads requests, changes nothing
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleAgent || r == RoleReadOnly }

// Agent is a person who serves requests, member of one or more departments.
type Agent struct {
	PersonID      int64     `json:"person_id"`
	Name          string    `json:"name"`
	Email         string    `json:"email"`
	Role          Role      `json:"role"`
	Active        bool      `json:"active"`
	DepartmentIDs []int64   `json:"department_ids"`
	CreatedAt     time.Time `json:"created_at"`
}

// Validate reports the first invalid field of a.
func (a *Agent) Validate() error {
	if a.Role == "" {
		a.Role = RoleAgent
	}
	if !a.Role.Valid() {
		return Invalid("role", "must be admin, agent or read-only")
	}
	return nil
}

// checkText validates a text field: valid UTF-8, no NUL, between min and max runes.
func checkText(field, s string, min, max int) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return Invalid(field, "must be valid UTF-8 text")
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		return Invalid(field, "is required")
	}
	if n > max {
		return Invalid(field, "must be at most %d characters", max)
	}
	return nil
}
