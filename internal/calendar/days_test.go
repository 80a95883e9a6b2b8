package calendar

import (
	"testing"
	"time"
)

func TestAddDays(t *testing.T) {
	quebec := quebecOffice(t)
	s := officeSpec(t, "America/Montreal")
	s.Exceptions = []Exception{{Date: Date{2025, time.December, 24}, Name: "Christmas Eve", Hours: hours(t, "08:30-12:00")}}
	halfDay := build(t, s)
	tests := []struct {
		name  string
		c     *Calendar
		start string
		n     int
		want  string
	}{
		{"same wall-clock time two days later", quebec, "2025-06-09 10:00 -0400", 2, "2025-06-11 10:00 -0400"},
		{"from the opening: the end of the day before", quebec, "2025-06-09 08:30 -0400", 2, "2025-06-10 17:00 -0400"},
		{"from Sunday evening: counting starts Monday", quebec, "2025-06-08 20:00 -0400", 2, "2025-06-10 17:00 -0400"},
		{"from Friday evening: counting starts Monday", quebec, "2025-06-13 18:00 -0400", 2, "2025-06-17 17:00 -0400"},
		{"Friday to Monday", quebec, "2025-06-13 10:00 -0400", 1, "2025-06-16 10:00 -0400"},
		{"one minute before closing", quebec, "2025-06-09 16:59 -0400", 1, "2025-06-10 16:59 -0400"},
		{"arrival at lunch: 13:00 becomes noon", quebec, "2025-06-09 12:30 -0400", 1, "2025-06-10 12:00 -0400"},
		{"Saint-Jean-Baptiste is not a business day", quebec, "2025-06-23 10:00 -0400", 1, "2025-06-25 10:00 -0400"},
		{"Thanksgiving is not a business day", quebec, "2025-10-10 14:00 -0400", 1, "2025-10-14 14:00 -0400"},
		{"four weeks with Saint-Jean-Baptiste and Canada Day", quebec, "2025-06-02 10:00 -0400", 20, "2025-07-02 10:00 -0400"},
		{"wall-clock time is kept across spring forward", quebec, "2025-03-07 10:00 -0500", 1, "2025-03-10 10:00 -0400"},
		{"wall-clock time is kept across fall back", quebec, "2025-10-31 10:00 -0400", 1, "2025-11-03 10:00 -0500"},
		{"a short day ends the deadline at its closing", halfDay, "2025-12-23 15:00 -0500", 1, "2025-12-24 12:00 -0500"},
		{"round the clock: a skipped reading means the jump", alwaysOpen(t, "America/Montreal"), "2025-03-08 02:30 -0500", 1, "2025-03-09 03:00 -0400"},
		{"round the clock: a repeated reading means its first time", alwaysOpen(t, "America/Montreal"), "2025-11-01 01:30 -0400", 1, "2025-11-02 01:30 -0400"},
		{"zero returns the start", quebec, "2025-06-08 20:00 -0400", 0, "2025-06-08 20:00 -0400"},
		{"negative returns the start", quebec, "2025-06-09 10:00 -0400", -3, "2025-06-09 10:00 -0400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameInstant(t, tt.c.AddDays(ts(t, tt.start), tt.n), ts(t, tt.want))
		})
	}
}

// A later start never gives an earlier deadline, and each extra business day
// adds exactly one business day's hours on a uniform week.
func TestAddDaysIsMonotonic(t *testing.T) {
	c := quebecOffice(t)
	from := ts(t, "2025-06-01 00:00 -0400")
	var prev time.Time
	for a := from; a.Before(from.AddDate(0, 1, 0)); a = a.Add(17 * time.Minute) {
		due := c.AddDays(a, 3)
		if due.Before(prev) {
			t.Fatalf("AddDays(%s, 3) = %s, before the deadline of an earlier start %s", a, due, prev)
		}
		prev = due
		if !due.After(a) || !c.IsOpen(due.Add(-1)) {
			t.Fatalf("AddDays(%s, 3) = %s is not a closing or business instant after the start", a, due)
		}
	}
}
