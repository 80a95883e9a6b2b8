package calendar

import (
	"time"
)

// Dates are handled inside the package as day numbers: the count of days since
// 1970-01-01 (negative before). A wall-clock reading is a day number and the
// seconds (and nanoseconds) after that day's midnight.

const secondsPerDay = 86400

// daysFromCivil returns the day number of y-m-d in the proleptic Gregorian
// calendar (H. Hinnant's algorithm; m and d may be out of range and carry).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateOf returns the date of day number z.
func dateOf(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{int(y), time.Month(m), int(d)}
}

// weekday returns the day of the week of day number z (1970-01-01 was a Thursday).
func weekday(z int64) time.Weekday { return time.Weekday(floorMod(z+4, 7)) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// wall returns the local wall-clock reading of t in loc: its day number and the
// seconds after that day's midnight (the nanoseconds are t's own).
func wall(t time.Time, loc *time.Location) (day, sec int64) {
	_, off := t.In(loc).Zone()
	naive := t.Unix() + int64(off)
	day = floorDiv(naive, secondsPerDay)
	return day, naive - day*secondsPerDay
}

// maxOffset bounds any UTC offset that ever was (local mean times reached about
// ±16 h), so that no instant earlier than w-maxOffset reads w on a wall clock.
const maxOffset = 26 * 3600

// instant returns the first instant whose wall-clock reading in loc is at or
// after sec seconds plus ns nanoseconds past the midnight that begins day. For a
// reading that exists once, that is the reading itself; for one repeated when
// clocks fall back, its first occurrence; for one skipped when clocks spring
// forward, the moment of the jump. instant is non-decreasing in its reading.
func instant(loc *time.Location, day, sec int64, ns int) time.Time {
	w := day*secondsPerDay + sec
	u := w - maxOffset
	for {
		t := time.Unix(u, 0).In(loc)
		_, off := t.Zone()
		end, forever := zoneEnd(t)
		cand := w - int64(off) // when this zone's clock reads w
		if cand < u {          // the reading was skipped: the zone starts past it
			return t
		}
		if forever || cand < end {
			return time.Unix(cand, int64(ns)).In(loc)
		}
		u = end
	}
}

// zoneEnd returns when the UTC offset in effect at t may next change (in Unix
// seconds), or forever. It repairs golang/go#81583: on the last UTC day of a
// leap year computed from a zone's rule (2040, 2044… in most zones), Go reports
// an end at or before t itself, which is no change at all; the zone then runs
// at least to the end of that UTC year.
func zoneEnd(t time.Time) (end int64, forever bool) {
	_, e := t.ZoneBounds()
	if e.IsZero() {
		return 0, true
	}
	if end = e.Unix(); end > t.Unix() {
		return end, false
	}
	return time.Date(t.UTC().Year()+1, time.January, 1, 0, 0, 0, 0, time.UTC).Unix(), false
}
