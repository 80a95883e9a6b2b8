package web

import (
	"fmt"
	"time"

	"guichet/internal/desk"
)

// expectation is one sentence telling the requester what to expect of their
// request (from its service standard's clocks, its status and the consult it
// waits on), already translated. Late ones are shown as such.
type expectation struct {
	Text string
	Late bool
}

// expectations says what the requester of d can expect, in the language of
// cat: "you can expect an answer by …", a target that was missed, that the
// desk waits on them or on another department. A request whose work is over
// expects nothing.
func expectations(cat catalogue, d *desk.RequestDetail) []expectation {
	if d.Status.Done() || d.MergedInto != nil {
		return nil
	}
	var out []expectation
	add := func(key string, late bool, args ...any) { out = append(out, expectation{cat.T(key, args...), late}) }
	c := d.Clocks
	if d.PublicReplies == 0 {
		clockLine(add, "first", c.FirstResponseState, c.FirstResponseDue, cat)
	} else {
		clockLine(add, "next", c.NextResponseState, c.NextResponseDue, cat)
	}
	clockLine(add, "resolution", c.ResolutionState, c.ResolutionDue, cat)
	if d.Status == desk.StatusWaitingRequester {
		add("portal.expect.waiting_you", false)
	}
	if w := c.WaitingOn; w != nil {
		if w.Until != nil {
			add("portal.expect.waiting_on_until", false, w.Department, longDate(cat, *w.Until))
		} else {
			add("portal.expect.waiting_on", false, w.Department)
		}
	}
	if len(out) == 0 {
		add("portal.expect.none", false)
	}
	return out
}

// clockLine adds the sentence for one clock: its due time while it runs, that
// it is late once breached; nothing when met, paused or absent.
func clockLine(add func(string, bool, ...any), which string, state desk.ClockState, due *time.Time, cat catalogue) {
	if due == nil {
		return
	}
	switch state {
	case desk.ClockRunning:
		add("portal.expect."+which, false, longDate(cat, *due))
	case desk.ClockBreached:
		add("portal.expect."+which+"_late", true, longDate(cat, *due))
	}
}

// portalHistory is the request's public history as the requester reads it:
// who owned it when, status changes, promises. Messages are on the page
// already, so their events are left out.
func portalHistory(cat catalogue, d *desk.RequestDetail) []eventView {
	out := make([]eventView, 0, len(d.Events))
	for _, e := range d.Events {
		if !e.Public || e.Type == desk.EventMessageAdded {
			continue
		}
		out = append(out, eventView{At: e.CreatedAt, Actor: e.Actor, Text: portalEvent(cat, e), Public: true})
	}
	return out
}

// portalEvent says what one public event changed, from the requester's side;
// events without a portal wording are described as on the agents' timeline.
func portalEvent(cat catalogue, e desk.Event) string {
	key := "portal.event." + e.Type
	if !cat.Has(key) {
		return describeEvent(cat, e, "")
	}
	switch e.Type {
	case desk.EventCreated:
		return cat.T(key, str(e.Data["department"]))
	case desk.EventStatusChanged:
		return cat.T(key, cat.T("portal.status."+str(e.Data["to"])))
	case desk.EventAssigned:
		if to := str(e.Data["to_agent"]); to != "" {
			return cat.T(key, to)
		}
		return cat.T("portal.event.agent.unassigned")
	case desk.EventHandedOff:
		to := str(e.Data["to_department"])
		if ag := str(e.Data["to_agent"]); ag != "" {
			to += " — " + ag
		}
		return cat.T(key, to)
	case desk.EventMerged:
		return cat.T(key, str(e.Data["into"]))
	case "promise.made":
		return cat.T(key, str(e.Data["text"]))
	case "promise.kept":
		return cat.T(key + "." + str(e.Data["state"]))
	}
	return cat.T(key)
}

// French day and month names, for dates written to requesters.
var (
	frenchDays   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frenchMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
		"octobre", "novembre", "décembre"}
)

// longDate writes a time for a requester in the catalogue's language, with
// the weekday and the time zone: "Tuesday, March 4 at 10:00 AM (EST)", "mardi
// 4 mars à 10 h 00 (EST)". The year is written when it is not this one.
func longDate(cat catalogue, t time.Time) string {
	t = t.Local()
	year := t.Year() != time.Now().Year()
	if cat.T("portal.date.style") == "en" {
		if year {
			return t.Format("Monday, January 2, 2006 at 3:04 PM (MST)")
		}
		return t.Format("Monday, January 2 at 3:04 PM (MST)")
	}
	s := fmt.Sprintf("%s %d %s", frenchDays[t.Weekday()], t.Day(), frenchMonths[t.Month()-1])
	if year {
		s += fmt.Sprintf(" %d", t.Year())
	}
	return s + fmt.Sprintf(" à %d h %02d (%s)", t.Hour(), t.Minute(), t.Format("MST"))
}
