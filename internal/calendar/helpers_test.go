package calendar

import (
	"testing"
	"time"

	"guichet/internal/desk"
)

// ts parses "2025-03-07 16:00 -0500": explicit offsets keep the readings that
// clocks repeat in the autumn unambiguous.
func ts(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04 -0700", s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

// hours parses intervals such as "08:30-12:00".
func hours(t testing.TB, ss ...string) []Interval {
	t.Helper()
	out := make([]Interval, 0, len(ss))
	for _, s := range ss {
		iv, err := ParseInterval(s)
		if err != nil {
			t.Fatalf("bad test interval %q: %v", s, err)
		}
		out = append(out, iv)
	}
	return out
}

// officeSpec is Monday to Friday, 08:30-12:00 and 13:00-17:00 (7.5 h a day).
func officeSpec(t testing.TB, tz string) Spec {
	return Spec{TimeZone: tz, Hours: Weekdays(hours(t, "08:30-12:00", "13:00-17:00")...)}
}

func build(t testing.TB, s Spec) *Calendar {
	t.Helper()
	c, err := New(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func office(t testing.TB, tz string) *Calendar { return build(t, officeSpec(t, tz)) }

// quebecOffice is the office with the Québec statutory holidays of 2020-2030.
func quebecOffice(t testing.TB) *Calendar { return withPreset(t, PresetQuebec) }

func withPreset(t testing.TB, p Preset) *Calendar {
	t.Helper()
	s := officeSpec(t, "America/Montreal")
	hs, err := Holidays(p, desk.English, 2020, 2030)
	if err != nil {
		t.Fatalf("Holidays: %v", err)
	}
	s.Holidays = hs
	return build(t, s)
}

// alwaysOpen is open around the clock, every day: business time is real time.
func alwaysOpen(t testing.TB, tz string) *Calendar {
	return build(t, Spec{TimeZone: tz, Hours: EveryDay(hours(t, "00:00-24:00")...)})
}

// sameInstant fails unless got and want are the same instant with the same
// UTC offset (the offset shows which side of a clock change it is on).
func sameInstant(t testing.TB, got, want time.Time) {
	t.Helper()
	_, og := got.Zone()
	_, ow := want.Zone()
	if !got.Equal(want) || og != ow {
		t.Errorf("got %s, want %s", got.Format("Mon 2006-01-02 15:04:05 -0700"), want.Format("Mon 2006-01-02 15:04:05 -0700"))
	}
}
