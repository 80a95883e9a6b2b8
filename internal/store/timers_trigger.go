package store

import (
	"context"
	"fmt"
	"time"

	"guichet/internal/commit"
)

// escalation is one escalations row.
type escalation struct {
	id, item, number, dept int64
	kind                   commit.Trigger
	started, due           time.Time
	step                   int
}

// escalation reads live escalation id; nil once it is over.
func (f *firing) escalation(ctx context.Context, id int64) (*escalation, error) {
	e := &escalation{id: id}
	var due *time.Time
	err := f.q.QueryRowContext(ctx, `SELECT kind, item_id, number, department_id, started_at, step, due_at
		FROM escalations WHERE id = $1`, id).Scan(&e.kind, &e.item, &e.number, &e.dept, timeScan{&e.started}, &e.step,
		nullTimeScan{&due})
	if isNoRows(err) || err == nil && due == nil {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("escalation %d: %w", id, err)
	}
	e.due = *due
	return e, nil
}

// arming is how a timer of a clock or promise is claimed: the conditional
// update that marks it (returning its department and the trigger's time),
// and the escalation of the same item that a breach supersedes.
type arming struct {
	kind       commit.Trigger
	claim      string
	supersedes commit.Trigger // "" for none
}

// armings claim each source's timers; an at-risk or reminder time already
// past the due time is left to the breach.
var armings = map[fireKind]arming{
	fireBreach: {commit.TriggerBreached, `UPDATE commit_clocks SET alerted = 2 WHERE id = $1 AND state = 'running'
		AND alerted < 2 AND due_at <= $2 RETURNING department_id, due_at`, commit.TriggerAtRisk},
	fireAtRisk: {commit.TriggerAtRisk, `UPDATE commit_clocks SET alerted = 1 WHERE id = $1 AND state = 'running'
		AND alerted = 0 AND at_risk_at <= $2 AND due_at > $2 RETURNING department_id, at_risk_at`, ""},
	firePromiseBroken: {commit.TriggerPromiseBroken, `UPDATE promises SET alerted = 2 WHERE id = $1 AND kept_at IS NULL
		AND alerted < 2 AND due_at <= $2 RETURNING department_id, due_at`, commit.TriggerPromiseDue},
	firePromiseDue: {commit.TriggerPromiseDue, `UPDATE promises SET alerted = 1 WHERE id = $1 AND kept_at IS NULL
		AND alerted = 0 AND remind_at <= $2 AND due_at > $2 RETURNING department_id, remind_at`, ""},
}

// arm marks a clock or promise at risk, breached, reminded or broken, if it
// still is and was not marked yet, and starts the escalation of its
// department's chain (a breach ends the item's at-risk or reminder
// escalation). A request whose clocks are stale (a standard or calendar
// changed) has them computed again first, so that an old due time does not
// fire.
func (f *firing) arm(ctx context.Context, t timer) (bool, error) {
	if t.kind == fireBreach || t.kind == fireAtRisk {
		if err := f.freshClocks(ctx, t.number); err != nil {
			return false, err
		}
	}
	a := armings[t.kind]
	var dept int64
	var at time.Time
	err := f.q.QueryRowContext(ctx, a.claim, t.id, f.s.tv(f.now)).Scan(&dept, timeScan{&at})
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("arm %s %d: %w", a.kind, t.id, err)
	}
	if a.supersedes != "" {
		if err := f.s.endEscalations(ctx, f.q, `kind = $1 AND item_id = $2`, a.supersedes, t.id); err != nil {
			return false, err
		}
	}
	return f.start(ctx, a.kind, t.id, t.number, dept, at)
}

// freshClocks computes request number's clocks again if they are stale.
func (f *firing) freshClocks(ctx context.Context, number int64) error {
	if !f.s.exists(ctx, f.q, `SELECT 1 FROM commit_requests WHERE number = $1 AND stale`, number) {
		return nil
	}
	r, err := f.s.clockSubject(ctx, f.q, number)
	if err != nil {
		return err
	}
	_, err = f.s.syncClocks(ctx, f.q, r, "", f.now)
	return err
}

// start begins the escalation of a trigger at at and runs the steps already due.
func (f *firing) start(ctx context.Context, kind commit.Trigger, item, number, dept int64, at time.Time) (bool, error) {
	o, err := f.orgOnce(ctx)
	if err != nil {
		return false, err
	}
	cal, err := f.s.deptCalendar(ctx, f.q, dept)
	if err != nil {
		return false, err
	}
	steps := stepsOf(o, kind, dept)
	id, err := f.s.startEscalation(ctx, f.q, kind, item, number, dept, at, steps, cal)
	if err != nil {
		return false, err
	}
	e := &escalation{id: id, item: item, number: number, dept: dept, kind: kind, started: at}
	if _, err := f.run(ctx, e); err != nil {
		return false, err
	}
	return true, nil
}

// orgOnce reads the chains and leads once per write.
func (f *firing) orgOnce(ctx context.Context) (*commit.Org, error) {
	if f.org == nil {
		o, err := f.s.org(ctx, f.q)
		if err != nil {
			return nil, err
		}
		f.org = &o
	}
	return f.org, nil
}

// chainOf returns department dept's chain in o, or the default one.
func chainOf(o *commit.Org, dept int64) commit.Escalation {
	if e, ok := o.Chains[dept]; ok {
		return e
	}
	return commit.DefaultEscalation(dept)
}

// stepsOf returns the steps an escalation of kind runs in department dept.
func stepsOf(o *commit.Org, kind commit.Trigger, dept int64) []commit.Step {
	if kind == commit.TriggerPromiseDue {
		return commit.ReminderSteps
	}
	return chainOf(o, dept).Steps
}
