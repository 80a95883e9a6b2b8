package commit

import (
	"time"

	"guichet/internal/calendar"
	"guichet/internal/desk"
)

// AtRiskPercent is the share of its target a running clock has used when it
// becomes at risk: from then until its due time it counts as at risk.
const AtRiskPercent = 80

// Span is the real time from From to To; a zero To means it has not ended.
type Span struct {
	From time.Time
	To   time.Time
}

// Run is one clock to read: it counts business time from Start, except
// during Pauses, until Stop, against Target.
type Run struct {
	Start  time.Time
	Target time.Duration // business time allowed; must be positive
	// Pauses are the spans during which the clock does not count, oldest
	// first and not overlapping; the last may be open (the clock is paused
	// now). Pauses that begin at or after Stop are ignored.
	Pauses []Span
	Stop   time.Time // when the clock stopped (answered, solved); zero while it runs
}

// Reading is what a clock shows at an instant.
type Reading struct {
	State desk.ClockState
	// Due is when the target is used up, counting only the running time
	// (for a stopped clock: had it kept running). Zero while paused before
	// reaching it.
	Due time.Time
	// AtRisk is when AtRiskPercent of the target is used up; zero when Due is.
	AtRisk time.Time
	// Spent is the business time counted from Start to Stop (or to now).
	Spent time.Duration
}

// Read returns the clock r at instant now on cal. A stopped clock is met when
// it spent no more than its target, else breached; a running one is breached
// once its due time has passed; a paused one is paused unless it was already
// breached before the pause. Read costs a few calendar computations per pause.
func (r Run) Read(cal *calendar.Calendar, now time.Time) Reading {
	end := now
	if !r.Stop.IsZero() {
		end = r.Stop
	}
	w := walker{cal: cal, end: end, due: r.Target, risk: r.Target * AtRiskPercent / 100}
	cur, open := r.Start, false
	for _, p := range r.Pauses {
		if !r.Stop.IsZero() && !p.From.Before(r.Stop) {
			break
		}
		if !p.To.IsZero() && !p.To.After(cur) {
			continue
		}
		if p.From.After(cur) {
			w.segment(cur, p.From)
		}
		if p.To.IsZero() {
			open = true
			break
		}
		cur = p.To
	}
	if !open {
		w.segment(cur, time.Time{})
	}
	return w.reading(r, now)
}

// walker accumulates a clock's running segments.
type walker struct {
	cal         *calendar.Calendar
	end         time.Time     // count spent time up to here
	due, risk   time.Duration // business time still to run before each point
	dueAt, atAt time.Time
	spent       time.Duration
}

// segment counts the running span [a, b); a zero b runs forever.
func (w *walker) segment(a, b time.Time) {
	if a.Before(w.end) {
		e := w.end
		if !b.IsZero() && b.Before(e) {
			e = b
		}
		w.spent += w.cal.Between(a, e)
	}
	if !w.dueAt.IsZero() {
		return
	}
	avail := time.Duration(-1) // unbounded
	if !b.IsZero() {
		avail = w.cal.Between(a, b)
	}
	w.atAt = w.point(a, avail, &w.risk, w.atAt)
	w.dueAt = w.point(a, avail, &w.due, w.dueAt)
}

// point returns when *left runs out in a segment from a offering avail
// (negative: unbounded), or lowers *left by avail and returns found unchanged.
func (w *walker) point(a time.Time, avail time.Duration, left *time.Duration, found time.Time) time.Time {
	if !found.IsZero() {
		return found
	}
	if avail >= 0 && *left > avail {
		*left -= avail
		return time.Time{}
	}
	if *left <= 0 {
		return a
	}
	return w.cal.Add(a, *left)
}

// reading turns the walk into the clock's state.
func (w *walker) reading(r Run, now time.Time) Reading {
	out := Reading{Due: w.dueAt, Spent: w.spent}
	if !w.dueAt.IsZero() {
		out.AtRisk = w.atAt
	}
	switch {
	case !r.Stop.IsZero() && w.spent <= r.Target:
		out.State = desk.ClockMet
	case !r.Stop.IsZero():
		out.State = desk.ClockBreached
	case w.dueAt.IsZero():
		out.State = desk.ClockPaused
	case !w.dueAt.After(now):
		out.State = desk.ClockBreached
	default:
		out.State = desk.ClockRunning
	}
	return out
}

// Current returns the state a stored clock shows at now: a running clock
// whose due time has passed is breached; any other state is as stored.
func Current(state desk.ClockState, due *time.Time, now time.Time) desk.ClockState {
	if state == desk.ClockRunning && due != nil && !due.After(now) {
		return desk.ClockBreached
	}
	return state
}
