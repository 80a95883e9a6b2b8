package commit

import (
	"time"

	"guichet/internal/calendar"
)

// Targets are the business-time targets of a service standard or an internal
// agreement; a zero Target means that clock is not followed.
type Targets struct {
	FirstResponse Target
	NextResponse  Target
	Resolution    Target
}

// Measure is one clock as the store keeps it: its kind, which cycle (for next
// responses, from 1), what it counts against and how it reads.
type Measure struct {
	Kind   string
	Seq    int
	Start  time.Time
	Target time.Duration // business time allowed
	Stop   time.Time     // zero while not stopped
	Reading
}

// measure reads a clock of kind from start to stop (zero: not stopped)
// against target; ok is false when the target is zero.
func measure(kind string, seq int, t Target, start, stop time.Time, pauses []Span, cal *calendar.Calendar,
	now time.Time) (Measure, bool) {
	if t.IsZero() {
		return Measure{}, false
	}
	run := Run{Start: start, Target: t.On(cal, start), Pauses: pauses, Stop: stop}
	return Measure{Kind: kind, Seq: seq, Start: start, Target: run.Target, Stop: stop, Reading: run.Read(cal, now)}, true
}

// Measures returns the request clocks the facts and targets call for at now:
// first response and resolution (when targeted) and the waiting next-response
// cycle, if any. The first response stops at the first reply, or when the
// request is done without one; resolution stops while the request is done.
func (f *Facts) Measures(t Targets, cal *calendar.Calendar, now time.Time) []Measure {
	pauses := f.pauses()
	out := make([]Measure, 0, 3)
	stop := f.FirstReply
	if stop.IsZero() {
		stop = f.doneAt()
	}
	if m, ok := measure(KindFirstResponse, 0, t.FirstResponse, f.Created, stop, pauses, cal, now); ok {
		out = append(out, m)
	}
	if !f.CycleSince.IsZero() {
		if m, ok := measure(KindNextResponse, f.CycleSeq, t.NextResponse, f.CycleSince, time.Time{}, pauses, cal, now); ok {
			out = append(out, m)
		}
	}
	if m, ok := measure(KindResolution, 0, t.Resolution, f.Created, f.doneAt(), pauses, cal, now); ok {
		out = append(out, m)
	}
	return out
}

// Cycle returns the next-response cycle seq that ran from start and stopped
// at stop, as closed by Apply; ok is false when next responses are not targeted.
func (f *Facts) Cycle(seq int, start, stop time.Time, t Targets, cal *calendar.Calendar, now time.Time) (Measure, bool) {
	return measure(KindNextResponse, seq, t.NextResponse, start, stop, f.pauses(), cal, now)
}

// ConsultMeasures returns the clocks of a consult asked at asked, first
// answered at responded and finally answered at resolved (zero when not yet),
// under the agreement's targets (FirstResponse is its response target).
func ConsultMeasures(t Targets, asked, responded, resolved time.Time, cal *calendar.Calendar, now time.Time) []Measure {
	out := make([]Measure, 0, 2)
	if m, ok := measure(KindConsultResponse, 0, t.FirstResponse, asked, responded, nil, cal, now); ok {
		out = append(out, m)
	}
	if m, ok := measure(KindConsultResolution, 0, t.Resolution, asked, resolved, nil, cal, now); ok {
		out = append(out, m)
	}
	return out
}
