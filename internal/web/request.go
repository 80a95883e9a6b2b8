package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// requestView is the request page's data.
type requestView struct {
	R           *desk.RequestDetail
	Events      []eventView
	Departments []deptEntry  // the directory, for the hand-off picker
	Agents      []agentGroup // active agents by department, for assign and hand off
	Statuses    []desk.Status
	Priorities  []desk.Priority
	Tags        string // the request's tags, space-separated, for the edit field
	Commit      commitView
	Form        formState
	After       int64      // the newest event when the page was read
	Mail        []mailLine // the mail sent or queued for the requester (mail.go)
}

func (v requestView) liveURL() string {
	return fmt.Sprintf("/live?request=%d&after=%d", v.R.Number, v.After)
}

// agentGroup is the active agents of one department.
type agentGroup struct {
	Department string
	Agents     []desk.Agent
}

// formState is a form of the request page sent back with an error: which
// form, the message, and what was typed so nothing is lost.
type formState struct {
	Which  string // reply, note, update, assign, handoff, merge, consult, answer, promise, keep
	Error  string
	Body   string
	Reason string
	Into   string
	Status string
	Dept   int64
	ID     int64  // the consult answered or the promise kept
	Due    string // a promise's due time as typed
}

var priorities = []desk.Priority{desk.PriorityLow, desk.PriorityNormal, desk.PriorityHigh, desk.PriorityUrgent}

// handleRequest shows one request: conversation, timeline and the forms to
// work it.
func (s *server) handleRequest(w http.ResponseWriter, r *http.Request, st *reqState) error {
	n, err := pathNumber(r)
	if err != nil {
		return err
	}
	form := formState{}
	if v := r.URL.Query().Get("handoff"); v != "" { // picked in the directory
		form.Dept, _ = strconv.ParseInt(v, 10, 64)
	}
	return s.showRequest(w, r, st, n, http.StatusOK, form)
}

// showRequest renders request n with status; form carries a failed form back.
func (s *server) showRequest(w http.ResponseWriter, r *http.Request, st *reqState, n int64, status int, form formState) error {
	ctx := r.Context()
	after, err := s.store.LatestEventID(ctx) // before reading: a change made meanwhile is not missed
	if err != nil {
		return err
	}
	d, err := s.store.Request(ctx, st.actor, n)
	if err != nil {
		return err
	}
	if err := s.store.ReadRequestNotifications(ctx, st.actor, n); err != nil { // seen by opening it
		return err
	}
	dir, err := s.directory(ctx, st.actor)
	if err != nil {
		return err
	}
	cv, err := s.commitments(ctx, st.actor, d, dir)
	if err != nil {
		return err
	}
	v := requestView{R: d, Events: describeEvents(st.cat, d), Departments: dir,
		Agents: groupAgents(dir), Statuses: desk.Statuses, Priorities: priorities,
		Tags: strings.Join(d.Tags, " "), Commit: cv, Form: form, After: after, Mail: mailLines(st.cat, d.Mail)}
	title := st.cat.T("title.request", d.Number, d.Subject)
	s.render(w, r, st, status, "request", title, v)
	return nil
}

// groupAgents lists the active agents under each department they belong to.
func groupAgents(dir []deptEntry) []agentGroup {
	var out []agentGroup
	for _, d := range dir {
		if len(d.Members) > 0 {
			out = append(out, agentGroup{Department: d.Name, Agents: d.Members})
		}
	}
	return out
}

// pathNumber reads the {number} of a request path; CodeNotFound if it is not one.
func pathNumber(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("number"), 10, 64)
	if err != nil || n <= 0 {
		return 0, desk.NotFound("request")
	}
	return n, nil
}
