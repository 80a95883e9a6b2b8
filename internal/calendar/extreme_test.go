package calendar

import (
	"math"
	"testing"
	"time"
)

// Late December of leap years from 2040 on, when Go computes zones from their
// rule, is where time.ZoneBounds misreports (golang/go#81583); the calendar
// must still answer, and answer right.
func TestLeapYearEndsAfter2037(t *testing.T) {
	for _, tz := range []string{"America/Montreal", "Europe/Paris", "Europe/London", "Australia/Sydney"} {
		t.Run(tz, func(t *testing.T) {
			c := alwaysOpen(t, tz)
			for _, y := range []int{2040, 2044, 2096, 2400} {
				s := time.Date(y, time.December, 29, 7, 0, 0, 0, c.Location())
				for _, d := range []time.Duration{time.Hour, 49 * time.Hour, 400 * time.Hour} {
					if got := c.Add(s, d); !got.Equal(s.Add(d)) {
						t.Errorf("Add(%s, %s) = %s", s, d, got)
					}
					if got := c.Between(s, s.Add(d)); got != d {
						t.Errorf("Between(%s, +%s) = %s", s, d, got)
					}
				}
				sameInstant(t, c.AddDays(s, 3), time.Date(y+1, time.January, 1, 7, 0, 0, 0, c.Location()))
			}
		})
	}
	o := office(t, "America/Montreal")
	sameInstant(t, o.Add(ts(t, "2040-12-31 16:00 -0500"), 2*time.Hour), ts(t, "2041-01-01 09:30 -0500"))
}

// Whatever the instant and however long the duration, every method returns,
// quickly, without panicking.
func TestExtremeInputsTerminate(t *testing.T) {
	c := quebecOffice(t)
	starts := []time.Time{{}, time.Unix(1<<40, 0), ts(t, "2025-06-10 10:00 -0400"), time.Date(-500, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, s := range starts {
		due := c.Add(s, math.MaxInt64)
		if !due.After(s) || c.Between(s, due) != math.MaxInt64 {
			t.Errorf("Add(%s, max) = %s, Between = %s", s, due, c.Between(s, due))
		}
		if d := c.AddDays(s, 1_000_000); !d.After(s) || !c.IsOpen(d.Add(-1)) {
			t.Errorf("AddDays(%s, 1e6) = %s", s, d)
		}
		if n := c.NextOpen(s); !c.IsOpen(n) || n.Before(s) {
			t.Errorf("NextOpen(%s) = %s", s, n)
		}
	}
}
