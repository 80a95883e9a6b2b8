package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// eventView is one line of a request's timeline, translated.
type eventView struct {
	At     time.Time
	Actor  string
	Text   string
	Public bool
}

// describeEvents translates a request's events for its timeline; a handoff's
// reason comes from its handoff record.
func describeEvents(cat catalogue, d *desk.RequestDetail) []eventView {
	reasons := map[string]string{}
	for _, h := range d.Handoffs {
		reasons[strconv.FormatInt(h.ID, 10)] = h.Reason
	}
	out := make([]eventView, 0, len(d.Events))
	for _, e := range d.Events {
		text := describeEvent(cat, e, reasons[str(e.Data["handoff_id"])])
		out = append(out, eventView{At: e.CreatedAt, Actor: e.Actor, Text: text, Public: e.Public})
	}
	return out
}

// describeEvent says what one event changed, in the catalogue's language.
// Values that name a status or priority are translated; other values (names,
// tags, numbers) are shown as recorded.
func describeEvent(cat catalogue, e desk.Event, reason string) string {
	key := "event." + e.Type
	if !cat.Has(key) {
		return e.Type
	}
	switch e.Type {
	case desk.EventStatusChanged:
		return cat.T(key, cat.T("status."+str(e.Data["from"])), cat.T("status."+str(e.Data["to"])))
	case desk.EventPriorityChanged:
		return cat.T(key, cat.T("priority."+str(e.Data["from"])), cat.T("priority."+str(e.Data["to"])))
	case desk.EventAssigned:
		if to := str(e.Data["to_agent"]); to != "" {
			return cat.T(key, to)
		}
		return cat.T("event.agent.unassigned")
	case desk.EventTagsChanged:
		return cat.T(key, str(e.Data["to"]))
	case desk.EventReasonChanged:
		return cat.T(key, str(e.Data["to"]))
	case desk.EventHandedOff:
		to := str(e.Data["to_department"])
		if ag := str(e.Data["to_agent"]); ag != "" {
			to += " — " + ag
		}
		return cat.T(key, to, reason)
	case desk.EventMerged:
		return cat.T(key, str(e.Data["into"]))
	case desk.EventMergedFrom:
		return cat.T(key, str(e.Data["from"]))
	case desk.EventCreated:
		return cat.T(key, str(e.Data["department"]))
	case desk.EventMessageAdded:
		return cat.T(key, cat.T("kind."+str(e.Data["kind"])))
	case commit.EventEscalated, commit.EventEscalationUnheard:
		return describeEscalation(cat, e) // notifications.go
	case "consult.opened":
		return cat.T(key, str(e.Data["to_department"]), str(e.Data["question"]))
	case "consult.answered":
		return cat.T(key, str(e.Data["department"]))
	case "promise.made":
		due, _ := time.Parse(time.RFC3339Nano, str(e.Data["due_at"]))
		return cat.T(key, str(e.Data["text"]), formatDue(cat, due))
	case "promise.kept":
		return cat.T(key, cat.T("promise.state."+str(e.Data["state"])))
	}
	return cat.T(key)
}

// str renders an event value: a list as words, a whole number without a
// decimal point, anything else as fmt prints it; nil as "".
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprint(int64(x))
		}
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = str(p)
		}
		return strings.Join(parts, " ")
	}
	return fmt.Sprint(v)
}
