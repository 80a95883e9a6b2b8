package store

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"guichet/internal/commit"
)

// SeedClocks inserts n clocks of request number started over the year before
// end, as a year of a busy desk would leave them: in the order they started
// (clocks are inserted when they start), every kind, 40 departments, 10
// standards, 20 agreements, mostly met. For report benchmarks only.
func (s *Store) SeedClocks(tb testing.TB, number int64, n int, end time.Time) {
	ctx := context.Background()
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO commit_clocks (number, kind, seq, department_id, customer_department_id,
		standard_id, agreement_id, calendar_id, target_seconds, started_at, due_at, at_risk_at, stopped_at, business_seconds,
		state) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $12, $13, $14)`)
	if err != nil {
		tb.Fatal(err)
	}
	kinds := []string{commit.KindFirstResponse, commit.KindResolution, commit.KindNextResponse}
	rng := rand.New(rand.NewPCG(1, 2))
	year := 365 * 24 * time.Hour
	for i := range n {
		start := end.Add(-year + time.Duration(int64(year)/int64(n)*int64(i)+rng.Int64N(int64(time.Hour))))
		target := int64(4 * 3600)
		due := start.Add(time.Duration(target) * time.Second * 3)
		kind, customer, standard, agreement := kinds[i%3], any(nil), any(int64(1+i%10)), any(nil)
		if i%20 == 0 {
			kind = commit.KindConsultResolution
			customer, standard, agreement = int64(1+(i/20)%40), nil, int64(1+i%20)
		}
		spent := rng.Int64N(3 * target / 2)
		state, stopped := "met", any(s.tv(start.Add(time.Duration(spent)*time.Second*3)))
		switch {
		case spent > target:
			state = "breached"
		case i%25 == 0:
			state, stopped = "running", nil
		}
		_, err := st.ExecContext(ctx, number, kind, i, int64(1+i%40), customer, standard, agreement, target,
			s.tv(start), s.tv(due), s.tv(due.Add(-time.Hour)), stopped, spent, state)
		if err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}
