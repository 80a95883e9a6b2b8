package web

import (
	"fmt"
	"strings"
	"time"
)

// formatDue writes a due time the way the language says it, in the server's
// local time like every time on the pages: "Tue Mar 4, 10:00" or
// "mar. 4 mars, 10 h 00", with the year when it is not this year's. The
// names and the pattern come from the catalogue ("date.*"); the pattern
// takes the weekday, day, month, year (" 2026" or "") and time of day.
func formatDue(cat catalogue, t time.Time) string {
	t = t.Local()
	days, months := strings.Fields(cat.T("date.weekdays")), strings.Fields(cat.T("date.months"))
	if len(days) != 7 || len(months) != 12 {
		return t.Format("2006-01-02 15:04")
	}
	year := ""
	if t.Year() != time.Now().Year() {
		year = fmt.Sprint(" ", t.Year())
	}
	return fmt.Sprintf(cat.T("date.pattern"), days[t.Weekday()], t.Day(), months[t.Month()-1], year, t.Format(cat.T("date.clock")))
}
