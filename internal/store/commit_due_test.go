package store_test

import (
	"strings"
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// The timers find what falls due with indexed queries (store.DueQueries,
// each with the partial index that holds only the timers still to fire);
// these are the plans they must keep.
func TestWhatIsDueIsIndexed(t *testing.T) {
	s := storetest.Engines(t)[0].Open(t)
	queries := store.DueQueries()
	queries[`SELECT number FROM commit_requests WHERE stale ORDER BY number LIMIT 200`] = "commit_requests_stale"
	for query, index := range queries {
		plan, err := s.Explain(query, 1, 100)
		must(t, err)
		if !strings.Contains(plan, index) || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s\nplan: %s\nwant index %s without a sort", query, plan, index)
		}
	}
}

func TestRecomputeClocksKeepsARunningClockFindable(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		f.standard(t, commit.Standard{Name: "Tous", FirstResponse: target(t, "1h")})
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.billing.ID)
		f.clock.Set(t, "2025-03-03 11:00 -0500")
		must(t, f.s.RecomputeClocks(ctx, r.Number))
		if got := f.read(t, r.Number).FirstResponseState; got != desk.ClockBreached {
			t.Fatalf("state %s, want breached", got)
		}
		// Stored as running past its due time: what the timer job will look for.
		if n := f.s.CountRows(t, "commit_clocks WHERE state = 'running' AND kind = 'first_response'"); n != 1 {
			t.Fatalf("%d running first-response clocks stored, want 1", n)
		}
		wantCode(t, f.s.RecomputeClocks(ctx, 999999), desk.CodeNotFound)
	})
}
