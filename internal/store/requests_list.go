package store

import (
	"context"
	"fmt"
	"strings"

	"guichet/internal/desk"
)

// listQuery accumulates WHERE conditions and their arguments.
type listQuery struct {
	where []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *listQuery) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

func (q *listQuery) add(cond string) { q.where = append(q.where, cond) }

// ListRequests returns a page of the requests the actor may read that match
// f. Without a query the list is ordered by newest activity (updated_at, then
// number, descending); with a full-text query by request number, descending
// (newest requests first), which the index walks without sorting. A requester
// only sees their requests (and their organisation's when it shares them),
// and their searches never match internal notes. A malformed cursor is
// CodeInvalid on "cursor"; an unknown status on "status"; a limit over 100 on
// "limit". A query with no searchable word matches nothing.
func (s *Store) ListRequests(ctx context.Context, a desk.Actor, f desk.RequestFilter) (*desk.RequestPage, error) {
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	if limit < 0 || limit > 100 {
		return nil, desk.Invalid("limit", "must be between 1 and 100")
	}
	query := strings.TrimSpace(f.Query)
	q := &listQuery{}
	var match string
	if query != "" {
		if match = s.matchExpr(query, !a.IsAgent()); match == "" {
			return &desk.RequestPage{Requests: []desk.Request{}}, nil
		}
		q.arg(match)
	}
	if err := s.filterConditions(q, a, &f); err != nil {
		return nil, err
	}
	var c *cursor
	if f.Cursor != "" {
		cur, err := decodeCursor(f.Cursor, query != "")
		if err != nil {
			return nil, err
		}
		c = &cur
	}
	sqlText := s.listSQL(q, match != "", !a.IsAgent(), c, limit+1)
	rows, err := s.rdb.QueryContext(ctx, sqlText, q.args...)
	if err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	defer rows.Close()
	page := &desk.RequestPage{Requests: []desk.Request{}}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list requests: %w", err)
		}
		page.Requests = append(page.Requests, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	if len(page.Requests) > limit {
		page.Requests = page.Requests[:limit]
		last := page.Requests[limit-1]
		page.NextCursor = cursor{search: match != "", updatedAt: last.UpdatedAt, number: last.Number}.encode()
	}
	if err := s.fillTags(ctx, s.rdb, page.Requests); err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	return page, nil
}

// filterConditions turns the filter and the actor's reach into conditions.
func (s *Store) filterConditions(q *listQuery, a desk.Actor, f *desk.RequestFilter) error {
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, st := range f.Status {
			if !st.Valid() {
				return desk.Invalid("status", "unknown status %q", st)
			}
			ph[i] = q.arg(string(st))
		}
		q.add("r.status IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.DepartmentID != 0 {
		q.add("r.department_id = " + q.arg(f.DepartmentID))
	}
	if f.AgentID != 0 {
		q.add("r.agent_id = " + q.arg(f.AgentID))
	}
	if f.Unassigned {
		q.add("r.agent_id IS NULL")
	}
	if f.RequesterID != 0 {
		q.add("r.requester_id = " + q.arg(f.RequesterID))
	}
	if tag := strings.ToLower(strings.TrimSpace(f.Tag)); tag != "" {
		q.add("EXISTS (SELECT 1 FROM request_tags t WHERE t.number = r.number AND t.tag = " + q.arg(tag) + ")")
	}
	if !f.UpdatedSince.IsZero() {
		q.add("r.updated_at >= " + q.arg(s.tv(f.UpdatedSince)))
	}
	if !a.IsAgent() {
		reach := "r.requester_id = " + q.arg(a.PersonID)
		if a.OrgShared && a.OrganisationID != nil {
			reach = "(" + reach + " OR r.organisation_id = " + q.arg(*a.OrganisationID) + ")"
		}
		q.add(reach)
	}
	return nil
}

// listSQL builds the page query: by activity, or by number for a search
// (publicOnly: matching the public text only).
func (s *Store) listSQL(q *listQuery, search, publicOnly bool, c *cursor, limit int) string {
	var b strings.Builder
	b.WriteString(requestSelect)
	switch {
	case search && s.sqlite():
		// The FTS table drives (CROSS JOIN keeps it outer) and yields rowids newest first.
		b.WriteString(` FROM request_search f CROSS JOIN requests r` + requestJoins +
			` WHERE f.request_search MATCH $1 AND r.number = f.rowid`)
		if c != nil {
			b.WriteString(" AND f.rowid < " + q.arg(c.number))
		}
	case search:
		col := "f.tsv_all"
		if publicOnly {
			col = "f.tsv_public"
		}
		b.WriteString(` FROM request_search f JOIN requests r ON r.number = f.number` + requestJoins +
			` WHERE ` + col + ` @@ $1::tsquery`)
		if c != nil {
			b.WriteString(" AND f.number < " + q.arg(c.number))
		}
	default:
		b.WriteString(` FROM requests r` + requestJoins + ` WHERE 1 = 1`)
		if c != nil {
			b.WriteString(" AND (r.updated_at, r.number) < (" + q.arg(s.tv(c.updatedAt)) + ", " + q.arg(c.number) + ")")
		}
	}
	for _, w := range q.where {
		b.WriteString(" AND " + w)
	}
	switch {
	case search && s.sqlite():
		b.WriteString(" ORDER BY f.rowid DESC")
	case search:
		b.WriteString(" ORDER BY f.number DESC")
	default:
		b.WriteString(" ORDER BY r.updated_at DESC, r.number DESC")
	}
	fmt.Fprintf(&b, " LIMIT %d", limit)
	return b.String()
}
