package web

import (
	"fmt"
	"strings"
	"time"
)

// dateFormat is how a language writes a due time ("date.*" in the
// catalogue): weekday and month names, the pattern (weekday, day, month,
// year — " 2026" or "" — and time of day) and the time-of-day layout.
type dateFormat struct {
	days, months   []string
	pattern, clock string
}

// newDateFormat reads cat's way of writing dates once.
func newDateFormat(cat catalogue) dateFormat {
	return dateFormat{days: strings.Fields(cat.T("date.weekdays")), months: strings.Fields(cat.T("date.months")),
		pattern: cat.T("date.pattern"), clock: cat.T("date.clock")}
}

// format writes t in the server's local time like every time on the pages:
// "Tue Mar 4, 10:00" or "mar. 4 mars, 10 h 00", with the year when it is not
// this year's.
func (f dateFormat) format(t time.Time) string {
	t = t.Local()
	if len(f.days) != 7 || len(f.months) != 12 {
		return t.Format("2006-01-02 15:04")
	}
	year := ""
	if t.Year() != time.Now().Year() {
		year = fmt.Sprint(" ", t.Year())
	}
	return fmt.Sprintf(f.pattern, f.days[t.Weekday()], t.Day(), f.months[t.Month()-1], year, t.Format(f.clock))
}

// formatDue writes a due time the way cat's language says it (see format).
func formatDue(cat catalogue, t time.Time) string { return newDateFormat(cat).format(t) }
