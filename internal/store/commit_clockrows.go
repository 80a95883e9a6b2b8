package store

import (
	"context"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// clockKey names a clock of a request (kind and cycle) or of a consult (kind).
type clockKey struct {
	kind string
	seq  int
}

// clockRow is one commit_clocks row to write.
type clockRow struct {
	number, department int64
	customer           *int64 // consults: the asking department
	consult            *int64
	standard           *int64
	agreement          *int64
	calendar           int64
	m                  commit.Measure
}

// clockValues are the stored values of a clock, comparable with ==: ids are
// 0 and instants -1 (unix microseconds otherwise) when NULL.
type clockValues struct {
	id                                                  int64
	department, customer, standard, agreement, calendar int64
	target, started, due, atRisk, stopped, spent        int64
	state                                               desk.ClockState
}

// values returns what c stores. The business time is kept once the clock
// stops; until then it is 0, so that a clock that did not move is not
// written again.
func (c clockRow) values(id int64) clockValues {
	m := c.m
	v := clockValues{id: id, department: c.department, customer: deref0(c.customer), standard: deref0(c.standard),
		agreement: deref0(c.agreement), calendar: c.calendar, target: int64(m.Target / time.Second),
		started: micros(m.Start), due: micros(m.Due), atRisk: micros(m.AtRisk), stopped: micros(m.Stop),
		state: storedState(m)}
	if !m.Stop.IsZero() {
		v.spent = int64(m.Spent / time.Second)
	}
	return v
}

func deref0(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// micros returns t in unix microseconds, -1 for the zero time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return -1
	}
	return t.UTC().Truncate(time.Microsecond).UnixMicro()
}

// storedState is the state a clock is stored in: a clock that has not
// stopped is running or paused (the timer job finds the running ones past
// their due time); a stopped one met or breached.
func storedState(m commit.Measure) desk.ClockState {
	switch {
	case !m.Stop.IsZero():
		return m.State
	case m.Due.IsZero():
		return desk.ClockPaused
	}
	return desk.ClockRunning
}

// storedClocks returns the clocks matching where, by kind and cycle.
func (s *Store) storedClocks(ctx context.Context, q querier, where string, args ...any) (map[clockKey]clockValues, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, seq, department_id, COALESCE(customer_department_id, 0),
		COALESCE(standard_id, 0), COALESCE(agreement_id, 0), calendar_id, target_seconds, started_at, due_at, at_risk_at,
		stopped_at, business_seconds, state FROM commit_clocks WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("stored clocks: %w", err)
	}
	defer rows.Close()
	out := map[clockKey]clockValues{}
	for rows.Next() {
		var k clockKey
		var v clockValues
		var started time.Time
		var due, atRisk, stopped *time.Time
		if err := rows.Scan(&v.id, &k.kind, &k.seq, &v.department, &v.customer, &v.standard, &v.agreement, &v.calendar,
			&v.target, timeScan{&started}, nullTimeScan{&due}, nullTimeScan{&atRisk}, nullTimeScan{&stopped},
			&v.spent, &v.state); err != nil {
			return nil, fmt.Errorf("stored clocks: %w", err)
		}
		v.started, v.due, v.atRisk, v.stopped = micros(started), micros(deref(due)), micros(deref(atRisk)), micros(deref(stopped))
		out[k] = v
	}
	return out, rows.Err()
}

// putClock writes c over the stored clock cur (cur.id 0: none yet), unless
// nothing changed.
func (s *Store) putClock(ctx context.Context, q querier, cur clockValues, c clockRow) error {
	if cur.id != 0 && c.values(cur.id) == cur {
		return nil
	}
	m, v := c.m, c.values(cur.id)
	args := []any{c.department, idPtrOrNil(c.customer), idPtrOrNil(c.standard), idPtrOrNil(c.agreement), c.calendar,
		v.target, s.tv(m.Start), s.tz(m.Due), s.tz(m.AtRisk), s.tz(m.Stop), v.spent, v.state}
	var err error
	if cur.id != 0 {
		_, err = q.ExecContext(ctx, `UPDATE commit_clocks SET department_id = $1, customer_department_id = $2, standard_id = $3,
			agreement_id = $4, calendar_id = $5, target_seconds = $6, started_at = $7, due_at = $8, at_risk_at = $9,
			stopped_at = $10, business_seconds = $11, state = $12 WHERE id = $13`, append(args, cur.id)...)
	} else {
		_, err = q.ExecContext(ctx, `INSERT INTO commit_clocks (department_id, customer_department_id, standard_id,
			agreement_id, calendar_id, target_seconds, started_at, due_at, at_risk_at, stopped_at, business_seconds, state,
			number, consult_id, kind, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			append(args, c.number, idPtrOrNil(c.consult), m.Kind, m.Seq)...)
	}
	if err != nil {
		return fmt.Errorf("write clock %s: %w", m.Kind, err)
	}
	return nil
}
