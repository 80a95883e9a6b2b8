package commit

import (
	"slices"
	"time"

	"guichet/internal/calendar"
)

// Fired is one step of a chain that fires: whom it notifies (none when
// nobody holds that level) and when it was due.
type Fired struct {
	Step   int
	Level  Level
	People []int64
	Due    time.Time
}

// StepDue returns when a step after of the trigger falls due: at the
// trigger for zero, else after that much business time on cal (nil: real
// time).
func StepDue(cal *calendar.Calendar, trigger time.Time, after Target) time.Time {
	if after.IsZero() {
		return trigger
	}
	return Deadline(cal, trigger, after)
}

// Advance runs steps from step from, for a trigger at trigger, at instant
// now: every step due by now fires, to the people who names for its level.
// A step with nobody to notify passes the item on at once: the next step
// fires when it would have. Advance returns the steps that fired (those with
// nobody included, so the desk can see the chain ran dry), the next step to
// run and when; a zero time means the chain is over.
func Advance(steps []Step, from int, trigger, now time.Time, cal *calendar.Calendar,
	who func(Level) []int64) (fired []Fired, next int, nextDue time.Time) {
	var carried time.Time // set while the step before had nobody
	for i := from; i < len(steps); i++ {
		due := StepDue(cal, trigger, steps[i].After)
		if !carried.IsZero() {
			due = carried
		}
		if due.After(now) {
			return fired, i, due
		}
		people := who(steps[i].Notify)
		fired = append(fired, Fired{Step: i, Level: steps[i].Notify, People: people, Due: due})
		carried = time.Time{}
		if len(people) == 0 {
			carried = due
		}
	}
	return fired, len(steps), time.Time{}
}

// Org is what resolving a chain's levels needs: every configured chain by
// department, the active leads of each department and the active agents.
type Org struct {
	Chains map[int64]Escalation
	Leads  map[int64][]int64
	Active map[int64]bool
}

// Recipients returns whom level names for an item of department dept whose
// owner is owner (0: none): the owner if active, the department's leads, or
// its managers (see ManagersOf). Each person is listed once.
func (o Org) Recipients(level Level, dept, owner int64) []int64 {
	switch level {
	case NotifyOwner:
		if owner != 0 && o.Active[owner] {
			return []int64{owner}
		}
	case NotifyLeads:
		return slices.Clone(o.Leads[dept])
	case NotifyManager:
		return o.ManagersOf(dept)
	}
	return nil
}

// ManagersOf returns the managers of department dept: its named manager if
// active, else the leads of its parent department, else that department's
// managers, and so on up; none when the climb ends without anyone. A loop of
// parents (which the store refuses) ends the climb too.
func (o Org) ManagersOf(dept int64) []int64 {
	seen := map[int64]bool{dept: true}
	cur := dept
	for {
		ch, ok := o.Chains[cur]
		if !ok {
			return nil
		}
		if ch.ManagerID != nil {
			if o.Active[*ch.ManagerID] {
				return []int64{*ch.ManagerID}
			}
			return nil
		}
		if ch.ParentDepartmentID == nil || seen[*ch.ParentDepartmentID] {
			return nil
		}
		cur = *ch.ParentDepartmentID
		seen[cur] = true
		if leads := o.Leads[cur]; len(leads) > 0 {
			return slices.Clone(leads)
		}
	}
}
