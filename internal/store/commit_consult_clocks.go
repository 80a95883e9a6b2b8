package store

import (
	"context"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// writeConsultClocks computes and writes the clocks of consult c under its
// agreement (none without one), on the provider's calendar. A finished clock
// stays as it was.
func (s *Store) writeConsultClocks(ctx context.Context, q querier, c *commit.Consult, now time.Time) error {
	if c.AgreementID == nil {
		return nil
	}
	ag, err := s.agreement(ctx, q, *c.AgreementID)
	if err != nil {
		return err
	}
	calID, cal, ok, err := s.calendarFor(ctx, q, ag.CalendarID, ag.ProviderDepartmentID)
	if err != nil || !ok {
		return err
	}
	ms := commit.ConsultMeasures(ag.Targets(), c.AskedAt, deref(c.RespondedAt), deref(c.AnsweredAt), cal, now)
	have, err := s.storedClocks(ctx, q, `consult_id = $1`, c.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		cur := have[clockKey{kind: m.Kind}]
		if cur.id != 0 && cur.stopped >= 0 && !m.Stop.IsZero() {
			continue
		}
		row := clockRow{number: c.Number, department: c.ToDepartmentID, customer: &c.FromDepartmentID, consult: &c.ID,
			agreement: c.AgreementID, calendar: calID, m: m}
		if err := s.putClock(ctx, q, cur, row); err != nil {
			return err
		}
	}
	return nil
}

// recomputeOpenConsults computes again the clocks of the open consults that
// match where (on consults c).
func (s *Store) recomputeOpenConsults(ctx context.Context, q querier, where string, args ...any) error {
	list, err := s.consultList(ctx, q, `c.state = 'open' AND `+where, args...)
	if err != nil {
		return fmt.Errorf("open consults: %w", err)
	}
	now := s.now()
	for i := range list {
		if err := s.writeConsultClocks(ctx, q, &list[i], now); err != nil {
			return err
		}
	}
	return nil
}

// waitingOn fills the WaitingOn of the requests that have open consults: the
// consult due first (one without a due time last), then the oldest.
func (s *Store) waitingOn(ctx context.Context, q querier, reqs []desk.Request, idx map[int64]int, nums []any) error {
	rows, err := q.QueryContext(ctx, `SELECT c.number, c.id, c.to_department_id, COALESCE(d.name, ''), k.due_at
		FROM consults c LEFT JOIN departments d ON d.id = c.to_department_id
		LEFT JOIN commit_clocks k ON k.consult_id = c.id AND k.kind = 'consult_resolution'
		WHERE c.state = 'open' AND c.number IN (`+placeholders(1, len(nums))+`) ORDER BY c.number, c.id`, nums...)
	if err != nil {
		return fmt.Errorf("waiting on: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var w desk.WaitingOn
		if err := rows.Scan(&n, &w.ConsultID, &w.DepartmentID, &w.Department, nullTimeScan{&w.Until}); err != nil {
			return fmt.Errorf("waiting on: %w", err)
		}
		r := &reqs[idx[n]]
		if cur := r.WaitingOn; cur == nil || w.Until != nil && (cur.Until == nil || w.Until.Before(*cur.Until)) {
			r.WaitingOn = &w
		}
	}
	return rows.Err()
}
