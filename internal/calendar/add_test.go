package calendar

import (
	"testing"
	"time"
)

func TestAddOfficeHours(t *testing.T) {
	c := office(t, "America/Montreal")
	tests := []struct {
		name, start string
		d           time.Duration
		want        string
	}{
		{"runs within the morning", "2025-06-10 09:00 -0400", 2 * time.Hour, "2025-06-10 11:00 -0400"},
		{"skips the lunch gap", "2025-06-10 11:00 -0400", 2 * time.Hour, "2025-06-10 14:00 -0400"},
		{"a day's hours end at closing, not next morning", "2025-06-10 08:30 -0400", 7*time.Hour + 30*time.Minute, "2025-06-10 17:00 -0400"},
		{"arrival during lunch starts at 13:00", "2025-06-10 12:15 -0400", time.Hour, "2025-06-10 14:00 -0400"},
		{"arrival before opening starts at 08:30", "2025-06-10 07:00 -0400", 30 * time.Minute, "2025-06-10 09:00 -0400"},
		{"arrival after closing starts next morning", "2025-06-10 18:30 -0400", time.Hour, "2025-06-11 09:30 -0400"},
		{"arrival at closing time starts next morning", "2025-06-10 17:00 -0400", time.Hour, "2025-06-11 09:30 -0400"},
		{"4 business hours on Friday afternoon end Monday", "2025-06-13 16:00 -0400", 4 * time.Hour, "2025-06-16 11:30 -0400"},
		{"Saturday arrival starts Monday", "2025-06-14 10:00 -0400", 4 * time.Hour, "2025-06-16 13:30 -0400"},
		{"Sunday night arrival starts Monday", "2025-06-15 23:59 -0400", time.Minute, "2025-06-16 08:31 -0400"},
		{"exactly four weeks of hours end on the fourth Friday", "2025-06-02 08:30 -0400", 150 * time.Hour, "2025-06-27 17:00 -0400"},
		{"seconds and nanoseconds are kept", "2025-06-10 09:00 -0400", 90*time.Second + 7, "2025-06-10 09:01 -0400"},
		{"zero returns the start, even after hours", "2025-06-10 18:30 -0400", 0, "2025-06-10 18:30 -0400"},
		{"negative returns the start", "2025-06-10 10:00 -0400", -time.Hour, "2025-06-10 10:00 -0400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := ts(t, tt.want)
			if tt.name == "seconds and nanoseconds are kept" {
				want = want.Add(30*time.Second + 7)
			}
			sameInstant(t, c.Add(ts(t, tt.start), tt.d), want)
		})
	}
}

// Montreal springs forward on Sunday 9 March 2025 (02:00 EST -> 03:00 EDT) and
// falls back on Sunday 2 November 2025 (02:00 EDT -> 01:00 EST).
func TestAddAcrossDaylightSaving(t *testing.T) {
	const tz = "America/Montreal"
	nightDesk := build(t, Spec{TimeZone: tz, Hours: Week{time.Sunday: hours(t, "00:00-06:00")}})
	tests := []struct {
		name  string
		c     *Calendar
		start string
		d     time.Duration
		want  string
	}{
		{"office: Friday to Monday over the spring weekend", office(t, tz), "2025-03-07 16:00 -0500", 2 * time.Hour, "2025-03-10 09:30 -0400"},
		{"office: Friday to Monday over the autumn weekend", office(t, tz), "2025-10-31 16:00 -0400", 2 * time.Hour, "2025-11-03 09:30 -0500"},
		{"office: a week over the spring change", office(t, tz), "2025-03-05 10:00 -0500", 37*time.Hour + 30*time.Minute, "2025-03-12 10:00 -0400"},
		{"round the clock: the skipped hour is not counted", alwaysOpen(t, tz), "2025-03-08 23:00 -0500", 4 * time.Hour, "2025-03-09 04:00 -0400"},
		{"round the clock: the repeated hour is counted", alwaysOpen(t, tz), "2025-11-01 23:00 -0400", 4 * time.Hour, "2025-11-02 02:00 -0500"},
		{"round the clock: lands in the first 01:30", alwaysOpen(t, tz), "2025-11-02 00:00 -0400", 90 * time.Minute, "2025-11-02 01:30 -0400"},
		{"round the clock: lands in the second 01:30", alwaysOpen(t, tz), "2025-11-02 00:00 -0400", 150 * time.Minute, "2025-11-02 01:30 -0500"},
		{"night desk: 00:00-06:00 lasts 5 hours in spring", nightDesk, "2025-03-09 00:00 -0500", 5 * time.Hour, "2025-03-09 06:00 -0400"},
		{"night desk: a 6th hour waits a week in spring", nightDesk, "2025-03-09 00:00 -0500", 6 * time.Hour, "2025-03-16 01:00 -0400"},
		{"night desk: 00:00-06:00 lasts 7 hours in autumn", nightDesk, "2025-11-02 00:00 -0400", 7 * time.Hour, "2025-11-02 06:00 -0500"},
		{"night desk: an hour from 01:30 crosses the jump to 03:30", nightDesk, "2025-03-09 01:30 -0500", time.Hour, "2025-03-09 03:30 -0400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameInstant(t, tt.c.Add(ts(t, tt.start), tt.d), ts(t, tt.want))
		})
	}
}

// On a calendar open round the clock, business time is real time, in every
// zone and across every clock change: this checks the week skipping too.
func TestAddRoundTheClockIsRealTime(t *testing.T) {
	for _, tz := range []string{"America/Montreal", "Europe/Paris", "America/Santiago", "Australia/Lord_Howe", "Pacific/Apia", "UTC"} {
		t.Run(tz, func(t *testing.T) {
			c := alwaysOpen(t, tz)
			start := ts(t, "2011-01-03 05:17 +0000")
			for _, d := range []time.Duration{time.Minute, 25 * time.Hour, 1000 * time.Hour, 24 * 7 * 60 * time.Hour, 3 * 8766 * time.Hour} {
				for s := start; s.Before(start.AddDate(1, 0, 0)); s = s.Add(97*time.Hour + 13*time.Minute) {
					if got := c.Add(s, d); !got.Equal(s.Add(d)) {
						t.Fatalf("Add(%s, %s) = %s, want %s", s, d, got, s.Add(d))
					}
					if got := c.Between(s, s.Add(d)); got != d {
						t.Fatalf("Between(%s, +%s) = %s", s, d, got)
					}
				}
			}
		})
	}
}

func TestAddAcrossHolidays(t *testing.T) {
	quebec, canada := quebecOffice(t), withPreset(t, PresetCanada)
	tests := []struct {
		name  string
		c     *Calendar
		start string
		d     time.Duration
		want  string
	}{
		{"Saint-Jean-Baptiste (Tuesday 24 June 2025) is skipped", quebec, "2025-06-23 16:00 -0400", 2 * time.Hour, "2025-06-25 09:30 -0400"},
		{"arrival on Saint-Jean-Baptiste starts the next day", quebec, "2025-06-24 10:00 -0400", time.Hour, "2025-06-25 09:30 -0400"},
		{"Thanksgiving Monday (13 October 2025) is skipped", quebec, "2025-10-10 16:30 -0400", time.Hour, "2025-10-14 09:00 -0400"},
		{"Québec: Christmas on a Sunday (2022) leaves Monday open", quebec, "2022-12-23 16:00 -0500", 2 * time.Hour, "2022-12-26 09:30 -0500"},
		{"federal: Boxing Day Monday and Christmas observed Tuesday (2022)", canada, "2022-12-23 16:00 -0500", 2 * time.Hour, "2022-12-28 09:30 -0500"},
		{"federal: Christmas Saturday, Boxing Day Sunday (2021) close Monday and Tuesday", canada, "2021-12-24 16:00 -0500", 2 * time.Hour, "2021-12-29 09:30 -0500"},
		{"Québec: Easter weekend closes Good Friday and Easter Monday", quebec, "2025-04-17 16:00 -0400", 2 * time.Hour, "2025-04-22 09:30 -0400"},
		{"federal: Easter Monday is a working day", canada, "2025-04-17 16:00 -0400", 2 * time.Hour, "2025-04-21 09:30 -0400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameInstant(t, tt.c.Add(ts(t, tt.start), tt.d), ts(t, tt.want))
		})
	}
}

func TestExceptionsOverrideHoursAndHolidays(t *testing.T) {
	s := officeSpec(t, "America/Montreal")
	s.Holidays = []Holiday{{Date: Date{2025, time.December, 25}, Name: "Christmas Day"}, {Date: Date{2025, time.December, 26}, Name: "Boxing Day"}}
	s.Exceptions = []Exception{
		{Date: Date{2025, time.December, 24}, Name: "Christmas Eve", Hours: hours(t, "08:30-12:00")},
		{Date: Date{2025, time.December, 26}, Name: "Inventory morning", Hours: hours(t, "09:00-11:00")},
		{Date: Date{2025, time.December, 29}, Name: "Move", Closed: true},
		{Date: Date{2025, time.December, 27}, Name: "Saturday sale", Hours: hours(t, "10:00-12:00")},
	}
	c := build(t, s)
	tests := []struct {
		name, start string
		d           time.Duration
		want        string
	}{
		{"a half day stops at noon", "2025-12-24 11:00 -0500", 2 * time.Hour, "2025-12-26 10:00 -0500"},
		{"an exception opens a holiday for its hours", "2025-12-26 08:00 -0500", 2 * time.Hour, "2025-12-26 11:00 -0500"},
		{"an exception opens a Saturday", "2025-12-26 10:30 -0500", time.Hour, "2025-12-27 10:30 -0500"},
		{"a closed exception shuts a Monday", "2025-12-27 11:30 -0500", time.Hour, "2025-12-30 09:00 -0500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameInstant(t, c.Add(ts(t, tt.start), tt.d), ts(t, tt.want))
		})
	}
	if c.IsBusinessDay(Date{2025, time.December, 29}) || !c.IsBusinessDay(Date{2025, time.December, 27}) {
		t.Error("IsBusinessDay ignores exceptions")
	}
}

// The same request, at the same instant, under the same hours in three time
// zones, gets three different deadlines.
func TestTimeZonesGiveDifferentDeadlines(t *testing.T) {
	arrival := ts(t, "2025-06-10 15:00 +0000") // 17:00 in Paris, 11:00 in Montreal, 08:00 in Vancouver
	tests := []struct{ tz, want string }{
		{"Europe/Paris", "2025-06-11 13:30 +0200"},      // closed: starts at 08:30 the next day
		{"America/Montreal", "2025-06-10 16:00 -0400"},  // 1 h before lunch, 3 h after
		{"America/Vancouver", "2025-06-10 13:30 -0700"}, // opens at 08:30
	}
	seen := map[time.Time]string{}
	for _, tt := range tests {
		t.Run(tt.tz, func(t *testing.T) {
			got := office(t, tt.tz).Add(arrival, 4*time.Hour)
			sameInstant(t, got, ts(t, tt.want))
			if other, dup := seen[got.UTC()]; dup {
				t.Errorf("same deadline as %s", other)
			}
			seen[got.UTC()] = tt.tz
		})
	}
}
