package store_test

import (
	"fmt"
	"sync"
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// TestConcurrentClockChanges changes one request from many writers at once
// while an admin edits the standard: every change keeps the clocks whole
// (one first response, one resolution, one row per cycle), on both engines.
func TestConcurrentClockChanges(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		st := f.standard(t, commit.Standard{Name: "Facturation", Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
			FirstResponse: target(t, "4h"), NextResponse: target(t, "2h"), Resolution: target(t, "2d")})
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.billing.ID)
		const n = 24
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				var err error
				switch i % 4 {
				case 0:
					_, err = s.AddMessage(ctx, f.billingAgent, r.Number, desk.NewMessage{Body: fmt.Sprint("réponse ", i)})
				case 1:
					_, err = s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: fmt.Sprint("relance ", i)})
				case 2:
					p := []desk.Priority{desk.PriorityHigh, desk.PriorityNormal}[i%8/4]
					_, err = s.UpdateRequest(ctx, f.billingAgent, r.Number, desk.RequestPatch{Priority: &p})
				default:
					cp := st
					cp.Resolution = target(t, fmt.Sprintf("%dd", 2+i%3))
					err = s.UpdateStandard(ctx, f.admin, &cp)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("writer %d: %v", i, err)
			}
		}
		for _, kind := range []string{commit.KindFirstResponse, commit.KindResolution} {
			if got := s.CountRows(t, fmt.Sprintf("commit_clocks WHERE number = %d AND kind = '%s'", r.Number, kind)); got != 1 {
				t.Errorf("%d %s clocks, want 1", got, kind)
			}
		}
		if got := s.CountRows(t, "commit_requests WHERE stale"); got != 0 {
			t.Errorf("%d requests left stale", got)
		}
		d := f.read(t, r.Number)
		if d.FirstResponseState != desk.ClockMet || d.ResolutionState != desk.ClockRunning {
			t.Fatalf("clocks %+v", d.Clocks)
		}
	})
}
