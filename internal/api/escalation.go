package api

import (
	"errors"
	"net/http"
	"strconv"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// escalations returns the store's escalation chains and notifications.
func (s *server) escalations() (commit.EscalationStore, error) {
	es, ok := s.store.(commit.EscalationStore)
	if !ok {
		return nil, errors.New("api: the store does not keep escalation chains")
	}
	return es, nil
}

// escalationInput is the body of PUT /departments/{id}/escalation: the whole
// chain (absent allowances are none).
type escalationInput struct {
	PickupWithin       string      `json:"pickup_within"`
	AcceptWithin       string      `json:"accept_within"`
	RemindBefore       string      `json:"remind_before"`
	LeadIDs            []int64     `json:"lead_ids"`
	ManagerID          *int64      `json:"manager_id"`
	ParentDepartmentID *int64      `json:"parent_department_id"`
	Steps              []stepInput `json:"steps"`
}

// stepInput is one step of escalationInput.
type stepInput struct {
	Notify string `json:"notify"`
	After  string `json:"after"`
}

// handleGetEscalation answers a department's escalation chain (agents).
func (s *server) handleGetEscalation(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "department")
	if err != nil {
		return err
	}
	es, err := s.escalations()
	if err != nil {
		return err
	}
	e, err := es.Escalation(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, e)
	return nil
}

// handleSetEscalation replaces a department's escalation chain and leads
// (admins) and answers it.
func (s *server) handleSetEscalation(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage escalation chains")
	}
	var in escalationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id", "department")
	if err != nil {
		return err
	}
	ci := commit.EscalationInput{PickupWithin: in.PickupWithin, AcceptWithin: in.AcceptWithin,
		RemindBefore: in.RemindBefore, LeadIDs: in.LeadIDs, ManagerID: in.ManagerID, ParentDepartmentID: in.ParentDepartmentID}
	for _, st := range in.Steps {
		ci.Steps = append(ci.Steps, commit.StepInput{Notify: st.Notify, After: st.After})
	}
	e, err := ci.Escalation(id)
	if err != nil {
		return err
	}
	es, err := s.escalations()
	if err != nil {
		return err
	}
	if err := es.SetEscalation(r.Context(), a, &e); err != nil {
		return err
	}
	saved, err := es.Escalation(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

// notificationList is the answer of GET /notifications.
type notificationList struct {
	Notifications []commit.Notification `json:"notifications"`
	Unread        int                   `json:"unread"`
}

// handleListNotifications answers the token's agent's notifications, newest
// first: ?unread=true for unread ones only, ?limit= (default 50, at most
// 200), ?before=<id> for the page after.
func (s *server) handleListNotifications(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	q := r.URL.Query()
	var f commit.NotificationFilter
	f.UnreadOnly = q.Get("unread") == "true"
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"limit", nil}, {"before", &f.Before}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return desk.Invalid(p.name, "must be a positive number")
		}
		if p.dst != nil {
			*p.dst = n
		} else {
			f.Limit = int(min(n, 200))
		}
	}
	es, err := s.escalations()
	if err != nil {
		return err
	}
	list, unread, err := es.Notifications(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, notificationList{Notifications: list, Unread: unread})
	return nil
}

// readInput is the body of POST /notifications/read: the ids to mark read;
// an empty or absent list marks them all.
type readInput struct {
	IDs []int64 `json:"ids"`
}

// unreadCount is the answer of POST /notifications/read.
type unreadCount struct {
	Unread int `json:"unread"`
}

// handleMarkNotificationsRead marks the agent's notifications read and
// answers how many stay unread.
func (s *server) handleMarkNotificationsRead(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	var in readInput
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	es, err := s.escalations()
	if err != nil {
		return err
	}
	n, err := es.MarkNotificationsRead(r.Context(), a, in.IDs)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, unreadCount{Unread: n})
	return nil
}
