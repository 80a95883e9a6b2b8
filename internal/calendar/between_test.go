package calendar

import (
	"testing"
	"time"
)

func TestBetween(t *testing.T) {
	const tz = "America/Montreal"
	nightDesk := build(t, Spec{TimeZone: tz, Hours: Week{time.Sunday: hours(t, "00:00-06:00")}})
	tests := []struct {
		name string
		c    *Calendar
		a, b string
		want time.Duration
	}{
		{"lunch does not count", office(t, tz), "2025-06-10 11:00 -0400", "2025-06-10 14:00 -0400", 2 * time.Hour},
		{"nights and weekends do not count", office(t, tz), "2025-06-13 16:00 -0400", "2025-06-16 09:30 -0400", 2 * time.Hour},
		{"over the spring weekend", office(t, tz), "2025-03-07 16:00 -0500", "2025-03-10 09:30 -0400", 2 * time.Hour},
		{"over the autumn weekend", office(t, tz), "2025-10-31 16:00 -0400", "2025-11-03 09:30 -0500", 2 * time.Hour},
		{"both after hours", office(t, tz), "2025-06-10 18:00 -0400", "2025-06-11 07:00 -0400", 0},
		{"the same instant", office(t, tz), "2025-06-10 10:00 -0400", "2025-06-10 10:00 -0400", 0},
		{"reversed is negative", office(t, tz), "2025-06-16 09:30 -0400", "2025-06-13 16:00 -0400", -2 * time.Hour},
		{"spring-forward Sunday is 23 hours long", alwaysOpen(t, tz), "2025-03-09 00:00 -0500", "2025-03-10 00:00 -0400", 23 * time.Hour},
		{"fall-back Sunday is 25 hours long", alwaysOpen(t, tz), "2025-11-02 00:00 -0400", "2025-11-03 00:00 -0500", 25 * time.Hour},
		{"night desk: 00:00-06:00 is 5 hours in spring", nightDesk, "2025-03-08 12:00 -0500", "2025-03-09 12:00 -0400", 5 * time.Hour},
		{"night desk: 00:00-06:00 is 7 hours in autumn", nightDesk, "2025-11-01 12:00 -0400", "2025-11-02 12:00 -0500", 7 * time.Hour},
		{"Santiago: Sunday that starts at 01:00 (no midnight)", alwaysOpen(t, "America/Santiago"), "2025-09-06 00:00 -0400", "2025-09-08 00:00 -0300", 47 * time.Hour},
		{"Santiago: Saturday that ends twice at 24:00", alwaysOpen(t, "America/Santiago"), "2025-04-05 00:00 -0300", "2025-04-07 00:00 -0400", 49 * time.Hour},
		{"a year of Québec office hours", quebecOffice(t), "2025-01-01 00:00 -0500", "2026-01-01 00:00 -0500", 252 * (7*time.Hour + 30*time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Between(ts(t, tt.a), ts(t, tt.b)); got != tt.want {
				t.Errorf("Between = %s, want %s", got, tt.want)
			}
		})
	}
}

// Between undoes Add: for any start and any duration, the business time from
// the start to its deadline is the duration; and from a start to an instant
// inside business hours, Add of the business time between lands on it.
func TestBetweenIsTheInverseOfAdd(t *testing.T) {
	cals := map[string]*Calendar{
		"Québec office":        quebecOffice(t),
		"federal office":       withPreset(t, PresetCanada),
		"Paris office":         office(t, "Europe/Paris"),
		"Santiago round clock": alwaysOpen(t, "America/Santiago"),
		"Montreal night desk": build(t, Spec{TimeZone: "America/Montreal", Hours: Week{
			time.Sunday: hours(t, "00:00-03:00", "05:00-06:00"), time.Saturday: hours(t, "22:00-24:00")}}),
	}
	durations := []time.Duration{time.Nanosecond, 59 * time.Minute, 4 * time.Hour, 15 * time.Hour, 37*time.Hour + 30*time.Minute, 400 * time.Hour}
	from := ts(t, "2025-02-20 00:00 -0500")
	for name, c := range cals {
		t.Run(name, func(t *testing.T) {
			for a := from; a.Before(from.AddDate(0, 10, 0)); a = a.Add(7*time.Hour + 41*time.Minute) {
				for _, d := range durations {
					due := c.Add(a, d)
					if got := c.Between(a, due); got != d {
						t.Fatalf("Between(%s, Add(_, %s) = %s) = %s", a, d, due, got)
					}
					if !c.IsOpen(due.Add(-1)) {
						t.Fatalf("Add(%s, %s) = %s: business time does not run just before it", a, d, due)
					}
					b := a.Add(d)
					if b.After(a) && c.IsOpen(b) && c.IsOpen(b.Add(-1)) {
						if got := c.Add(a, c.Between(a, b)); !got.Equal(b) {
							t.Fatalf("Add(%s, Between(_, %s)) = %s", a, b, got)
						}
					}
				}
			}
		})
	}
}

func TestIsOpenAndNextOpen(t *testing.T) {
	c := quebecOffice(t)
	tests := []struct {
		name, at string
		open     bool
		next     string
	}{
		{"opening instant is open", "2025-06-10 08:30 -0400", true, "2025-06-10 08:30 -0400"},
		{"mid-morning is open", "2025-06-10 10:15 -0400", true, "2025-06-10 10:15 -0400"},
		{"lunch is closed until 13:00", "2025-06-10 12:00 -0400", false, "2025-06-10 13:00 -0400"},
		{"closing instant is closed", "2025-06-10 17:00 -0400", false, "2025-06-11 08:30 -0400"},
		{"Friday evening waits for Monday", "2025-06-13 19:00 -0400", false, "2025-06-16 08:30 -0400"},
		{"Saint-Jean-Baptiste is closed", "2025-06-24 10:00 -0400", false, "2025-06-25 08:30 -0400"},
		{"Québec closes Christmas Day but not Boxing Day", "2025-12-24 18:00 -0500", false, "2025-12-26 08:30 -0500"},
		{"Thursday 1 January 2026 is closed", "2025-12-31 17:30 -0500", false, "2026-01-02 08:30 -0500"},
		{"Monday after spring forward opens in EDT", "2025-03-08 09:00 -0500", false, "2025-03-10 08:30 -0400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := ts(t, tt.at)
			if got := c.IsOpen(at); got != tt.open {
				t.Errorf("IsOpen = %v, want %v", got, tt.open)
			}
			sameInstant(t, c.NextOpen(at), ts(t, tt.next))
		})
	}
}

func TestZeroCalendarIsNeverOpen(t *testing.T) {
	var c Calendar
	at := ts(t, "2025-06-10 10:00 -0400")
	if c.IsOpen(at) || !c.NextOpen(at).Equal(at) || !c.Add(at, time.Hour).Equal(at) ||
		!c.AddDays(at, 2).Equal(at) || c.Between(at, at.Add(time.Hour)) != 0 || c.IsBusinessDay(Date{2025, 6, 10}) {
		t.Error("the zero Calendar should be closed and return its input")
	}
}

// One Calendar serves every request of a desk at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	c := quebecOffice(t)
	start := ts(t, "2025-06-20 15:00 -0400")
	want := c.Add(start, 12*time.Hour)
	done := make(chan time.Time)
	for range 8 {
		go func() {
			var got time.Time
			for range 200 {
				got = c.Add(start, 12*time.Hour)
				c.Between(start, got)
				c.AddDays(start, 3)
			}
			done <- got
		}()
	}
	for range 8 {
		if got := <-done; !got.Equal(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}
