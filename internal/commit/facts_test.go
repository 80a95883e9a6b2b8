package commit

import (
	"testing"
	"time"

	"guichet/internal/desk"
)

// story replays happenings ("status kind" at minutes after 09:00 on Monday
// 2025-03-03 in Montréal) and reads the clocks at the end.
type step struct {
	min    int
	status desk.Status
	msg    desk.MessageKind
}

func replay(t *testing.T, steps []step) (*Facts, []Measure) {
	t.Helper()
	base := ts(t, "2025-03-03 09:00 -0500")
	f := &Facts{Created: base}
	var closed []Measure
	targets := Targets{FirstResponse: Target{Duration: time.Hour}, NextResponse: Target{Duration: 2 * time.Hour},
		Resolution: Target{Duration: 8 * time.Hour}}
	cal := office(t)
	for _, s := range steps {
		at := base.Add(time.Duration(s.min) * time.Minute)
		if start, seq := f.Apply(Happening{Status: s.status, Message: s.msg, At: at}); !start.IsZero() {
			m, _ := f.Cycle(seq, start, at, targets, cal, at)
			closed = append(closed, m)
		}
	}
	return f, closed
}

func TestFactsApply(t *testing.T) {
	t.Run("FirstReplyStopsFirstResponse", func(t *testing.T) {
		f, _ := replay(t, []step{{30, desk.StatusOpen, desk.KindReply}})
		if !f.FirstReply.Equal(ts(t, "2025-03-03 09:30 -0500")) || !f.CycleSince.IsZero() {
			t.Fatalf("facts %+v", f)
		}
	})
	t.Run("RequesterMessageBeforeFirstReplyStartsNoCycle", func(t *testing.T) {
		f, _ := replay(t, []step{{10, desk.StatusNew, desk.KindRequester}})
		if !f.CycleSince.IsZero() || f.CycleSeq != 0 {
			t.Fatalf("facts %+v", f)
		}
	})
	t.Run("CycleFromRequesterMessageToNextReply", func(t *testing.T) {
		_, closed := replay(t, []step{{30, desk.StatusOpen, desk.KindReply}, {60, desk.StatusOpen, desk.KindRequester},
			{70, desk.StatusOpen, desk.KindRequester}, {240, desk.StatusOpen, desk.KindReply}})
		if len(closed) != 1 || closed[0].Seq != 1 || closed[0].State != desk.ClockBreached || closed[0].Spent != 3*time.Hour {
			t.Fatalf("closed cycles %+v", closed)
		}
	})
	t.Run("WaitingOnRequesterPausesUntilTheyReply", func(t *testing.T) {
		f, _ := replay(t, []step{{30, desk.StatusWaitingRequester, desk.KindReply}, {120, desk.StatusOpen, desk.KindRequester}})
		if len(f.Pauses) != 1 || !f.PausedSince.IsZero() || f.Pauses[0].To.Sub(f.Pauses[0].From) != 90*time.Minute {
			t.Fatalf("pauses %+v since %s", f.Pauses, f.PausedSince)
		}
		if f.CycleSince.IsZero() || f.CycleSeq != 1 {
			t.Fatalf("the requester's reply must start a cycle: %+v", f)
		}
	})
	t.Run("SolvingStopsAndClosesTheCycle", func(t *testing.T) {
		f, closed := replay(t, []step{{30, desk.StatusOpen, desk.KindReply}, {60, desk.StatusOpen, desk.KindRequester},
			{90, desk.StatusSolved, ""}})
		if !f.Done || len(closed) != 1 || closed[0].State != desk.ClockMet {
			t.Fatalf("facts %+v closed %+v", f, closed)
		}
	})
	t.Run("WaitingThenSolvedSplitsThePause", func(t *testing.T) {
		f, _ := replay(t, []step{{30, desk.StatusWaitingRequester, desk.KindReply}, {60, desk.StatusSolved, ""}})
		if len(f.Pauses) != 1 || !f.Done || !f.PausedSince.Equal(ts(t, "2025-03-03 10:00 -0500")) {
			t.Fatalf("facts %+v", f)
		}
	})
	t.Run("ReopeningResumesResolution", func(t *testing.T) {
		f, _ := replay(t, []step{{30, desk.StatusSolved, desk.KindReply}, {90, desk.StatusOpen, desk.KindRequester}})
		ms := f.Measures(Targets{Resolution: Target{Duration: 8 * time.Hour}}, office(t), ts(t, "2025-03-03 11:00 -0500"))
		if len(ms) != 1 || ms[0].State != desk.ClockRunning || ms[0].Spent != time.Hour {
			t.Fatalf("resolution after reopening %+v", ms)
		}
		// 30 minutes before solving, then 7.5 hours from 10:30.
		sameTime(t, "due", ms[0].Due, ts(t, "2025-03-04 09:30 -0500"))
	})
}

func TestFactsMeasures(t *testing.T) {
	cal := office(t)
	all := Targets{FirstResponse: Target{Duration: time.Hour}, NextResponse: Target{Duration: 2 * time.Hour},
		Resolution: Target{Days: 2}}
	created := ts(t, "2025-03-03 09:00 -0500")
	t.Run("NewRequestRunsFirstResponseAndResolution", func(t *testing.T) {
		f := &Facts{Created: created}
		ms := f.Measures(all, cal, created.Add(time.Minute))
		if len(ms) != 2 || ms[0].Kind != KindFirstResponse || ms[1].Kind != KindResolution {
			t.Fatalf("measures %+v", ms)
		}
		sameTime(t, "first response due", ms[0].Due, ts(t, "2025-03-03 10:00 -0500"))
		sameTime(t, "resolution due (2 business days)", ms[1].Due, ts(t, "2025-03-05 09:00 -0500"))
	})
	t.Run("UntargetedClocksAreLeftOut", func(t *testing.T) {
		f := &Facts{Created: created, FirstReply: created.Add(time.Hour), CycleSince: created.Add(2 * time.Hour), CycleSeq: 1}
		ms := f.Measures(Targets{NextResponse: Target{Duration: time.Hour}}, cal, created.Add(150*time.Minute))
		if len(ms) != 1 || ms[0].Kind != KindNextResponse || ms[0].Seq != 1 || ms[0].State != desk.ClockRunning {
			t.Fatalf("measures %+v", ms)
		}
	})
	t.Run("DoneWithoutReplyStopsFirstResponse", func(t *testing.T) {
		f := &Facts{Created: created, PausedSince: created.Add(30 * time.Minute), Done: true}
		ms := f.Measures(all, cal, created.Add(3*time.Hour))
		if ms[0].State != desk.ClockMet || !ms[0].Stop.Equal(created.Add(30*time.Minute)) {
			t.Fatalf("first response %+v", ms[0])
		}
	})
}

func TestConsultMeasures(t *testing.T) {
	cal := office(t)
	asked := ts(t, "2025-03-03 16:00 -0500")
	ms := ConsultMeasures(Targets{FirstResponse: Target{Duration: 2 * time.Hour}, Resolution: Target{Days: 1}},
		asked, ts(t, "2025-03-04 09:00 -0500"), time.Time{}, cal, ts(t, "2025-03-04 10:00 -0500"))
	if len(ms) != 2 || ms[0].State != desk.ClockMet || ms[1].State != desk.ClockRunning {
		t.Fatalf("consult measures %+v", ms)
	}
	sameTime(t, "response due", ms[0].Due, ts(t, "2025-03-04 09:30 -0500"))
	sameTime(t, "resolution due", ms[1].Due, ts(t, "2025-03-04 16:00 -0500"))
}

func BenchmarkRecompute(b *testing.B) {
	cal := office(b)
	created := ts(b, "2025-03-03 09:00 -0500")
	f := &Facts{Created: created, FirstReply: created.Add(time.Hour), CycleSince: created.Add(30 * time.Hour), CycleSeq: 2,
		Pauses: []Span{{From: created.Add(2 * time.Hour), To: created.Add(20 * time.Hour)}}}
	all := Targets{FirstResponse: Target{Duration: time.Hour}, NextResponse: Target{Duration: 4 * time.Hour},
		Resolution: Target{Days: 3}}
	now := created.Add(40 * time.Hour)
	for b.Loop() {
		f.Measures(all, cal, now)
	}
}
