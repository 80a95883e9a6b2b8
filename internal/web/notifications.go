package web

import (
	"net/http"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// notificationsPage is the agent's notifications page.
type notificationsPage struct {
	Items  []notificationView
	Unread int
}

// notificationView is one notification, translated.
type notificationView struct {
	ID      int64
	Number  int64
	Subject string
	Text    string // what is late, and why this agent is told
	At      time.Time
	Unread  bool
}

// handleNotifications shows the signed-in agent's newest notifications,
// unread first marked.
func (s *server) handleNotifications(w http.ResponseWriter, r *http.Request, st *reqState) error {
	list, unread, err := s.store.Notifications(r.Context(), st.actor, commit.NotificationFilter{Limit: 100})
	if err != nil {
		return err
	}
	page := notificationsPage{Unread: unread}
	for _, n := range list {
		page.Items = append(page.Items, notificationView{ID: n.ID, Number: n.Number, Subject: n.Subject,
			Text: describeNotification(st.cat, n), At: n.CreatedAt, Unread: n.ReadAt == nil})
	}
	s.render(w, r, st, http.StatusOK, "notifications", st.cat.T("title.notifications"), page)
	return nil
}

// handleReadNotifications marks one notification read (id) or all of them,
// then returns to the page the form was on.
func (s *server) handleReadNotifications(w http.ResponseWriter, r *http.Request, st *reqState) error {
	var ids []int64
	if v := r.PostForm.Get("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return desk.Invalid("id", "must be a notification id")
		}
		ids = []int64{id}
	}
	if _, err := s.store.MarkNotificationsRead(r.Context(), st.actor, ids); err != nil {
		return err
	}
	http.Redirect(w, r, localPath(r.PostForm.Get("next"), "/notifications"), http.StatusSeeOther)
	return nil
}

// alertFacts are what a notification or an escalation event says.
type alertFacts struct {
	trigger, level, clock, department, within, promise string
	due                                                *time.Time
}

// reason says what is late, in cat's language.
func (f alertFacts) reason(cat catalogue) string {
	due := ""
	if f.due != nil {
		due = f.due.Local().Format("2006-01-02 15:04")
	}
	return cat.T("alert.reason."+f.trigger, f.department, f.within, cat.T("alert.clock."+f.clock), due, f.promise)
}

// role says why the agent is told: as owner, lead or manager.
func (f alertFacts) role(cat catalogue) string { return cat.T("alert.role."+f.level, f.department) }

// describeNotification says a notification in cat's language.
func describeNotification(cat catalogue, n commit.Notification) string {
	f := alertFacts{trigger: string(n.Trigger), level: string(n.Level), clock: n.Clock, department: n.Department,
		within: n.Within, promise: n.Promise, due: n.ItemDue}
	return cat.T("notifications.item", capitalize(f.reason(cat)), f.role(cat))
}

// capitalize returns s with its first letter in upper case.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// describeEscalation says an escalation event of the request's history.
func describeEscalation(cat catalogue, e desk.Event) string {
	f := alertFacts{trigger: str(e.Data["trigger"]), level: str(e.Data["level"]), clock: str(e.Data["clock"]),
		department: str(e.Data["department"]), within: str(e.Data["within"]), promise: str(e.Data["promise"])}
	if t, err := time.Parse(time.RFC3339, str(e.Data["item_due"])); err == nil {
		f.due = &t
	}
	if e.Type == commit.EventEscalationUnheard {
		return cat.T("event."+e.Type, f.department, f.reason(cat))
	}
	return cat.T("event."+e.Type, str(e.Data["people"]), f.role(cat), f.reason(cat))
}
