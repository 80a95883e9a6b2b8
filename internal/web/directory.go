package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"guichet/internal/desk"
)

// deptEntry is one department of the directory of who handles what: what it
// handles, when it serves and who works there.
type deptEntry struct {
	desk.Department
	Keywords []string     // Handles split into keywords
	Hours    string       // service hours, free text
	Members  []desk.Agent // its active agents, by name
}

// directoryView is the directory page's data.
type directoryView struct {
	Q       string
	For     int64 // the request being handed off (picker mode), or 0
	Entries []deptEntry
	Total   int // departments before the search
}

// handleDirectory shows the directory of who handles what, searchable by
// name, keyword, service hours or member. With ?for=N it is the hand-off
// picker of request N: each department links back to N's hand-off form.
func (s *server) handleDirectory(w http.ResponseWriter, r *http.Request, st *reqState) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var forN int64
	if v := r.URL.Query().Get("for"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return desk.Invalid("for", "must be a request number")
		}
		forN = n
	}
	all, err := s.directory(r.Context(), st.actor)
	if err != nil {
		return err
	}
	v := directoryView{Q: q, For: forN, Entries: searchDirectory(all, q), Total: len(all)}
	s.render(w, r, st, http.StatusOK, "directory", st.cat.T("title.directory"), v)
	return nil
}

// directory loads every department with its keywords, hours and members.
func (s *server) directory(ctx context.Context, a desk.Actor) ([]deptEntry, error) {
	return s.departmentEntries(ctx, a, true)
}

// portalDirectory is the directory for requesters: without members, who are
// the desk's business.
func (s *server) portalDirectory(ctx context.Context, a desk.Actor) ([]deptEntry, error) {
	return s.departmentEntries(ctx, a, false)
}

// departmentEntries loads every department with its keywords and hours, and
// its active members when members is set.
func (s *server) departmentEntries(ctx context.Context, a desk.Actor, members bool) ([]deptEntry, error) {
	depts, err := s.store.Departments(ctx, a)
	if err != nil {
		return nil, err
	}
	var agents []desk.Agent
	if members {
		if agents, err = s.agentsByName(ctx, a); err != nil {
			return nil, err
		}
	}
	hours, err := s.store.ServiceHours(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]deptEntry, 0, len(depts))
	for _, d := range depts {
		e := deptEntry{Department: d, Keywords: keywords(d.Handles), Hours: hours[d.ID]}
		if members {
			e.Members = activeMembers(agents, d.ID)
		}
		out = append(out, e)
	}
	return out, nil
}

// agentsByName lists every agent, by name ignoring case and accents.
func (s *server) agentsByName(ctx context.Context, a desk.Actor) ([]desk.Agent, error) {
	agents, err := s.store.Agents(ctx, a)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(agents, func(x, y desk.Agent) int { return strings.Compare(fold(x.Name), fold(y.Name)) })
	return agents, nil
}

// activeMembers returns the active agents of department dept among agents.
func activeMembers(agents []desk.Agent, dept int64) []desk.Agent {
	var out []desk.Agent
	for _, ag := range agents {
		if ag.Active && slices.Contains(ag.DepartmentIDs, dept) {
			out = append(out, ag)
		}
	}
	return out
}

// searchDirectory keeps the departments where every word of q appears in
// the name, slug, keywords, hours or a member's name, ignoring case and
// accents ("facturation" finds "Facturation", "remboursements" finds
// "remboursement").
func searchDirectory(all []deptEntry, q string) []deptEntry {
	words := strings.Fields(fold(q))
	if len(words) == 0 {
		return all
	}
	var out []deptEntry
	for _, e := range all {
		hay := e.searchText()
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(hay, stem(w)) }) {
			out = append(out, e)
		}
	}
	return out
}

// searchText is what a search looks into, folded.
func (e deptEntry) searchText() string {
	parts := []string{e.Name, e.Slug, e.Handles, e.Hours}
	for _, m := range e.Members {
		parts = append(parts, m.Name, m.Email)
	}
	return fold(strings.Join(parts, " "))
}

// SearchText is searchText for templates: the hand-off picker filters on it.
func (e deptEntry) SearchText() string { return e.searchText() }

// stem drops a plural "s" or "x" so that a plural query finds a singular keyword.
func stem(w string) string {
	if len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) {
		return w[:len(w)-1]
	}
	return w
}

// keywords splits a department's Handles into its keywords.
func keywords(handles string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(handles, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// fold lowercases s and removes its accents, for searching.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}
