package store_test

import (
	"slices"
	"strings"
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// listAll walks every page of f with pages of limit requests.
func listAll(t *testing.T, f *commitFixture, a desk.Actor, flt desk.RequestFilter, limit int) []int64 {
	t.Helper()
	flt.Limit = limit
	var got []int64
	for range 20 {
		p, err := f.s.ListRequests(ctx, a, flt)
		must(t, err)
		got = append(got, numbers(p)...)
		if p.NextCursor == "" {
			return got
		}
		flt.Cursor = p.NextCursor
	}
	t.Fatalf("more than 20 pages: %v", got)
	return nil
}

func TestListOrders(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.standard(t, commit.Standard{Name: "Facturation", Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
			FirstResponse: target(t, "4h"), Resolution: target(t, "2d")})
		// The front desk owes billing an answer in an hour: consult clocks, which never order the list.
		ag := commit.Agreement{Name: "Accueil → Facturation", ProviderDepartmentID: f.billing.ID, Response: target(t, "1h"), Active: true}
		must(t, s.CreateAgreement(ctx, f.admin, &ag))
		open := func(when string, dept int64, who string, tags ...string) int64 {
			f.clock.Set(t, when)
			return f.request(t, dept, func(n *desk.NewRequest) { n.RequesterEmail, n.Tags = who, tags }).Number
		}
		alice, carol := "alice@ecole-soleil.example", "carol@ailleurs.example"
		r1 := open("2025-03-03 09:00 -0500", f.billing.ID, alice, "carton") // first response due 13:00
		r2 := open("2025-03-03 09:30 -0500", f.billing.ID, alice)           // answered at 11:00: resolution due Wed 09:30
		r3 := open("2025-03-03 10:00 -0500", f.frontDesk.ID, carol)
		r4 := open("2025-03-03 10:30 -0500", f.billing.ID, alice, "carton", "urgent") // first response due 14:30, at risk from 13:42
		f.clock.Set(t, "2025-03-03 10:40 -0500")
		_, err := s.OpenConsult(ctx, f.agent, r3, commit.NewConsult{ToDepartmentID: f.billing.ID, Question: "Remboursé ?"})
		must(t, err)
		r5 := open("2025-03-03 10:45 -0500", f.billing.ID, alice, "carton")
		f.clock.Set(t, "2025-03-03 10:50 -0500")
		_, err = s.UpdateRequest(ctx, f.agent, r5, desk.RequestPatch{Status: ptr(desk.StatusWaitingRequester)}) // paused
		must(t, err)
		f.clock.Set(t, "2025-03-03 11:00 -0500")
		_, err = s.AddMessage(ctx, f.billingAgent, r2, desk.NewMessage{Body: "Nous regardons."})
		must(t, err)
		active := []desk.Status{desk.StatusNew, desk.StatusOpen, desk.StatusWaitingRequester, desk.StatusWaitingDepartment}

		cases := []struct {
			name string
			a    desk.Actor
			flt  desk.RequestFilter
			want []int64
		}{
			{"newest activity first", f.agent, desk.RequestFilter{}, []int64{r2, r5, r3, r4, r1}},
			{"oldest activity first", f.agent, desk.RequestFilter{Sort: desk.SortOldest}, []int64{r1, r4, r3, r5, r2}},
			{"oldest of several statuses", f.agent, desk.RequestFilter{Sort: desk.SortOldest, Status: active}, []int64{r1, r4, r3, r5, r2}},
			{"soonest deadline, then the others by activity", f.agent, desk.RequestFilter{Sort: desk.SortDue}, []int64{r1, r4, r2, r5, r3}},
			{"soonest deadline of several statuses", f.agent, desk.RequestFilter{Sort: desk.SortDue, Status: active}, []int64{r1, r4, r2, r5, r3}},
			{"soonest deadline in a department", f.agent, desk.RequestFilter{Sort: desk.SortDue, DepartmentID: f.billing.ID}, []int64{r1, r4, r2, r5}},
			{"a requester's own, soonest deadline first", f.alice, desk.RequestFilter{Sort: desk.SortDue}, []int64{r1, r4, r2, r5}},
			{"a tag, newest activity first", f.agent, desk.RequestFilter{Tag: "Carton"}, []int64{r5, r4, r1}},
			{"a tag, oldest first", f.agent, desk.RequestFilter{Tag: "carton", Sort: desk.SortOldest, Status: active}, []int64{r1, r4, r5}},
			{"a tag, soonest deadline first", f.agent, desk.RequestFilter{Tag: "carton", Sort: desk.SortDue}, []int64{r1, r4, r5}},
			{"a tag, soonest deadline in a department", f.agent, desk.RequestFilter{Tag: "carton", Sort: desk.SortDue,
				DepartmentID: f.billing.ID, Status: active}, []int64{r1, r4, r5}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for limit := 1; limit <= 6; limit++ {
					if got := listAll(t, f, c.a, c.flt, limit); !slices.Equal(got, c.want) {
						t.Fatalf("pages of %d: %v, want %v", limit, got, c.want)
					}
				}
				if c.flt.Tag != "" { // the tag is rare: now as if it were not (the list walks its index in order)
					store.SetRareTag(t, 1)
					if got := listAll(t, f, c.a, c.flt, 2); !slices.Equal(got, c.want) {
						t.Fatalf("walking in order: %v, want %v", got, c.want)
					}
				}
			})
		}
		t.Run("each row shows its next deadline, overdue and at risk marked", func(t *testing.T) {
			f.clock.Set(t, "2025-03-03 13:50 -0500")
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Sort: desk.SortDue, Limit: 3})
			must(t, err)
			if got := numbers(p); !slices.Equal(got, []int64{r1, r4, r2}) {
				t.Fatalf("order %v", got)
			}
			first, second := p.Requests[0].NextDeadline, p.Requests[1].NextDeadline
			if first == nil || first.Clock != commit.KindFirstResponse || first.State != desk.ClockBreached || first.AtRisk {
				t.Fatalf("overdue request's deadline %+v", first)
			}
			wantDue(t, "r4 deadline", &second.Due, "2025-03-03 14:30 -0500")
			if second.State != desk.ClockRunning || !second.AtRisk || !p.Requests[1].FirstResponseAtRisk {
				t.Fatalf("r4 (80%% of its target used) deadline %+v", second)
			}
			if d := p.Requests[2].NextDeadline; d == nil || d.Clock != commit.KindResolution || d.AtRisk {
				t.Fatalf("answered request's deadline %+v", d)
			}
		})
		t.Run("a paused request and one without a standard have no deadline", func(t *testing.T) {
			for _, n := range []int64{r3, r5} {
				if d := f.read(t, n).NextDeadline; d != nil {
					t.Fatalf("#%d deadline %+v", n, d)
				}
			}
		})
		t.Run("bad orders and cursors of another order are refused", func(t *testing.T) {
			_, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Sort: "priority"})
			wantCode(t, err, desk.CodeInvalid, "sort")
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Sort: desk.SortDue, Limit: 1})
			must(t, err)
			_, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Sort: desk.SortOldest, Cursor: p.NextCursor})
			wantCode(t, err, desk.CodeInvalid, "cursor")
		})
	})
}

// TestListOrderPlans checks, on SQLite, that the other orders walk an index
// in order too: oldest first walks the activity indexes backwards, soonest
// deadline first walks the running clocks by due time.
func TestListOrderPlans(t *testing.T) {
	s := storetest.Engines(t)[0].Open(t)
	cases := []struct {
		name string
		f    desk.RequestFilter
		want []string // one per step
	}{
		{"oldest of all", desk.RequestFilter{Sort: desk.SortOldest}, []string{"requests_updated"}},
		{"oldest in a department", desk.RequestFilter{Sort: desk.SortOldest, DepartmentID: 3,
			Status: []desk.Status{desk.StatusOpen}}, []string{"requests_queue"}},
		{"oldest of my requests", desk.RequestFilter{Sort: desk.SortOldest, AgentID: 4,
			Status: []desk.Status{desk.StatusOpen}}, []string{"requests_agent"}},
		{"soonest deadline of all", desk.RequestFilter{Sort: desk.SortDue}, []string{"commit_clocks_due", "requests_updated"}},
		{"soonest deadline in a department", desk.RequestFilter{Sort: desk.SortDue, DepartmentID: 3,
			Status: []desk.Status{desk.StatusOpen}}, []string{"commit_clocks_due", "requests_queue"}},
		{"a rare tag", desk.RequestFilter{Tag: "carton"}, []string{"request_tags_tag"}},
		{"a rare tag, soonest deadline first", desk.RequestFilter{Tag: "carton", Sort: desk.SortDue},
			[]string{"request_tags_tag", "request_tags_tag"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs, args, err := s.ListSteps(desk.SystemActor, c.f)
			must(t, err)
			if len(qs) != len(c.want) {
				t.Fatalf("%d steps, want %d", len(qs), len(c.want))
			}
			for i, q := range qs {
				plan, err := s.Explain(q, args[i]...)
				must(t, err)
				// A rare tag's few requests are sorted; every other list walks an index in order.
				if !strings.Contains(plan, c.want[i]) || c.f.Tag == "" && strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") {
					t.Errorf("step %d does not walk %s in order:\n%s", i+1, c.want[i], plan)
				}
			}
		})
	}
}
