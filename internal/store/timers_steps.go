package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// item is what running an escalation's steps needs to know of its item.
type item struct {
	waiting bool      // still waiting: nobody acted yet
	owner   int64     // its owner, 0 for none
	clock   string    // the clock's kind (clock triggers)
	due     time.Time // when it falls or fell due
	promise string    // the promise's text (promise triggers)
}

// item reads the item of escalation e as it stands now.
func (f *firing) item(ctx context.Context, e *escalation) (item, error) {
	it := item{due: e.started}
	var owner *int64
	var err error
	switch e.kind {
	case commit.TriggerUnpicked:
		it.waiting = f.s.exists(ctx, f.q, `SELECT 1 FROM requests WHERE number = $1 AND department_id = $2
			AND agent_id IS NULL AND status NOT IN ($3, $4) AND NOT spam AND merged_into IS NULL`,
			e.number, e.dept, desk.StatusSolved, desk.StatusClosed)
		return it, nil
	case commit.TriggerUnaccepted:
		err = f.q.QueryRowContext(ctx, `SELECT to_agent_id FROM handoffs WHERE id = $1 AND accepted_at IS NULL`,
			e.item).Scan(nullID{&owner})
	case commit.TriggerAtRisk, commit.TriggerBreached:
		var consult *int64
		var due *time.Time
		err = f.q.QueryRowContext(ctx, `SELECT k.kind, k.due_at, k.consult_id, r.agent_id FROM commit_clocks k
			JOIN requests r ON r.number = k.number WHERE k.id = $1 AND k.state = 'running' AND k.alerted = $2`,
			e.item, map[bool]int{true: 1, false: 2}[e.kind == commit.TriggerAtRisk]).Scan(&it.clock, nullTimeScan{&due},
			nullID{&consult}, nullID{&owner})
		if consult != nil {
			owner = nil // a consult is owed by a department, not by the request's agent
		}
		it.due = deref(due)
	case commit.TriggerPromiseDue, commit.TriggerPromiseBroken:
		err = f.q.QueryRowContext(ctx, `SELECT text, due_at, made_by FROM promises WHERE id = $1 AND kept_at IS NULL`,
			e.item).Scan(&it.promise, timeScan{&it.due}, nullID{&owner})
	default:
		return it, fmt.Errorf("escalation %d: unknown trigger %q", e.id, e.kind)
	}
	if isNoRows(err) {
		return it, nil
	}
	if err != nil {
		return it, fmt.Errorf("escalation %d: %w", e.id, err)
	}
	it.waiting = true
	if owner != nil {
		it.owner = *owner
	}
	return it, nil
}

// run fires the steps of escalation e that are due, if its item still
// waits, and ends it once it no longer does. The step is claimed by a
// conditional update: run reports false when another write claimed it.
func (f *firing) run(ctx context.Context, e *escalation) (bool, error) {
	it, err := f.item(ctx, e)
	if err != nil {
		return false, err
	}
	if !it.waiting {
		return false, f.s.endEscalations(ctx, f.q, `id = $1`, e.id)
	}
	o, err := f.orgOnce(ctx)
	if err != nil {
		return false, err
	}
	cal, err := f.s.deptCalendar(ctx, f.q, e.dept)
	if err != nil {
		return false, err
	}
	fired, next, nextDue := commit.Advance(stepsOf(o, e.kind, e.dept), e.step, e.started, f.now, cal,
		func(l commit.Level) []int64 { return o.Recipients(l, e.dept, it.owner) })
	res, err := f.q.ExecContext(ctx, `UPDATE escalations SET step = $1, due_at = $2 WHERE id = $3 AND step = $4
		AND due_at IS NOT NULL`, next, f.s.tz(nextDue), e.id, e.step)
	if err != nil {
		return false, fmt.Errorf("claim escalation %d: %w", e.id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 || len(fired) == 0 {
		return false, err
	}
	for _, st := range fired {
		if err := f.notify(ctx, e, it, st, chainOf(o, e.dept)); err != nil {
			return false, err
		}
	}
	if last := fired[len(fired)-1]; len(last.People) == 0 && nextDue.IsZero() {
		return true, f.s.addEvent(ctx, f.q, e.number, desk.SystemActor, commit.EventEscalationUnheard,
			f.eventData(ctx, e, it, last, chainOf(o, e.dept)), false, f.now)
	}
	return true, nil
}

// eventData is what a step's event, notifications and mail record.
func (f *firing) eventData(ctx context.Context, e *escalation, it item, st commit.Fired, ch commit.Escalation) map[string]any {
	d := map[string]any{"trigger": string(e.kind), "level": string(st.Level), "step": st.Step,
		"department_id": e.dept, "department": f.deptName(ctx, e.dept)}
	if !it.due.IsZero() {
		d["item_due"] = it.due.UTC().Format(time.RFC3339Nano)
	}
	if it.clock != "" {
		d["clock"] = it.clock
	}
	if it.promise != "" {
		d["promise"] = it.promise
	}
	switch e.kind {
	case commit.TriggerUnpicked:
		d["within"] = ch.PickupWithin.String()
	case commit.TriggerUnaccepted:
		d["within"] = ch.AcceptWithin.String()
	}
	return d
}

// notify writes step st's notifications (once per agent), queues each
// agent's mail and records the step on the request.
func (f *firing) notify(ctx context.Context, e *escalation, it item, st commit.Fired, ch commit.Escalation) error {
	if len(st.People) == 0 {
		return nil
	}
	data := f.eventData(ctx, e, it, st, ch)
	b, err := jsonText(data)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(st.People))
	for _, p := range st.People {
		who, err := f.recipient(ctx, p)
		if err != nil {
			return err
		}
		names = append(names, who.Name)
		var id int64
		err = f.q.QueryRowContext(ctx, `INSERT INTO notifications (person_id, escalation_id, step, number, kind, level,
			department_id, data, due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (escalation_id, step, person_id) DO NOTHING RETURNING id`, p, e.id, st.Step, e.number, e.kind,
			st.Level, e.dept, b, f.s.tv(st.Due), f.s.tv(f.now)).Scan(&id)
		if isNoRows(err) {
			continue // already told: the database says once
		}
		if err != nil {
			return fmt.Errorf("notification: %w", err)
		}
		f.rep.Notified++
		if err := f.mail(ctx, e, who, data); err != nil {
			return err
		}
	}
	data["people"] = strings.Join(names, ", ")
	return f.s.addEvent(ctx, f.q, e.number, desk.SystemActor, commit.EventEscalated, data, false, f.now)
}

// mail queues the notification's mail to an agent, in their language.
func (f *firing) mail(ctx context.Context, e *escalation, who *MailRecipient, data map[string]any) error {
	if who.Email == "" {
		return nil
	}
	var subject string
	if err := f.q.QueryRowContext(ctx, `SELECT subject FROM requests WHERE number = $1`, e.number).Scan(&subject); err != nil {
		return fmt.Errorf("alert mail: %w", err)
	}
	md := map[string]any{"number": fmt.Sprint(e.number), "subject": subject}
	for k, v := range data {
		if s, ok := v.(string); ok {
			md[k] = s
		}
	}
	if due, ok := data["item_due"].(string); ok {
		md["expect_by"] = due // the renderer writes it in the agent's language and the desk's time zone
	}
	_, err := f.s.queueMailTo(ctx, f.tx, OutgoingMail{Kind: MailAlert, To: *who, Data: md})
	return err
}

// recipient returns an agent's name, first address and language.
func (f *firing) recipient(ctx context.Context, id int64) (*MailRecipient, error) {
	if r, ok := f.people[id]; ok {
		return r, nil
	}
	r := &MailRecipient{}
	err := f.q.QueryRowContext(ctx, `SELECT p.name, p.language, COALESCE((SELECT e.email FROM person_emails e
		WHERE e.person_id = p.id ORDER BY e.position LIMIT 1), '') FROM people p WHERE p.id = $1`, id).Scan(
		&r.Name, &r.Language, &r.Email)
	if err != nil {
		return nil, fmt.Errorf("recipient %d: %w", id, err)
	}
	if f.people == nil {
		f.people = map[int64]*MailRecipient{}
	}
	f.people[id] = r
	return r, nil
}

// deptName returns a department's name ("" if unknown).
func (f *firing) deptName(ctx context.Context, id int64) string {
	if f.depts == nil {
		f.depts = map[int64]string{}
	}
	if n, ok := f.depts[id]; ok {
		return n
	}
	var n string
	_ = f.q.QueryRowContext(ctx, `SELECT name FROM departments WHERE id = $1`, id).Scan(&n)
	f.depts[id] = n
	return n
}
