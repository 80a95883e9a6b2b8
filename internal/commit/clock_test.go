package commit

import (
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestRunRead(t *testing.T) {
	cal := office(t)
	at := func(s string) time.Time { return ts(t, s) }
	tests := []struct {
		name   string
		run    Run
		now    string
		state  desk.ClockState
		due    string // "" when none
		atRisk string
		spent  time.Duration
	}{
		{"running within the day",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: 4 * time.Hour}, "2025-03-03 10:00 -0500",
			desk.ClockRunning, "2025-03-03 13:00 -0500", "2025-03-03 12:12 -0500", time.Hour},
		{"after-hours arrival counts from Monday's opening, across the DST weekend",
			Run{Start: at("2025-03-07 18:00 -0500"), Target: 4 * time.Hour}, "2025-03-08 12:00 -0500",
			desk.ClockRunning, "2025-03-10 12:30 -0400", "2025-03-10 11:42 -0400", 0},
		{"past its due time it is breached",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: time.Hour}, "2025-03-03 10:30 -0500",
			desk.ClockBreached, "2025-03-03 10:00 -0500", "2025-03-03 09:48 -0500", 90 * time.Minute},
		{"paused before its due time has no due time and keeps the time spent",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: 4 * time.Hour,
				Pauses: []Span{{From: at("2025-03-03 10:00 -0500")}}}, "2025-03-04 12:00 -0500",
			desk.ClockPaused, "", "", time.Hour},
		{"resumed with the remaining business time",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: 4 * time.Hour,
				Pauses: []Span{{From: at("2025-03-03 10:00 -0500"), To: at("2025-03-04 09:00 -0500")}}}, "2025-03-04 09:30 -0500",
			desk.ClockRunning, "2025-03-04 12:00 -0500", "2025-03-04 11:12 -0500", 90 * time.Minute},
		{"a pause overnight costs nothing more than the night",
			Run{Start: at("2025-03-03 16:00 -0500"), Target: 2 * time.Hour,
				Pauses: []Span{{From: at("2025-03-03 18:00 -0500"), To: at("2025-03-04 07:00 -0500")}}}, "2025-03-04 08:00 -0500",
			desk.ClockRunning, "2025-03-04 09:30 -0500", "2025-03-04 09:06 -0500", time.Hour},
		{"Easter: Good Friday and Easter Monday are skipped",
			Run{Start: at("2025-04-17 16:00 -0400"), Target: 2 * time.Hour}, "2025-04-17 16:30 -0400",
			desk.ClockRunning, "2025-04-22 09:30 -0400", "2025-04-22 09:06 -0400", 30 * time.Minute},
		{"stopped in time is met",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: 4 * time.Hour, Stop: at("2025-03-03 11:00 -0500")}, "2025-03-05 09:00 -0500",
			desk.ClockMet, "2025-03-03 13:00 -0500", "2025-03-03 12:12 -0500", 2 * time.Hour},
		{"stopped late is breached, with the business time it took",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: 4 * time.Hour, Stop: at("2025-03-04 09:00 -0500")}, "2025-03-05 09:00 -0500",
			desk.ClockBreached, "2025-03-03 13:00 -0500", "2025-03-03 12:12 -0500", 8*time.Hour + 30*time.Minute},
		{"a pause from the stop on is ignored",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: 4 * time.Hour, Stop: at("2025-03-03 11:00 -0500"),
				Pauses: []Span{{From: at("2025-03-03 11:00 -0500")}}}, "2025-03-05 09:00 -0500",
			desk.ClockMet, "2025-03-03 13:00 -0500", "2025-03-03 12:12 -0500", 2 * time.Hour},
		{"breached before a pause stays breached",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: time.Hour,
				Pauses: []Span{{From: at("2025-03-03 11:00 -0500")}}}, "2025-03-03 12:00 -0500",
			desk.ClockBreached, "2025-03-03 10:00 -0500", "2025-03-03 09:48 -0500", 2 * time.Hour},
		{"a target used up exactly when the pause starts is due then",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: time.Hour,
				Pauses: []Span{{From: at("2025-03-03 10:00 -0500")}}}, "2025-03-03 09:59 -0500",
			desk.ClockRunning, "2025-03-03 10:00 -0500", "2025-03-03 09:48 -0500", 59 * time.Minute},
		{"pauses before the start are ignored, one across it delays it",
			Run{Start: at("2025-03-03 09:00 -0500"), Target: time.Hour, Pauses: []Span{
				{From: at("2025-03-01 09:00 -0500"), To: at("2025-03-02 09:00 -0500")},
				{From: at("2025-03-03 08:00 -0500"), To: at("2025-03-03 10:00 -0500")}}}, "2025-03-03 10:30 -0500",
			desk.ClockRunning, "2025-03-03 11:00 -0500", "2025-03-03 10:48 -0500", 30 * time.Minute},
		{"fall back: the repeated hour is not office time, the deadline is in EST",
			Run{Start: at("2025-10-31 16:00 -0400"), Target: 2 * time.Hour}, "2025-10-31 16:30 -0400",
			desk.ClockRunning, "2025-11-03 09:30 -0500", "2025-11-03 09:06 -0500", 30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.run.Read(cal, ts(t, tt.now))
			if got.State != tt.state {
				t.Errorf("state = %s, want %s", got.State, tt.state)
			}
			if tt.due == "" {
				if !got.Due.IsZero() || !got.AtRisk.IsZero() {
					t.Errorf("due = %s, at risk = %s, want none", got.Due, got.AtRisk)
				}
			} else {
				sameTime(t, "due", got.Due, ts(t, tt.due))
				sameTime(t, "at risk", got.AtRisk, ts(t, tt.atRisk))
			}
			if got.Spent != tt.spent {
				t.Errorf("spent = %s, want %s", got.Spent, tt.spent)
			}
		})
	}
}

func TestCurrent(t *testing.T) {
	due := ts(t, "2025-03-03 10:00 -0500")
	tests := []struct {
		state desk.ClockState
		due   *time.Time
		now   string
		want  desk.ClockState
	}{
		{desk.ClockRunning, &due, "2025-03-03 09:59 -0500", desk.ClockRunning},
		{desk.ClockRunning, &due, "2025-03-03 10:00 -0500", desk.ClockBreached},
		{desk.ClockPaused, nil, "2025-03-09 10:00 -0500", desk.ClockPaused},
		{desk.ClockMet, &due, "2025-03-09 10:00 -0500", desk.ClockMet},
	}
	for _, tt := range tests {
		if got := Current(tt.state, tt.due, ts(t, tt.now)); got != tt.want {
			t.Errorf("Current(%s, %v, %s) = %s, want %s", tt.state, tt.due, tt.now, got, tt.want)
		}
	}
}

func BenchmarkRunRead(b *testing.B) {
	cal := office(b)
	start := ts(b, "2025-03-03 09:00 -0500")
	run := Run{Start: start, Target: 16 * time.Hour, Pauses: []Span{
		{From: start.Add(2 * time.Hour), To: start.Add(26 * time.Hour)},
		{From: start.Add(50 * time.Hour), To: start.Add(51 * time.Hour)},
		{From: start.Add(75 * time.Hour)}}}
	now := start.Add(100 * time.Hour)
	for b.Loop() {
		run.Read(cal, now)
	}
}
