package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/commit"
)

// The durable timers: what is due is found by indexed queries on the rows
// that hold the due times (clocks, promises, escalations); firing one is a
// conditional update of that row (a marker, or an escalation's step) in the
// same transaction as the notifications, events and mail it causes. A
// timer that two nodes find at once fires once: the second update matches
// no row. A timer found late (the node was down) fires when found; none is
// lost, as nothing is held in memory.

// FireReport says what one FireDue did.
type FireReport struct {
	Due      int // timers found due
	Fired    int // timers this call fired (another node may have fired the rest)
	Notified int // notifications written
}

// fireKind is a source of timers, in the order they are fired.
type fireKind int

const (
	fireBreach        fireKind = iota // a running clock past its due time
	fireAtRisk                        // a running clock past its at-risk time
	firePromiseBroken                 // a promise past due, not kept
	firePromiseDue                    // a promise to remind its maker of
	fireStep                          // the next step of an escalation
)

// dueQueries find each source's due timers, oldest first, from the partial
// indexes that hold only timers still to fire (TestWhatIsDueIsIndexed).
var dueQueries = map[fireKind]string{
	fireBreach: `SELECT id, number FROM commit_clocks WHERE state = 'running' AND alerted < 2 AND due_at <= $1
		ORDER BY due_at LIMIT $2`,
	fireAtRisk: `SELECT id, number FROM commit_clocks WHERE state = 'running' AND alerted = 0 AND at_risk_at <= $1
		ORDER BY at_risk_at LIMIT $2`,
	firePromiseBroken: `SELECT id, number FROM promises WHERE kept_at IS NULL AND alerted < 2 AND due_at <= $1
		ORDER BY due_at LIMIT $2`,
	firePromiseDue: `SELECT id, number FROM promises WHERE kept_at IS NULL AND alerted = 0 AND remind_at <= $1
		ORDER BY remind_at LIMIT $2`,
	fireStep: `SELECT id, number FROM escalations WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at LIMIT $2`,
}

// timer is one due timer: its source and row, and its request.
type timer struct {
	kind   fireKind
	id     int64
	number int64
}

// FireDue fires up to limit timers due at the store's now: clocks at risk
// and breached, promises to remind and broken, and escalation steps; each
// step notifies the agents it names, in the app and by mail, and records an
// event on the request. It returns what it did; on error nothing of the
// failed write is kept and the timers stay due for the next call.
func (s *Store) FireDue(ctx context.Context, limit int) (FireReport, error) {
	now := s.now()
	due, err := s.dueTimers(ctx, now, limit)
	if err != nil || len(due) == 0 {
		return FireReport{}, err
	}
	var rep FireReport
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		rep = FireReport{Due: len(due)}
		f := &firing{s: s, tx: tx, q: tx, now: now, rep: &rep}
		return f.all(ctx, due)
	})
	if err != nil {
		return FireReport{}, fmt.Errorf("store: fire timers: %w", err)
	}
	return rep, nil
}

// dueTimers reads up to limit due timers from the read pool, each source in
// turn; the write that fires them checks each again.
func (s *Store) dueTimers(ctx context.Context, now time.Time, limit int) ([]timer, error) {
	var out []timer
	for k := fireBreach; k <= fireStep && len(out) < limit; k++ {
		rows, err := s.rdb.QueryContext(ctx, dueQueries[k], s.tv(now), limit-len(out))
		if err != nil {
			return nil, fmt.Errorf("store: due timers: %w", err)
		}
		for rows.Next() {
			t := timer{kind: k}
			if err := rows.Scan(&t.id, &t.number); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: due timers: %w", err)
			}
			out = append(out, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: due timers: %w", err)
		}
	}
	return out, nil
}

// nextTimerQuery is the earliest due time of every source, each read from
// the end of its partial index.
const nextTimerQuery = `SELECT MIN(t) FROM (
	SELECT MIN(due_at) AS t FROM commit_clocks WHERE state = 'running' AND alerted < 2
	UNION ALL SELECT MIN(at_risk_at) FROM commit_clocks WHERE state = 'running' AND alerted = 0
	UNION ALL SELECT MIN(due_at) FROM promises WHERE kept_at IS NULL AND alerted < 2
	UNION ALL SELECT MIN(remind_at) FROM promises WHERE kept_at IS NULL AND alerted = 0
	UNION ALL SELECT MIN(due_at) FROM escalations WHERE due_at IS NOT NULL) m`

// NextTimer returns how long, by the store's clock, until the earliest
// timer is due (clock, promise or escalation step; zero or less when one is
// due already), false when none is pending.
func (s *Store) NextTimer(ctx context.Context) (time.Duration, bool, error) {
	var t *time.Time
	if err := s.rdb.QueryRowContext(ctx, nextTimerQuery).Scan(nullTimeScan{&t}); err != nil {
		return 0, false, fmt.Errorf("store: next timer: %w", err)
	}
	if t == nil {
		return 0, false, nil
	}
	return t.Sub(s.now()), true, nil
}

// firing is one FireDue write.
type firing struct {
	s      *Store
	tx     *sql.Tx
	q      querier
	now    time.Time
	rep    *FireReport
	org    *commit.Org
	people map[int64]*MailRecipient
	depts  map[int64]string
}

// all fires every timer of due that is still due and not held by another
// node's write.
func (f *firing) all(ctx context.Context, due []timer) error {
	for _, t := range due {
		ok, err := f.lockRequest(ctx, t.number)
		if err != nil {
			return err
		}
		if !ok {
			continue // another node (or a change of the request) holds it: next time
		}
		fired, err := f.one(ctx, t)
		if err != nil {
			return err
		}
		if fired {
			f.rep.Fired++
		}
	}
	return nil
}

// lockRequest takes the request's row lock first, as every change of a
// request does, so that firing and changing never wait on each other in
// opposite orders; a row another transaction holds is skipped (PostgreSQL;
// SQLite has one writer).
func (f *firing) lockRequest(ctx context.Context, number int64) (bool, error) {
	if f.s.sqlite() {
		return true, nil
	}
	var n int64
	err := f.q.QueryRowContext(ctx, `SELECT number FROM requests WHERE number = $1 FOR UPDATE SKIP LOCKED`, number).Scan(&n)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("lock request: %w", err)
	}
	return true, nil
}

// one fires timer t if it is still due.
func (f *firing) one(ctx context.Context, t timer) (bool, error) {
	if t.kind != fireStep {
		return f.arm(ctx, t) // timers_trigger.go
	}
	e, err := f.escalation(ctx, t.id)
	if err != nil || e == nil || e.due.After(f.now) {
		return false, err
	}
	return f.run(ctx, e)
}
