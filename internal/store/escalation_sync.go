package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/commit"
	"guichet/internal/desk"
)

// The escalations the desk's changes start and end themselves, in the
// change's transaction: a request waiting for an agent (unpicked) and a
// handoff waiting for its acceptance (unaccepted). Clocks and promises start
// theirs when the timers find them due (timers_trigger.go).

// deptCalendar returns the business calendar of department dept, nil when
// no calendar exists (escalations then count real time).
func (s *Store) deptCalendar(ctx context.Context, q querier, dept int64) (*calendar.Calendar, error) {
	_, cal, ok, err := s.calendarFor(ctx, q, nil, dept)
	if err != nil || !ok {
		return nil, err
	}
	return cal, nil
}

// startEscalation starts running department dept's steps for trigger kind
// on item of request number, triggered at trigger.
func (s *Store) startEscalation(ctx context.Context, q querier, kind commit.Trigger, item, number, dept int64,
	trigger time.Time, steps []commit.Step, cal *calendar.Calendar) (int64, error) {
	due := trigger
	if len(steps) > 0 {
		due = commit.StepDue(cal, trigger, steps[0].After)
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO escalations (kind, item_id, number, department_id, started_at, step, due_at,
		created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7) RETURNING id`, kind, item, number, dept, s.tv(trigger),
		s.tv(due), s.tv(s.now())).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start escalation %s: %w", kind, err)
	}
	return id, nil
}

// endEscalations ends the live escalations matching where: those that never
// notified anyone are forgotten, the others kept as finished.
func (s *Store) endEscalations(ctx context.Context, q querier, where string, args ...any) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM escalations WHERE due_at IS NOT NULL AND step = 0 AND `+where,
		args...); err != nil {
		return fmt.Errorf("end escalations: %w", err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE escalations SET due_at = NULL WHERE due_at IS NOT NULL AND `+where,
		args...); err != nil {
		return fmt.Errorf("end escalations: %w", err)
	}
	return nil
}

// waitsForAgent reports whether request r should be picked up by an agent:
// open, not spam nor merged, and without one.
func waitsForAgent(r *desk.Request) bool {
	return r.AgentID == nil && !r.Status.Done() && !r.Spam && r.MergedInto == nil
}

// syncPickup keeps request r's pickup escalation in step with r after a
// change: one runs while r waits for an agent in its department; it starts
// from now when r begins to wait there (new, handed off, unassigned,
// reopened) and ends when r no longer waits. A request created in this
// transaction (created) has none running yet.
func (s *Store) syncPickup(ctx context.Context, q querier, r *desk.Request, now time.Time, created bool) error {
	want := waitsForAgent(r)
	var dept int64
	err := sql.ErrNoRows
	if !created {
		err = q.QueryRowContext(ctx, `SELECT department_id FROM escalations WHERE kind = $1 AND item_id = $2
		AND due_at IS NOT NULL`, commit.TriggerUnpicked, r.Number).Scan(&dept)
	}
	switch {
	case isNoRows(err):
	case err != nil:
		return fmt.Errorf("pickup escalation: %w", err)
	case want && dept == r.DepartmentID:
		return nil
	default:
		if err := s.endEscalations(ctx, q, `kind = $1 AND item_id = $2`, commit.TriggerUnpicked, r.Number); err != nil {
			return err
		}
	}
	if !want {
		return nil
	}
	ch, err := s.chain(ctx, q, r.DepartmentID)
	if err != nil || ch.PickupWithin.IsZero() {
		return err
	}
	cal, err := s.deptCalendar(ctx, q, r.DepartmentID)
	if err != nil {
		return err
	}
	_, err = s.startEscalation(ctx, q, commit.TriggerUnpicked, r.Number, r.Number, r.DepartmentID,
		commit.Deadline(cal, now, ch.PickupWithin), ch.Steps, cal)
	return err
}

// startHandoffEscalation ends the acceptance escalations of the request's
// earlier handoffs and, when the receiving department follows acceptance,
// starts one for handoff h.
func (s *Store) startHandoffEscalation(ctx context.Context, q querier, h *desk.Handoff) error {
	if err := s.endEscalations(ctx, q, `kind = $1 AND number = $2`, commit.TriggerUnaccepted, h.Number); err != nil {
		return err
	}
	ch, err := s.chain(ctx, q, h.ToDepartmentID)
	if err != nil || ch.AcceptWithin.IsZero() {
		return err
	}
	cal, err := s.deptCalendar(ctx, q, h.ToDepartmentID)
	if err != nil {
		return err
	}
	_, err = s.startEscalation(ctx, q, commit.TriggerUnaccepted, h.ID, h.Number, h.ToDepartmentID,
		commit.Deadline(cal, h.CreatedAt, ch.AcceptWithin), ch.Steps, cal)
	return err
}

// endAcceptedHandoffs ends the acceptance escalations of request number's
// accepted handoffs.
func (s *Store) endAcceptedHandoffs(ctx context.Context, q querier, number int64) error {
	return s.endEscalations(ctx, q, `kind = $1 AND number = $2 AND item_id IN (SELECT id FROM handoffs
		WHERE number = $2 AND accepted_at IS NOT NULL)`, commit.TriggerUnaccepted, number)
}

// rescheduleDepartment applies department e's new chain to its escalations
// in progress: requests waiting for an agent count their pickup time from
// now (or stop being followed), and every other escalation runs its next
// step when the new steps say.
func (s *Store) rescheduleDepartment(ctx context.Context, q querier, e commit.Escalation, now time.Time) error {
	if err := s.endEscalations(ctx, q, `kind = $1 AND department_id = $2 AND step = 0`, commit.TriggerUnpicked,
		e.DepartmentID); err != nil {
		return err
	}
	cal, err := s.deptCalendar(ctx, q, e.DepartmentID)
	if err != nil {
		return err
	}
	if err := s.rescheduleSteps(ctx, q, e, cal); err != nil {
		return err
	}
	if e.PickupWithin.IsZero() {
		return nil
	}
	trigger := commit.Deadline(cal, now, e.PickupWithin)
	_, err = q.ExecContext(ctx, `INSERT INTO escalations (kind, item_id, number, department_id, started_at, step, due_at,
		created_at) SELECT $1, r.number, r.number, $2, $3, 0, $4, $5 FROM requests r WHERE r.department_id = $2
		AND r.agent_id IS NULL AND r.status NOT IN ($6, $7) AND NOT r.spam AND r.merged_into IS NULL
		AND NOT EXISTS (SELECT 1 FROM escalations x WHERE x.kind = $1 AND x.item_id = r.number AND x.due_at IS NOT NULL)`,
		commit.TriggerUnpicked, e.DepartmentID, s.tv(trigger), s.tv(commit.StepDue(cal, trigger, e.Steps[0].After)),
		s.tv(now), desk.StatusSolved, desk.StatusClosed)
	if err != nil {
		return fmt.Errorf("start pickup escalations: %w", err)
	}
	return nil
}

// rescheduleSteps moves the next step of department e's live escalations
// to when e's steps say (promise reminders keep theirs).
func (s *Store) rescheduleSteps(ctx context.Context, q querier, e commit.Escalation, cal *calendar.Calendar) error {
	rows, err := q.QueryContext(ctx, `SELECT id, started_at, step FROM escalations WHERE department_id = $1
		AND due_at IS NOT NULL AND kind <> $2`, e.DepartmentID, commit.TriggerPromiseDue)
	if err != nil {
		return fmt.Errorf("reschedule escalations: %w", err)
	}
	type live struct {
		id      int64
		started time.Time
		step    int
	}
	var list []live
	for rows.Next() {
		var l live
		if err := rows.Scan(&l.id, timeScan{&l.started}, &l.step); err != nil {
			rows.Close()
			return fmt.Errorf("reschedule escalations: %w", err)
		}
		list = append(list, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reschedule escalations: %w", err)
	}
	for _, l := range list {
		var due any
		if l.step < len(e.Steps) {
			due = s.tv(commit.StepDue(cal, l.started, e.Steps[l.step].After))
		}
		if _, err := q.ExecContext(ctx, `UPDATE escalations SET due_at = $1 WHERE id = $2`, due, l.id); err != nil {
			return fmt.Errorf("reschedule escalations: %w", err)
		}
	}
	return nil
}
