package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// requestView is the request page's data.
type requestView struct {
	R           *desk.RequestDetail
	Events      []eventView
	Departments []desk.Department
	Agents      []agentGroup // active agents by department, for assign and hand off
	Statuses    []desk.Status
	Priorities  []desk.Priority
	Tags        string // the request's tags, space-separated, for the edit field
	Form        formState
}

// agentGroup is the active agents of one department.
type agentGroup struct {
	Department string
	Agents     []desk.Agent
}

// formState is a form of the request page sent back with an error: which
// form, the message, and what was typed so nothing is lost.
type formState struct {
	Which  string // reply, note, update, assign, handoff, merge
	Error  string
	Body   string
	Reason string
	Into   string
	Status string
	Dept   int64
}

var priorities = []desk.Priority{desk.PriorityLow, desk.PriorityNormal, desk.PriorityHigh, desk.PriorityUrgent}

// handleRequest shows one request: conversation, timeline and the forms to
// work it.
func (s *server) handleRequest(w http.ResponseWriter, r *http.Request, st *reqState) error {
	n, err := pathNumber(r)
	if err != nil {
		return err
	}
	return s.showRequest(w, r, st, n, http.StatusOK, formState{})
}

// showRequest renders request n with status; form carries a failed form back.
func (s *server) showRequest(w http.ResponseWriter, r *http.Request, st *reqState, n int64, status int, form formState) error {
	ctx := r.Context()
	d, err := s.store.Request(ctx, st.actor, n)
	if err != nil {
		return err
	}
	depts, err := s.store.Departments(ctx, st.actor)
	if err != nil {
		return err
	}
	agents, err := s.store.Agents(ctx, st.actor)
	if err != nil {
		return err
	}
	v := requestView{R: d, Events: describeEvents(st.cat, d), Departments: depts,
		Agents: groupAgents(depts, agents), Statuses: desk.Statuses, Priorities: priorities,
		Tags: strings.Join(d.Tags, " "), Form: form}
	title := st.cat.T("title.request", d.Number, d.Subject)
	s.render(w, r, st, status, "request", title, v)
	return nil
}

// groupAgents lists the active agents under each department they belong to.
func groupAgents(depts []desk.Department, agents []desk.Agent) []agentGroup {
	var out []agentGroup
	for _, d := range depts {
		g := agentGroup{Department: d.Name}
		for _, a := range agents {
			if a.Active && slices.Contains(a.DepartmentIDs, d.ID) {
				g.Agents = append(g.Agents, a)
			}
		}
		if len(g.Agents) > 0 {
			out = append(out, g)
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
