package store

import (
	"context"
	"fmt"
	"strings"

	"guichet/internal/desk"
)

// maxCount bounds CountRequests' max: counting is capped so that a queue's
// count costs at most that many index entries.
const maxCount = 100_000

// CountRequests counts the requests that f selects among those the actor may
// read (Cursor and Limit are ignored), stopping at max: a result equal to max
// means "max or more". It returns CodeInvalid for a full-text Query (counts do
// not search), a bad status or a max outside 1..100000.
func (s *Store) CountRequests(ctx context.Context, a desk.Actor, f desk.RequestFilter, max int) (int, error) {
	if max < 1 || max > maxCount {
		return 0, desk.Invalid("max", "must be between 1 and %d", maxCount)
	}
	if strings.TrimSpace(f.Query) != "" {
		return 0, desk.Invalid("q", "counts do not search")
	}
	q := &listQuery{}
	if err := s.filterConditions(q, a, &f); err != nil {
		return 0, err
	}
	var b strings.Builder
	b.WriteString(`SELECT COUNT(*) FROM (SELECT 1 FROM requests r WHERE 1 = 1`)
	for _, w := range q.where {
		b.WriteString(" AND " + w)
	}
	fmt.Fprintf(&b, " LIMIT %d) c", max)
	var n int
	if err := s.rdb.QueryRowContext(ctx, b.String(), q.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count requests: %w", err)
	}
	return n, nil
}
