package commit

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/desk"
)

// Level is whom a step of an escalation chain notifies.
type Level string

// Levels of a chain, in the order a chain climbs them.
const (
	// NotifyOwner notifies the item's owner: the request's agent, the agent
	// a handoff names, the promise's maker. A consult, and a request nobody
	// picked up, have none.
	NotifyOwner Level = "owner"
	// NotifyLeads notifies the leads of the department whose chain runs.
	NotifyLeads Level = "leads"
	// NotifyManager notifies the department's manager: the agent it names,
	// else the leads of its parent department (else that one's manager, and
	// so on up).
	NotifyManager Level = "manager"
)

// rank orders the levels; 0 is not a level.
func (l Level) rank() int {
	return slices.Index([]Level{NotifyOwner, NotifyLeads, NotifyManager}, l) + 1
}

// Step is one step of an escalation chain: whom it notifies and how long
// after the trigger, in business time of the department's calendar.
type Step struct {
	Notify Level  `json:"notify"`
	After  Target `json:"after,omitzero"` // zero: at the trigger
}

// Trigger is what starts an escalation.
type Trigger string

// Triggers fired by the durable timers.
const (
	TriggerUnpicked      Trigger = "unpicked"       // no owning agent PickupWithin after the request came to the department
	TriggerUnaccepted    Trigger = "unaccepted"     // the receiving department did not accept a handoff within AcceptWithin
	TriggerAtRisk        Trigger = "at_risk"        // a clock used AtRiskPercent of its target
	TriggerBreached      Trigger = "breached"       // a clock passed its due time
	TriggerPromiseDue    Trigger = "promise_due"    // a promise falls due within RemindBefore: its maker is reminded
	TriggerPromiseBroken Trigger = "promise_broken" // a promise passed its due time without being kept
)

// MaxSteps bounds a chain: each level at most once.
const MaxSteps = 3

// DefaultRemindBefore is how long before a promise falls due its maker is
// reminded when the department configured nothing.
const DefaultRemindBefore = time.Hour

// Escalation is a department's ownership guarantee: when its requests are
// late to be picked up, its handoffs late to be accepted, and whom its
// chain notifies, step by step, when an item of the department is at risk or
// late and nobody acted. Every trigger runs the whole chain (a promise
// reminder only notifies its maker); each step notifies only while the item
// still waits (a request still without agent, a handoff still not accepted,
// a clock still running, a promise still not kept).
type Escalation struct {
	DepartmentID int64 `json:"department_id"`
	// PickupWithin is the business time a request may stay without an
	// owning agent in the department; zero: not followed.
	PickupWithin Target `json:"pickup_within,omitzero"`
	// AcceptWithin is the business time the department has to accept a
	// request handed off to it; zero: not followed.
	AcceptWithin Target `json:"accept_within,omitzero"`
	// RemindBefore is how long (real time) before a promise falls due its
	// maker is reminded; zero: no reminder.
	RemindBefore Target `json:"remind_before,omitzero"`
	// LeadIDs are the department's leads: members who hold the lead role.
	LeadIDs []int64 `json:"lead_ids"`
	// ManagerID names the department's manager; else ParentDepartmentID
	// makes the parent department's leads its managers.
	ManagerID          *int64 `json:"manager_id,omitempty"`
	ParentDepartmentID *int64 `json:"parent_department_id,omitempty"`
	Steps              []Step `json:"steps"`
	// Configured is false for a department that never saved a chain: it
	// runs DefaultEscalation.
	Configured bool       `json:"configured"`
	UpdatedAt  *time.Time `json:"updated_at,omitempty"`
}

// DefaultEscalation is the chain of a department that configured none: the
// owner is told when an item is at risk or late, and a promise's maker an
// hour before it falls due. Pickup and acceptance are not followed: there is
// nobody above the owner to tell until the department names leads.
func DefaultEscalation(departmentID int64) Escalation {
	return Escalation{DepartmentID: departmentID, RemindBefore: Target{Duration: DefaultRemindBefore},
		LeadIDs: []int64{}, Steps: []Step{{Notify: NotifyOwner}}}
}

// ReminderSteps is the chain of a promise reminder: its maker, at once.
var ReminderSteps = []Step{{Notify: NotifyOwner}}

// Validate normalises e and reports its first invalid field: one to three
// steps climbing from owner to leads to manager, each no earlier than the
// one before, delays in hours and minutes; a manager step needs a manager or
// a parent department (not both); a department is not its own parent.
// Whether the agents and departments exist, and whether parents loop, is
// the store's to check (CheckParents).
func (e *Escalation) Validate() error {
	if err := e.checkTimes(); err != nil {
		return err
	}
	slices.Sort(e.LeadIDs)
	e.LeadIDs = slices.Compact(e.LeadIDs)
	if e.LeadIDs == nil {
		e.LeadIDs = []int64{}
	}
	if len(e.LeadIDs) > 0 && e.LeadIDs[0] <= 0 {
		return desk.Invalid("lead_ids", "must be agent ids")
	}
	switch {
	case e.ManagerID != nil && *e.ManagerID <= 0:
		return desk.Invalid("manager_id", "must be an agent id")
	case e.ParentDepartmentID != nil && *e.ParentDepartmentID <= 0:
		return desk.Invalid("parent_department_id", "must be a department id")
	case e.ManagerID != nil && e.ParentDepartmentID != nil:
		return desk.Invalid("manager_id", "name a manager or a parent department whose leads manage this one, not both")
	case e.ParentDepartmentID != nil && *e.ParentDepartmentID == e.DepartmentID:
		return desk.Invalid("parent_department_id", "a department cannot be its own parent")
	}
	return e.checkSteps()
}

// checkTimes refuses a reminder in business days: it counts in real time.
func (e *Escalation) checkTimes() error {
	if e.RemindBefore.Days != 0 {
		return desk.Invalid("remind_before", "must be hours and minutes, such as \"1h\" (real time before the due time)")
	}
	return nil
}

// checkSteps reports the first step out of order.
func (e *Escalation) checkSteps() error {
	if len(e.Steps) == 0 {
		return desk.Invalid("steps", "give at least one step, such as the owner at once")
	}
	if len(e.Steps) > MaxSteps {
		return desk.Invalid("steps", "at most %d steps: owner, leads, manager", MaxSteps)
	}
	for i, s := range e.Steps {
		field := "steps[" + strconv.Itoa(i) + "]"
		switch {
		case s.Notify.rank() == 0:
			return desk.Invalid(field+".notify", "must be owner, leads or manager")
		case i > 0 && s.Notify.rank() <= e.Steps[i-1].Notify.rank():
			return desk.Invalid(field+".notify", "steps climb from owner to leads to manager, each once: %s cannot follow %s",
				s.Notify, e.Steps[i-1].Notify)
		case s.After.Days != 0:
			return desk.Invalid(field+".after", "must be hours and minutes of business time, such as \"2h\"")
		case i > 0 && s.After.Duration < e.Steps[i-1].After.Duration:
			return desk.Invalid(field+".after", "must not be earlier than the step before (%s)", e.Steps[i-1].After)
		case s.Notify == NotifyManager && e.ManagerID == nil && e.ParentDepartmentID == nil:
			return desk.Invalid("manager_id", "a manager step needs manager_id or parent_department_id")
		}
	}
	return nil
}

// CheckParents reports a loop of parent departments: department dept with
// parent parent (nil: none) given every other department's parent
// (parents). A loop is CodeInvalid on "parent_department_id".
func CheckParents(dept int64, parent *int64, parents map[int64]int64) error {
	if parent == nil {
		return nil
	}
	cur := *parent
	for range len(parents) + 1 {
		if cur == dept {
			return desk.Invalid("parent_department_id", "department %d leads back to this department: parent departments cannot loop", *parent)
		}
		next, ok := parents[cur]
		if !ok {
			return nil
		}
		cur = next
	}
	return desk.Invalid("parent_department_id", "the parent departments loop")
}

// RemindAt returns when the maker of a promise due at due, made at made, is
// reminded: RemindBefore ahead of it; false when there is no reminder (none
// configured, or the promise was made closer to its due time than that).
func (e Escalation) RemindAt(due, made time.Time) (time.Time, bool) {
	if e.RemindBefore.Duration <= 0 {
		return time.Time{}, false
	}
	at := due.Add(-e.RemindBefore.Duration)
	return at, at.After(made)
}

// Deadline returns when an item waiting since since, allowed t of business
// time on cal (nil: real time), becomes late.
func Deadline(cal *calendar.Calendar, since time.Time, t Target) time.Time {
	switch {
	case cal == nil && t.Days > 0:
		return since.AddDate(0, 0, t.Days)
	case cal == nil:
		return since.Add(t.Duration)
	}
	return cal.Add(since, t.On(cal, since))
}

// ParseAllowance parses an optional amount of time typed for field: "" (or
// "0") is none, anything else a Target ("2h", "90m", "1d" where days are
// allowed).
func ParseAllowance(field, s string) (Target, error) {
	switch strings.TrimSpace(s) {
	case "", "0", "0m", "0h":
		return Target{}, nil
	}
	return ParseTarget(field, s)
}

// EscalationInput is a chain as an admin types it: allowances as text,
// the steps in order.
type EscalationInput struct {
	PickupWithin, AcceptWithin, RemindBefore string
	LeadIDs                                  []int64
	ManagerID, ParentDepartmentID            *int64
	Steps                                    []StepInput
}

// StepInput is a step as typed: a level and a delay ("" for at once).
type StepInput struct {
	Notify string
	After  string
}

// Escalation parses in as department dept's chain; a bad allowance is
// CodeInvalid naming its field (Validate checks the rest).
func (in EscalationInput) Escalation(dept int64) (Escalation, error) {
	e := Escalation{DepartmentID: dept, LeadIDs: in.LeadIDs, ManagerID: in.ManagerID,
		ParentDepartmentID: in.ParentDepartmentID, Steps: []Step{}}
	var err error
	for _, f := range []struct {
		dst   *Target
		field string
		text  string
	}{{&e.PickupWithin, "pickup_within", in.PickupWithin}, {&e.AcceptWithin, "accept_within", in.AcceptWithin},
		{&e.RemindBefore, "remind_before", in.RemindBefore}} {
		if *f.dst, err = ParseAllowance(f.field, f.text); err != nil {
			return e, err
		}
	}
	for i, st := range in.Steps {
		after, err := ParseAllowance("steps["+strconv.Itoa(i)+"].after", st.After)
		if err != nil {
			return e, err
		}
		e.Steps = append(e.Steps, Step{Notify: Level(strings.TrimSpace(st.Notify)), After: after})
	}
	return e, nil
}
