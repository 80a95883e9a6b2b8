package store_test

import (
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

func TestCountOpenConsults(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		for i := range 3 {
			r := f.request(t, f.billing.ID)
			c, err := s.OpenConsult(ctx, f.billingAgent, r.Number, commit.NewConsult{ToDepartmentID: f.itd.ID, Question: "?"})
			must(t, err)
			if i == 0 { // answered: owed no more
				itAgent := f.newAgent(t, "Iris Tech", "iris@guichet.example", desk.RoleAgent, f.itd.ID)
				_, err = s.AnswerConsult(ctx, itAgent, r.Number, c.ID, commit.ConsultAnswer{Answer: "Fait.", Final: true})
				must(t, err)
			}
		}
		r := f.request(t, f.frontDesk.ID)
		_, err := s.OpenConsult(ctx, f.agent, r.Number, commit.NewConsult{ToDepartmentID: f.billing.ID, Question: "?"})
		must(t, err)
		for _, c := range []struct {
			depts []int64
			max   int
			want  int
		}{
			{[]int64{f.itd.ID}, 100, 2},
			{[]int64{f.itd.ID, f.billing.ID}, 100, 3},
			{[]int64{f.itd.ID, f.billing.ID}, 2, 2},
			{[]int64{f.frontDesk.ID}, 100, 0},
			{nil, 100, 0},
		} {
			n, err := s.CountOpenConsults(ctx, f.agent, c.depts, c.max)
			must(t, err)
			if n != c.want {
				t.Errorf("count %v (max %d) = %d, want %d", c.depts, c.max, n, c.want)
			}
		}
		_, err = s.CountOpenConsults(ctx, f.alice, []int64{f.itd.ID}, 10)
		wantCode(t, err, desk.CodeForbidden)
		_, err = s.CountOpenConsults(ctx, f.agent, []int64{f.itd.ID}, 0)
		wantCode(t, err, desk.CodeInvalid, "max")
	})
}
