package store_test

import (
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// TestQueryPlans checks, on SQLite, that the hot lists walk an index in order
// instead of sorting every matching request: that is what keeps them fast at
// a million requests.
func TestQueryPlans(t *testing.T) {
	s := storetest.Engines(t)[0].Open(t)
	requester := desk.Actor{PersonID: 7}
	cases := []struct {
		name string
		a    desk.Actor
		f    desk.RequestFilter
		want []string
	}{
		{"department queue", desk.SystemActor, desk.RequestFilter{DepartmentID: 3, Status: []desk.Status{desk.StatusOpen}},
			[]string{"requests_queue"}},
		{"department queue of several statuses", desk.SystemActor,
			desk.RequestFilter{DepartmentID: 3, Status: []desk.Status{desk.StatusNew, desk.StatusOpen}}, []string{"requests_queue"}},
		{"newest of all", desk.SystemActor, desk.RequestFilter{}, []string{"requests_updated"}},
		{"agent's queue", desk.SystemActor, desk.RequestFilter{AgentID: 4, Status: []desk.Status{desk.StatusOpen}},
			[]string{"requests_agent"}},
		{"requester's list", requester, desk.RequestFilter{}, []string{"requests_requester"}},
		{"search", desk.SystemActor, desk.RequestFilter{Query: "commande"}, []string{"VIRTUAL TABLE INDEX"}},
		{"requester's search", requester, desk.RequestFilter{Query: "commande"}, []string{"requests_requester"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, args, err := s.ListSQL(c.a, c.f)
			must(t, err)
			plan, err := s.Explain(q, args...)
			must(t, err)
			for _, w := range c.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan does not use %s:\n%s", w, plan)
				}
			}
			if c.f.Query == "" && strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") && len(c.f.Status) < 2 {
				t.Errorf("plan sorts:\n%s", plan)
			}
		})
	}
}

func TestListSeveralStatuses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		var nums []int64
		for i := range 9 {
			r := f.open(t, "Q", "B", f.alice)
			nums = append(nums, r.Number)
			st := []desk.Status{desk.StatusNew, desk.StatusOpen, desk.StatusWaitingRequester}[i%3]
			if st != desk.StatusNew {
				_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: &st})
				must(t, err)
			}
		}
		t.Run("merged by activity across statuses, paged", func(t *testing.T) {
			var got []int64
			flt := desk.RequestFilter{Status: []desk.Status{desk.StatusNew, desk.StatusOpen, desk.StatusNew}, Limit: 2}
			for {
				p, err := s.ListRequests(ctx, f.agent, flt)
				must(t, err)
				got = append(got, numbers(p)...)
				if p.NextCursor == "" {
					break
				}
				flt.Cursor = p.NextCursor
			}
			// Updated in creation order: the newest activity is the last updated.
			want := []int64{nums[7], nums[6], nums[4], nums[3], nums[1], nums[0]}
			if len(got) != len(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("got %v, want %v", got, want)
				}
			}
		})
	})
}

var _ = store.Options{}
