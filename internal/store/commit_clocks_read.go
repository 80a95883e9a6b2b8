package store

import (
	"context"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// fillClocks sets the Clocks of reqs: the service standard applied, each
// clock's due time and state as they read now (the latest next-response
// cycle), and the open consult each waits on.
func (s *Store) fillClocks(ctx context.Context, q querier, reqs []desk.Request) error {
	if len(reqs) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(reqs))
	nums := make([]any, len(reqs))
	for i := range reqs {
		idx[reqs[i].Number] = i
		nums[i] = reqs[i].Number
	}
	rows, err := q.QueryContext(ctx, `SELECT k.number, k.kind, k.seq, k.due_at, k.at_risk_at, k.state, f.standard_id
		FROM commit_clocks k JOIN commit_requests f ON f.number = k.number
		WHERE k.consult_id IS NULL AND k.number IN (`+placeholders(1, len(nums))+`) ORDER BY k.number, k.kind, k.seq`, nums...)
	if err != nil {
		return fmt.Errorf("clocks: %w", err)
	}
	defer rows.Close()
	now := s.now()
	for rows.Next() {
		var n int64
		var kind string
		var seq int
		var due, atRisk *time.Time
		var state desk.ClockState
		var standard *int64
		if err := rows.Scan(&n, &kind, &seq, nullTimeScan{&due}, nullTimeScan{&atRisk}, &state, nullID{&standard}); err != nil {
			return fmt.Errorf("clocks: %w", err)
		}
		c := &reqs[idx[n]].Clocks
		c.ServiceStandardID = standard
		showClock(c, kind, due, atRisk, state, now) // ordered by seq: the latest next-response cycle wins
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clocks: %w", err)
	}
	return s.waitingOn(ctx, q, reqs, idx, nums)
}

// showClock sets the clock kind of c from what is stored of it (its due
// time, when it becomes at risk, its stored state): its state at now,
// whether it is at risk, and c's next deadline when it is the soonest due of
// the clocks still counting.
func showClock(c *desk.Clocks, kind string, due, atRisk *time.Time, stored desk.ClockState, now time.Time) {
	state := commit.Current(stored, due, now)
	risk := state == desk.ClockRunning && atRisk != nil && !atRisk.After(now)
	switch kind {
	case commit.KindFirstResponse:
		c.FirstResponseDue, c.FirstResponseState, c.FirstResponseAtRisk = due, state, risk
	case commit.KindNextResponse:
		c.NextResponseDue, c.NextResponseState, c.NextResponseAtRisk = due, state, risk
	case commit.KindResolution:
		c.ResolutionDue, c.ResolutionState, c.ResolutionAtRisk = due, state, risk
	default:
		return
	}
	if stored == desk.ClockRunning && due != nil && (c.NextDeadline == nil || due.Before(c.NextDeadline.Due)) {
		c.NextDeadline = &desk.Deadline{Clock: kind, Due: *due, State: state, AtRisk: risk}
	}
}
