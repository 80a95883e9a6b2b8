package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// active lists the statuses of requests still being worked.
var active = []desk.Status{desk.StatusNew, desk.StatusOpen, desk.StatusWaitingRequester, desk.StatusWaitingDepartment}

// inboxFilter is what the inbox shows, read from its query string. Every
// queue in the side bar is a preset of these filters.
type inboxFilter struct {
	Status string // "" active requests, "any", or one status
	Dept   int64  // 0 every department
	Agent  string // "" anyone, "me", or "none" (unassigned)
	Tag    string // "" any tag
	Q      string // full-text search
	Sort   string // "" newest activity first, "oldest" or "due" (desk.RequestSort)
	Cursor string // next page
}

// parseInboxFilter reads the inbox's query; a bad value is CodeInvalid naming it.
func parseInboxFilter(q url.Values) (inboxFilter, error) {
	f := inboxFilter{Status: q.Get("status"), Agent: q.Get("agent"), Tag: strings.TrimSpace(q.Get("tag")), Q: q.Get("q"),
		Sort: q.Get("sort"), Cursor: q.Get("cursor")}
	if f.Status != "" && f.Status != "any" && !desk.Status(f.Status).Valid() {
		return f, desk.Invalid("status", "unknown status")
	}
	if !desk.RequestSort(f.Sort).Valid() {
		return f, desk.Invalid("sort", "must be oldest or due")
	}
	if f.Agent != "" && f.Agent != "me" && f.Agent != "none" {
		return f, desk.Invalid("agent", "must be me or none")
	}
	if v := q.Get("dept"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, desk.Invalid("department", "must be a department id")
		}
		f.Dept = id
	}
	return f, nil
}

// deskFilter turns f into the store's filter for actor a.
func (f inboxFilter) deskFilter(a desk.Actor) desk.RequestFilter {
	out := desk.RequestFilter{DepartmentID: f.Dept, Tag: f.Tag, Query: f.Q, Sort: desk.RequestSort(f.Sort), Cursor: f.Cursor, Limit: 50}
	switch f.Status {
	case "":
		out.Status = active
	case "any":
	default:
		out.Status = []desk.Status{desk.Status(f.Status)}
	}
	switch f.Agent {
	case "me":
		out.AgentID = a.PersonID
	case "none":
		out.Unassigned = true
	}
	return out
}

// url returns the inbox URL showing f.
func (f inboxFilter) url() string {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("status", f.Status)
	set("agent", f.Agent)
	set("tag", f.Tag)
	set("q", f.Q)
	set("sort", f.Sort)
	set("cursor", f.Cursor)
	if f.Dept != 0 {
		q.Set("dept", strconv.FormatInt(f.Dept, 10))
	}
	if len(q) == 0 {
		return "/inbox"
	}
	return "/inbox?" + q.Encode()
}

// queue is one link of the inbox's side bar, with its count of active requests.
type queue struct {
	Label   string
	URL     string
	Count   int
	Counted bool
	Current bool
}

// inboxView is the inbox page's data.
type inboxView struct {
	Filter      inboxFilter
	Queues      []queue
	Departments []desk.Department
	Statuses    []desk.Status
	Sorts       []desk.RequestSort
	Agents      []agentGroup // for the bulk assignment, when the actor can work
	Requests    []desk.Request
	Owed        []commit.Consult // what other departments asked of mine, on the "waiting on others" queue
	ShowOwed    bool
	NextURL     string
	Here        string
	After       int64 // the newest event when the page was read
}

func (v inboxView) liveURL() string { return "/live?after=" + strconv.FormatInt(v.After, 10) }

// handleInbox lists requests by queue and filters, in the order picked
// (newest activity first by default), one keyset page at a time, with the
// count of each queue. The "waiting on others" queue also lists the open
// consults other departments asked of the agent's departments.
func (s *server) handleInbox(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f, err := parseInboxFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ctx := r.Context()
	after, err := s.store.LatestEventID(ctx) // before reading: a change made meanwhile is not missed
	if err != nil {
		return err
	}
	depts, err := s.store.Departments(ctx, st.actor)
	if err != nil {
		return err
	}
	page, err := s.store.ListRequests(ctx, st.actor, f.deskFilter(st.actor))
	if err != nil {
		return err
	}
	showOwed := f.Status == string(desk.StatusWaitingDepartment) && f.Cursor == ""
	var owed []commit.Consult
	if showOwed {
		if owed, err = s.owedConsults(ctx, st.actor); err != nil {
			return err
		}
	}
	owedCount, err := s.store.CountOpenConsults(ctx, st.actor, st.actor.DepartmentIDs, countCap)
	if err != nil {
		return err
	}
	queues, err := s.queues(r, st, f, depts, owedCount)
	if err != nil {
		return err
	}
	agents, err := s.bulkAgents(ctx, st.actor, depts)
	if err != nil {
		return err
	}
	v := inboxView{Filter: f, Queues: queues, Departments: depts, Statuses: desk.Statuses, Sorts: sorts, Agents: agents,
		Requests: page.Requests, Owed: owed, ShowOwed: showOwed,
		Here: r.URL.RequestURI(), After: after}
	if page.NextCursor != "" {
		next := f
		next.Cursor = page.NextCursor
		v.NextURL = next.url()
	}
	s.render(w, r, st, http.StatusOK, "inbox", st.cat.T("title.inbox"), v)
	return nil
}

// preset is a queue of the side bar: a label and the filters it stands for.
type preset struct {
	label string
	f     inboxFilter
	count bool // show how many active requests it holds
	extra int  // added to the count: the consults owed, on "waiting on others"
}

// queues builds the side bar: my requests, unassigned, each of my departments,
// waiting on others (requests waiting on a department, and the owed consults
// of my departments), all active (each with its count), and recently
// updated. The links keep the order picked.
func (s *server) queues(r *http.Request, st *reqState, cur inboxFilter, depts []desk.Department, owed int) ([]queue, error) {
	presets := []preset{
		{st.cat.T("queue.mine"), inboxFilter{Agent: "me"}, true, 0},
		{st.cat.T("queue.unassigned"), inboxFilter{Agent: "none"}, true, 0},
	}
	for _, d := range depts {
		if st.actor.InDepartment(d.ID) {
			presets = append(presets, preset{d.Name, inboxFilter{Dept: d.ID}, true, 0})
		}
	}
	presets = append(presets,
		preset{st.cat.T("queue.waiting"), inboxFilter{Status: string(desk.StatusWaitingDepartment)}, true, owed},
		preset{st.cat.T("queue.open"), inboxFilter{}, true, 0},
		preset{st.cat.T("queue.recent"), inboxFilter{Status: "any"}, false, 0})
	here := cur
	here.Cursor = ""
	out := make([]queue, 0, len(presets))
	for _, p := range presets {
		p.f.Sort = cur.Sort
		q := queue{Label: p.label, URL: p.f.url(), Counted: p.count, Current: p.f == here}
		if p.count {
			n, err := s.store.CountRequests(r.Context(), st.actor, p.f.deskFilter(st.actor), countCap)
			if err != nil {
				return nil, err
			}
			q.Count = min(n+p.extra, countCap)
		}
		out = append(out, q)
	}
	return out, nil
}
