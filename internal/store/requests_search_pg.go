package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// pgSearchWindows are how many of the newest requests (before the cursor) a
// PostgreSQL search tests against the query, in turn, before it asks the GIN
// index for every match.
//
// PostgreSQL plans "the newest matches of a tsquery" one of two ways: walk
// the requests newest first testing each (fast when many match), or take
// every match from the GIN index and sort them (fast when few do). It picks
// by its estimate of how many match, and for combinations of words that
// estimate can be wildly wrong: at 1,000,000 requests a French word and an
// English one that never occur together were estimated at 165,000 matches,
// and the walk read all 1,020,000 rows (1.5 s warm, 111 s cold). So the
// choice is made here by trying: a window of the newest requests holding a
// full page means the words are common, and that page is the answer (every
// older request comes after it); otherwise they are rare enough for the
// index, which is then forced (enable_seqscan off), since the same estimate
// may also turn it into a scan of the whole table.
var pgSearchWindows = []int{5_000, 50_000}

// searchPG lists b's page of full-text matches on PostgreSQL (see
// pgSearchWindows).
func (s *Store) searchPG(ctx context.Context, b *listBuilder) ([]listed, error) {
	for i, k := range pgSearchWindows {
		query, args := b.snapshot(func() string { return b.buildSearchWindow(k) })
		rows, err := s.queryListed(ctx, s.rdb, b, query, append([]any{pgx.QueryExecModeExec}, args...))
		if err != nil || len(rows) >= b.limit {
			return rows, err
		}
		// A larger window is worth reading only for a search narrowed by
		// other conditions (its words may be common, the index would return
		// them all) and only if, at this window's rate of matches, it would
		// hold a page. Words alone that fill no page of the first window
		// match under one request in a hundred: the index is cheaper.
		if !b.filtered() || i+1 < len(pgSearchWindows) && len(rows)*pgSearchWindows[i+1] < b.limit*k {
			break
		}
	}
	query, args := b.snapshot(b.buildSearchIndexed)
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() // read only: nothing to keep
	for _, set := range []string{`SET LOCAL enable_seqscan = off`, `SET LOCAL jit = off`} {
		if _, err := tx.ExecContext(ctx, set); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	return s.queryListed(ctx, tx, b, query, append([]any{pgx.QueryExecModeExec}, args...))
}

// filtered reports whether the list has conditions besides its words and
// cursor (a department, a status, a requester...).
func (b *listBuilder) filtered() bool { return len(b.where) > 0 || len(b.statuses) > 0 }

// snapshot returns the query build makes and its arguments, leaving b's
// arguments as they were (each query names its own).
func (b *listBuilder) snapshot(build func() string) (string, []any) {
	n := len(b.args)
	query := build()
	args := append([]any{}, b.args...)
	b.args = b.args[:n]
	return query, args
}

// searchColumn is the tsvector the actor searches: public text only for a
// requester.
func (b *listBuilder) searchColumn() string {
	if b.publicOnly {
		return "tsv_public"
	}
	return "tsv_all"
}

// buildSearchWindow returns the page of matches among the k newest requests
// before the cursor.
func (b *listBuilder) buildSearchWindow(k int) string {
	window := `SELECT number, ` + b.searchColumn() + ` AS tsv FROM request_search`
	if c := b.cursor; c != nil && c.kind == cursorSearch {
		window += ` WHERE number < ` + b.arg(c.number)
	}
	window += fmt.Sprintf(` ORDER BY number DESC LIMIT %d`, k)
	return requestSelect + ` FROM (` + window + `) f JOIN requests r ON r.number = f.number` + requestJoins +
		` WHERE f.tsv @@ $1::tsquery AND ` + b.conds("") + fmt.Sprintf(` ORDER BY r.number DESC LIMIT %d`, b.limit)
}

// buildSearchIndexed returns the page of matches taken from the GIN index.
func (b *listBuilder) buildSearchIndexed() string {
	return `WITH m AS MATERIALIZED (SELECT number FROM request_search WHERE ` + b.searchColumn() + ` @@ $1::tsquery) ` +
		requestSelect + ` FROM m JOIN requests r ON r.number = m.number` + requestJoins + ` WHERE ` + b.conds("") +
		fmt.Sprintf(` ORDER BY r.number DESC LIMIT %d`, b.limit)
}
