package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// listBuilder writes a request list query for one engine. Conditions in
// where use the alias r for requests.
type listBuilder struct {
	s          *Store
	where      []string
	args       []any
	statuses   []string // placeholders of the status filter
	match      string   // full-text expression, argument $1; "" for none
	cursor     *cursor
	narrow     bool // the filter selects few requests (one requester's)
	publicOnly bool // full-text on public text only
	sort       desk.RequestSort
	kind       byte   // the kind of cursor after each row (cursor.go)
	clocks     bool   // walk the running clocks by due time (SortDue, first step)
	undue      bool   // only requests without a running clock (SortDue, second step)
	department int64  // the department filter, which the clock walk uses too
	tag        string // the placeholder of the tag filter, "" for none
	byTag      bool   // the tag's few requests drive, sorted, instead of a walk in order
	limit      int
}

// arg adds an argument and returns its placeholder.
func (b *listBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

func (b *listBuilder) add(cond string) { b.where = append(b.where, cond) }

// filter turns the filter and the actor's reach into conditions.
func (b *listBuilder) filter(a desk.Actor, f *desk.RequestFilter) error {
	var seen []desk.Status
	for _, st := range f.Status {
		if !st.Valid() {
			return desk.Invalid("status", "unknown status %q", st)
		}
		if !slices.Contains(seen, st) {
			seen = append(seen, st)
			b.statuses = append(b.statuses, b.arg(string(st)))
		}
	}
	if f.DepartmentID != 0 {
		b.add("r.department_id = " + b.arg(f.DepartmentID))
		b.department = f.DepartmentID
	}
	if f.AgentID != 0 {
		b.add("r.agent_id = " + b.arg(f.AgentID))
	}
	if f.Unassigned {
		b.add("r.agent_id IS NULL")
	}
	if f.RequesterID != 0 {
		b.add("r.requester_id = " + b.arg(f.RequesterID))
	}
	if tag := normalTag(f.Tag); tag != "" {
		b.tag = b.arg(tag)
		b.add("EXISTS (SELECT 1 FROM request_tags t WHERE t.number = r.number AND t.tag = " + b.tag + ")")
	}
	if !f.UpdatedSince.IsZero() {
		b.add("r.updated_at >= " + b.arg(b.s.tv(f.UpdatedSince)))
	}
	if !a.IsAgent() {
		reach := "r.requester_id = " + b.arg(a.PersonID)
		if a.OrgShared && a.OrganisationID != nil {
			reach = "(" + reach + " OR r.organisation_id = " + b.arg(*a.OrganisationID) + ")"
		}
		b.add(reach)
	}
	return nil
}

// conds returns the conditions joined by AND, with the status filter
// (IN, or = status when given) and the cursor.
func (b *listBuilder) conds(status string) string {
	all := slices.Clone(b.where)
	switch {
	case status != "":
		all = append(all, "r.status = "+status)
	case len(b.statuses) > 0:
		all = append(all, "r.status IN ("+strings.Join(b.statuses, ", ")+")")
	}
	if c := b.cursor; c != nil {
		switch c.kind {
		case cursorSearch:
			all = append(all, "r.number < "+b.arg(c.number))
		case cursorActivity, cursorUndue:
			all = append(all, "(r.updated_at, r.number) < ("+b.arg(b.s.tv(c.at))+", "+b.arg(c.number)+")")
		case cursorOldest:
			all = append(all, "(r.updated_at, r.number) > ("+b.arg(b.s.tv(c.at))+", "+b.arg(c.number)+")")
		} // cursorDue: the clock walk places it (buildDue)
	}
	if b.undue {
		all = append(all, noRunningClock)
	}
	if len(all) == 0 {
		return "1 = 1"
	}
	return strings.Join(all, " AND ")
}

const (
	byActivity = " ORDER BY r.updated_at DESC, r.number DESC"
	byOldest   = " ORDER BY r.updated_at, r.number" // the activity indexes walked backwards
)

// orderBy is the ORDER BY of a list that walks requests.
func (b *listBuilder) orderBy() string {
	if b.sort == desk.SortOldest {
		return byOldest
	}
	return byActivity
}

// build returns the page query.
func (b *listBuilder) build() string {
	limit := fmt.Sprintf(" LIMIT %d", b.limit)
	switch {
	case b.match != "" && b.s.sqlite() && !b.narrow:
		// The FTS table drives (CROSS JOIN keeps it outer), yielding rowids newest first.
		return requestSelect + ` FROM request_search f CROSS JOIN requests r` + requestJoins +
			` WHERE f.request_search MATCH $1 AND r.number = f.rowid AND ` + b.conds("") + ` ORDER BY f.rowid DESC` + limit
	case b.match != "" && b.s.sqlite():
		// Few candidates: test each against the index by rowid.
		return requestSelect + ` FROM requests r` + requestJoins + ` WHERE ` + b.conds("") +
			` AND EXISTS (SELECT 1 FROM request_search f WHERE f.request_search MATCH $1 AND f.rowid = r.number)` +
			` ORDER BY r.number DESC` + limit
	case b.match != "":
		col := "f.tsv_all"
		if b.publicOnly {
			col = "f.tsv_public"
		}
		return requestSelect + ` FROM request_search f JOIN requests r ON r.number = f.number` + requestJoins +
			` WHERE ` + col + ` @@ $1::tsquery AND ` + b.conds("") + ` ORDER BY r.number DESC` + limit
	case b.clocks:
		return b.buildDue(limit)
	case b.byTag:
		// Few requests have the tag: take them from its index, then sort them.
		return requestSelect + ` FROM request_tags t CROSS JOIN requests r` + requestJoins + ` WHERE t.tag = ` + b.tag +
			` AND r.number = t.number AND ` + b.conds("") + b.orderBy() + limit
	case len(b.statuses) > 1:
		return b.buildPerStatus(limit)
	}
	return requestSelect + ` FROM requests r` + requestJoins + ` WHERE ` + b.conds("") + b.orderBy() + limit
}

// buildPerStatus lists several statuses by activity (newest or oldest
// first): the first page of each status comes straight from its index, and
// only those few rows are merged, instead of sorting every request of every
// status.
func (b *listBuilder) buildPerStatus(limit string) string {
	parts := make([]string, len(b.statuses))
	for i, st := range b.statuses {
		parts[i] = fmt.Sprintf(`SELECT number FROM (SELECT r.number FROM requests r WHERE %s%s%s) s%d`,
			b.conds(st), b.orderBy(), limit, i)
	}
	return requestSelect + ` FROM (` + strings.Join(parts, " UNION ALL ") + `) top JOIN requests r ON r.number = top.number` +
		requestJoins + b.orderBy() + limit
}

// listQuery holds a filter's conditions (alias r) and their arguments, for
// queries other than the page query (CountRequests).
type listQuery struct {
	where []string
	args  []any
}

// filterConditions appends the conditions of f and of the actor's reach to q.
// It returns CodeInvalid on "status" for an unknown status.
func (s *Store) filterConditions(q *listQuery, a desk.Actor, f *desk.RequestFilter) error {
	b := &listBuilder{s: s, args: q.args}
	if err := b.filter(a, f); err != nil {
		return err
	}
	q.where = append(q.where, b.where...)
	if len(b.statuses) > 0 {
		q.where = append(q.where, "r.status IN ("+strings.Join(b.statuses, ", ")+")")
	}
	q.args = b.args
	return nil
}

// rareTag is how many requests a tag may have for a list to take them from
// the tag's index and sort them; a more frequent tag is found soon enough
// walking the list's own index in order. Tests lower it (SetRareTag).
var rareTag = 5000

// normalTag returns a tag as it is stored.
func normalTag(tag string) string { return strings.ToLower(strings.TrimSpace(tag)) }

// isRareTag reports whether fewer than rareTag requests carry tag, with one
// index count that stops there.
func (s *Store) isRareTag(ctx context.Context, tag string) (bool, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM request_tags WHERE tag = $1 LIMIT `+
		strconv.Itoa(rareTag)+`) c`, normalTag(tag)).Scan(&n)
	return n < rareTag, err
}
