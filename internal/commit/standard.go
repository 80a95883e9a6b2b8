package commit

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"guichet/internal/desk"
)

// Conditions choose the requests a service standard applies to. An empty
// condition matches anything; a standard without conditions applies to every
// request no more specific standard claims.
type Conditions struct {
	DepartmentID   *int64          `json:"department_id,omitempty"`   // the owning department
	RequesterKind  desk.PersonKind `json:"requester_kind,omitempty"`  // internal or external
	OrganisationID *int64          `json:"organisation_id,omitempty"` // the requester's organisation
	Priority       desk.Priority   `json:"priority,omitempty"`
	ContactReason  string          `json:"contact_reason,omitempty"` // compared without regard to case
	Channel        desk.Channel    `json:"channel,omitempty"`
}

// Subject is what conditions are matched against: a request's facts.
type Subject struct {
	DepartmentID   int64
	RequesterKind  desk.PersonKind
	OrganisationID *int64
	Priority       desk.Priority
	ContactReason  string
	Channel        desk.Channel
}

// Condition weights break ties between standards with as many conditions.
const (
	weightOrganisation = 32
	weightReason       = 16
	weightDepartment   = 8
	weightPriority     = 4
	weightKind         = 2
	weightChannel      = 1
	weightPerCondition = 64
)

// Specificity ranks conditions: the most specific matching standard wins.
// More conditions always win; between as many, the conditions weigh, from
// heaviest: organisation, contact reason, department, priority, requester
// kind, channel (so an organisation's own standard beats a department's).
// Two different condition sets never rank the same; identical ones are
// refused by the store.
func (c Conditions) Specificity() int {
	n, w := 0, 0
	add := func(set bool, weight int) {
		if set {
			n++
			w += weight
		}
	}
	add(c.OrganisationID != nil, weightOrganisation)
	add(c.ContactReason != "", weightReason)
	add(c.DepartmentID != nil, weightDepartment)
	add(c.Priority != "", weightPriority)
	add(c.RequesterKind != "", weightKind)
	add(c.Channel != "", weightChannel)
	return n*weightPerCondition + w
}

// Matches reports whether every condition of c holds for s.
func (c Conditions) Matches(s Subject) bool {
	return (c.DepartmentID == nil || *c.DepartmentID == s.DepartmentID) &&
		(c.RequesterKind == "" || c.RequesterKind == s.RequesterKind) &&
		(c.OrganisationID == nil || s.OrganisationID != nil && *c.OrganisationID == *s.OrganisationID) &&
		(c.Priority == "" || c.Priority == s.Priority) &&
		(c.ContactReason == "" || c.ContactReason == NormalizeReason(s.ContactReason)) &&
		(c.Channel == "" || c.Channel == s.Channel)
}

// NormalizeReason returns a contact reason as conditions compare it: trimmed
// and lowercased.
func NormalizeReason(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate normalises c and reports its first invalid field, named under
// "conditions.". Whether the department and organisation exist is the
// store's to check.
func (c *Conditions) Validate() error {
	c.ContactReason = NormalizeReason(c.ContactReason)
	switch {
	case c.DepartmentID != nil && *c.DepartmentID <= 0:
		return desk.Invalid("conditions.department_id", "must be a department id")
	case c.OrganisationID != nil && *c.OrganisationID <= 0:
		return desk.Invalid("conditions.organisation_id", "must be an organisation id")
	case c.RequesterKind != "" && c.RequesterKind != desk.InternalPerson && c.RequesterKind != desk.ExternalPerson:
		return desk.Invalid("conditions.requester_kind", "must be internal or external")
	case c.RequesterKind == desk.InternalPerson && c.OrganisationID != nil:
		return desk.Invalid("conditions.organisation_id",
			"internal requesters belong to a department, not an organisation: these conditions would match nothing")
	case c.Priority != "" && !c.Priority.Valid():
		return desk.Invalid("conditions.priority", "must be low, normal, high or urgent")
	case c.Channel != "" && !slices.Contains(Channels, c.Channel):
		return desk.Invalid("conditions.channel", "must be api, email, web, phone or portal")
	}
	return checkText("conditions.contact_reason", c.ContactReason, 0, 100)
}

// Channels lists the channels a condition may name.
var Channels = []desk.Channel{desk.ChannelAPI, desk.ChannelEmail, desk.ChannelWeb, desk.ChannelPhone, desk.ChannelPortal}

// Standard is a service standard: what the desk promises the requesters it
// matches, in business time on a calendar.
type Standard struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Conditions Conditions `json:"conditions"`
	// CalendarID is the calendar its targets count on; nil means the owning
	// department's calendar (or the default calendar).
	CalendarID    *int64    `json:"calendar_id,omitempty"`
	FirstResponse Target    `json:"first_response,omitzero"`
	NextResponse  Target    `json:"next_response,omitzero"`
	Resolution    Target    `json:"resolution,omitzero"`
	Active        bool      `json:"active"`
	Specificity   int       `json:"specificity"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Targets returns the standard's targets.
func (s *Standard) Targets() Targets {
	return Targets{FirstResponse: s.FirstResponse, NextResponse: s.NextResponse, Resolution: s.Resolution}
}

// Validate normalises s, sets its specificity and reports its first invalid
// field: a name of 1–200 characters, valid conditions, at least one target.
func (s *Standard) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	if err := checkText("name", s.Name, 1, 200); err != nil {
		return err
	}
	if err := s.Conditions.Validate(); err != nil {
		return err
	}
	if s.CalendarID != nil && *s.CalendarID <= 0 {
		return desk.Invalid("calendar_id", "must be a calendar id")
	}
	if s.FirstResponse.IsZero() && s.NextResponse.IsZero() && s.Resolution.IsZero() {
		return desk.Invalid("first_response", "give at least one target: first_response, next_response or resolution")
	}
	s.Specificity = s.Conditions.Specificity()
	return nil
}

// Select returns the most specific active standard of list that matches s
// (ties: lowest id), or nil.
func Select(list []Standard, s Subject) *Standard {
	var best *Standard
	for i := range list {
		st := &list[i]
		if !st.Active || !st.Conditions.Matches(s) {
			continue
		}
		sp := st.Conditions.Specificity()
		if best == nil || sp > best.Conditions.Specificity() || sp == best.Conditions.Specificity() && st.ID < best.ID {
			best = st
		}
	}
	return best
}

// checkText validates a text field: valid UTF-8, no NUL, between min and max runes.
func checkText(field, s string, min, max int) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return desk.Invalid(field, "must be valid UTF-8 text")
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		return desk.Invalid(field, "is required")
	}
	if n > max {
		return desk.Invalid(field, "must be at most %d characters", max)
	}
	return nil
}
