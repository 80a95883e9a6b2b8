package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"guichet/internal/desk"
)

// ListRequests returns a page of the requests the actor may read that match
// f. Without a query the list is ordered by newest activity (updated_at, then
// number, descending); with a full-text query by request number, descending
// (newest requests first), which the index walks without sorting. A requester
// only sees their requests (and their organisation's when it shares them),
// and their searches never match internal notes. A malformed cursor is
// CodeInvalid on "cursor"; an unknown status on "status"; a limit over 100 on
// "limit". A query with no searchable word matches nothing.
func (s *Store) ListRequests(ctx context.Context, a desk.Actor, f desk.RequestFilter) (*desk.RequestPage, error) {
	p, err := s.planList(a, f)
	if err != nil || p == nil {
		return &desk.RequestPage{Requests: []desk.Request{}}, err
	}
	rows, err := s.rdb.QueryContext(ctx, p.sql, p.args...)
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
	if len(page.Requests) > p.limit {
		page.Requests = page.Requests[:p.limit]
		last := page.Requests[p.limit-1]
		page.NextCursor = cursor{search: p.search, updatedAt: last.UpdatedAt, number: last.Number}.encode()
	}
	if err := s.fillTags(ctx, s.rdb, page.Requests); err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	if err := s.fillClocks(ctx, s.rdb, page.Requests); err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	return page, nil
}

// listPlan is a page query ready to run.
type listPlan struct {
	sql    string
	args   []any
	search bool
	limit  int
}

// planList validates f and builds the page query; nil when nothing can match.
func (s *Store) planList(a desk.Actor, f desk.RequestFilter) (*listPlan, error) {
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	if limit < 0 || limit > 100 {
		return nil, desk.Invalid("limit", "must be between 1 and 100")
	}
	b := &listBuilder{s: s, limit: limit + 1}
	if query := strings.TrimSpace(f.Query); query != "" {
		if b.match = s.matchExpr(query, !a.IsAgent()); b.match == "" {
			return nil, nil
		}
		b.arg(b.match)
	}
	if err := b.filter(a, &f); err != nil {
		return nil, err
	}
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor, b.match != "")
		if err != nil {
			return nil, err
		}
		b.cursor = &c
	}
	// A requester's reach is narrow: walk their requests and test each against
	// the index, rather than walk every match of the index.
	b.narrow = !a.IsAgent() || f.RequesterID != 0
	b.publicOnly = !a.IsAgent()
	p := &listPlan{sql: b.build(), args: b.args, search: b.match != "", limit: limit}
	if b.match != "" && !s.sqlite() {
		// Plan with the actual tsquery every time: a cached generic plan cannot
		// tell a rare word (use the GIN index) from a common one (walk the
		// newest requests), and a wrong guess costs a full scan.
		p.args = append([]any{pgx.QueryExecModeExec}, p.args...)
	}
	return p, nil
}
