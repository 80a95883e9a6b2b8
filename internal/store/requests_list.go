package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"guichet/internal/desk"
)

// ListRequests returns a page of the requests the actor may read that match
// f. Without a query the list is in f.Sort's order: newest activity
// (updated_at, then number, descending) by default, oldest activity first,
// or soonest deadline first (see requests_list_due.go); each walks an index
// in order. With a full-text query it is by request number, descending
// (newest requests first), which the index walks without sorting. A
// requester only sees their requests (and their organisation's when it
// shares them), and their searches never match internal notes. A malformed
// cursor, or one of another order, is CodeInvalid on "cursor"; an unknown
// status on "status"; an unknown order on "sort"; a limit over 100 on
// "limit". A query with no searchable word matches nothing.
func (s *Store) ListRequests(ctx context.Context, a desk.Actor, f desk.RequestFilter) (*desk.RequestPage, error) {
	p, err := s.planListFor(ctx, a, f)
	page := &desk.RequestPage{Requests: []desk.Request{}}
	if err != nil || p == nil {
		return page, err
	}
	if p.searches() && s.search != nil {
		if err := s.search.caughtUp(ctx); err != nil {
			return nil, fmt.Errorf("store: list requests: %w", err)
		}
	}
	var got []listed
	for _, step := range p.steps {
		want := p.limit + 1 - len(got)
		if want <= 0 {
			break
		}
		rows, err := s.runStep(ctx, step, want)
		if err != nil {
			return nil, fmt.Errorf("store: list requests: %w", err)
		}
		got = append(got, rows...)
	}
	if len(got) > p.limit {
		got = got[:p.limit]
		page.NextCursor = got[p.limit-1].at.encode()
	}
	for _, l := range got {
		page.Requests = append(page.Requests, l.r)
	}
	if err := s.fillTags(ctx, s.rdb, page.Requests); err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	if err := s.fillClocks(ctx, s.rdb, page.Requests); err != nil {
		return nil, fmt.Errorf("store: list requests: %w", err)
	}
	return page, nil
}

// listed is a request of a list and the cursor just after it.
type listed struct {
	r  desk.Request
	at cursor
}

// runStep runs one step of a list plan for at most limit rows.
func (s *Store) runStep(ctx context.Context, b *listBuilder, limit int) ([]listed, error) {
	b.limit = limit
	if b.match != "" && !s.sqlite() && !b.narrow {
		return s.searchPG(ctx, b) // requests_search_pg.go
	}
	query := b.build()
	args := b.args
	if b.match != "" && !s.sqlite() {
		// Plan with the actual tsquery every time (see searchPG).
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	return s.queryListed(ctx, s.rdb, b, query, args)
}

// queryListed runs a list query of b on q and scans its rows.
func (s *Store) queryListed(ctx context.Context, q querier, b *listBuilder, query string, args []any) ([]listed, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []listed
	for rows.Next() {
		var r desk.Request
		var due time.Time
		var clock int64
		if b.clocks {
			r, err = scanRequest(rows, timeScan{&due}, &clock)
		} else {
			r, err = scanRequest(rows)
		}
		if err != nil {
			return nil, err
		}
		c := cursor{kind: b.kind, at: r.UpdatedAt, number: r.Number}
		if b.clocks {
			c.at, c.number = due, clock
		}
		out = append(out, listed{r, c})
	}
	return out, rows.Err()
}

// listPlan is a list's query in steps, run in turn until the page is full:
// one step, except for the "due soonest" order (requests_list_due.go).
type listPlan struct {
	steps []*listBuilder
	limit int
}

// searches reports whether the plan matches a full-text query.
func (p *listPlan) searches() bool { return len(p.steps) > 0 && p.steps[0].match != "" }

// planListFor is planList for f, knowing whether its tag is rare (see
// rareTag): one index count, made only when a tag filters the list.
func (s *Store) planListFor(ctx context.Context, a desk.Actor, f desk.RequestFilter) (*listPlan, error) {
	byTag := false
	if normalTag(f.Tag) != "" && strings.TrimSpace(f.Query) == "" {
		var err error
		if byTag, err = s.isRareTag(ctx, f.Tag); err != nil {
			return nil, fmt.Errorf("store: list requests: %w", err)
		}
	}
	return s.planList(a, f, byTag)
}

// planList validates f and builds the page query; nil when nothing can
// match. With byTag the requests of f's tag drive the query.
func (s *Store) planList(a desk.Actor, f desk.RequestFilter, byTag bool) (*listPlan, error) {
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	if limit < 0 || limit > 100 {
		return nil, desk.Invalid("limit", "must be between 1 and 100")
	}
	if !f.Sort.Valid() {
		return nil, desk.Invalid("sort", "must be oldest or due (or empty: newest activity first)")
	}
	b := &listBuilder{s: s, sort: f.Sort, kind: cursorActivity, byTag: byTag}
	if query := strings.TrimSpace(f.Query); query != "" {
		if b.match = s.matchExpr(query, !a.IsAgent()); b.match == "" {
			return nil, nil
		}
		b.arg(b.match)
		b.sort, b.kind = desk.SortActivity, cursorSearch
	}
	if err := b.filter(a, &f); err != nil {
		return nil, err
	}
	kinds := []byte{b.kind}
	switch {
	case b.match != "":
	case b.sort == desk.SortOldest:
		b.kind, kinds = cursorOldest, []byte{cursorOldest}
	case b.sort == desk.SortDue:
		kinds = []byte{cursorDue, cursorUndue}
	}
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor, kinds...)
		if err != nil {
			return nil, err
		}
		b.cursor = &c
	}
	// A requester's reach is narrow: walk their requests and test each against
	// the index, rather than walk every match of the index.
	b.narrow = !a.IsAgent() || f.RequesterID != 0
	b.publicOnly = !a.IsAgent()
	p := &listPlan{steps: []*listBuilder{b}, limit: limit}
	if b.match == "" && b.sort == desk.SortDue {
		p.steps = b.dueSteps()
	}
	return p, nil
}
