package commit

import (
	"testing"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/desk"
)

// ts parses "2025-03-07 16:00 -0500".
func ts(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04 -0700", s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

// office is Montréal, Monday to Friday 08:30–17:00, Québec holidays 2024–2026.
func office(t testing.TB) *calendar.Calendar {
	t.Helper()
	s := calendar.Spec{Hours: calendar.Weekdays(calendar.Interval{Start: calendar.At(8, 30), End: calendar.At(17, 0)})}
	if err := ApplyPreset(&s, calendar.PresetQuebec, desk.English, 2024, 2026); err != nil {
		t.Fatal(err)
	}
	c, err := calendar.New(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sameTime(t testing.TB, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.Format("Mon 2006-01-02 15:04 -0700"), want.Format("Mon 2006-01-02 15:04 -0700"))
	}
}
