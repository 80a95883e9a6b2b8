package commit

import (
	"strings"
	"time"

	"guichet/internal/desk"
)

// Agreement is an internal agreement: what the provider department owes the
// customer department when it is consulted, in business time on the
// provider's calendar (or the calendar named). Scope: consults from the
// customer department (any department when CustomerDepartmentID is nil)
// about the contact reason (any when empty).
type Agreement struct {
	ID                   int64     `json:"id"`
	Name                 string    `json:"name"`
	ProviderDepartmentID int64     `json:"provider_department_id"`           // A, who owes
	CustomerDepartmentID *int64    `json:"customer_department_id,omitempty"` // B, who is owed
	ContactReason        string    `json:"contact_reason,omitempty"`
	CalendarID           *int64    `json:"calendar_id,omitempty"`
	Response             Target    `json:"response,omitzero"`   // to the consult's first answer
	Resolution           Target    `json:"resolution,omitzero"` // to its final answer
	Active               bool      `json:"active"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// Targets returns the agreement's targets (Response as FirstResponse).
func (a *Agreement) Targets() Targets {
	return Targets{FirstResponse: a.Response, Resolution: a.Resolution}
}

// Validate normalises a and reports its first invalid field: a name, a
// provider, a customer other than the provider, at least one target.
func (a *Agreement) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	a.ContactReason = NormalizeReason(a.ContactReason)
	if err := checkText("name", a.Name, 1, 200); err != nil {
		return err
	}
	switch {
	case a.ProviderDepartmentID <= 0:
		return desk.Invalid("provider_department_id", "is required: the department that owes the service")
	case a.CustomerDepartmentID != nil && *a.CustomerDepartmentID <= 0:
		return desk.Invalid("customer_department_id", "must be a department id")
	case a.CustomerDepartmentID != nil && *a.CustomerDepartmentID == a.ProviderDepartmentID:
		return desk.Invalid("customer_department_id", "a department has no agreement with itself")
	case a.CalendarID != nil && *a.CalendarID <= 0:
		return desk.Invalid("calendar_id", "must be a calendar id")
	case a.Response.IsZero() && a.Resolution.IsZero():
		return desk.Invalid("response", "give at least one target: response or resolution")
	}
	return checkText("contact_reason", a.ContactReason, 0, 100)
}

// Specificity ranks agreements that cover the same consult: one naming the
// customer department beats one for any department, and between those, one
// naming the contact reason beats one for any reason.
func (a *Agreement) Specificity() int {
	n := 0
	if a.CustomerDepartmentID != nil {
		n += 2
	}
	if a.ContactReason != "" {
		n++
	}
	return n
}

// Covers reports whether a applies to a consult of provider by customer
// about reason.
func (a *Agreement) Covers(provider, customer int64, reason string) bool {
	return a.Active && a.ProviderDepartmentID == provider &&
		(a.CustomerDepartmentID == nil || *a.CustomerDepartmentID == customer) &&
		(a.ContactReason == "" || a.ContactReason == NormalizeReason(reason))
}

// SelectAgreement returns the most specific agreement of list covering the
// consult (ties: lowest id), or nil when none does.
func SelectAgreement(list []Agreement, provider, customer int64, reason string) *Agreement {
	var best *Agreement
	for i := range list {
		a := &list[i]
		if !a.Covers(provider, customer, reason) {
			continue
		}
		if best == nil || a.Specificity() > best.Specificity() || a.Specificity() == best.Specificity() && a.ID < best.ID {
			best = a
		}
	}
	return best
}
