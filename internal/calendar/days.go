package calendar

import "time"

// AddDays returns the deadline n business days after start: on the n-th
// business day after the one start falls in (or, outside hours, the one that
// opens next), at the same wall-clock time, kept within that day's hours, and
// reported as the previous closing when it lands on an opening. The package
// documentation gives the rule in full with examples. An n of zero or less
// returns start.
func (c *Calendar) AddDays(start time.Time, n int) time.Time {
	if !c.usable() {
		return start
	}
	start = start.In(c.loc)
	if n <= 0 {
		return start
	}
	s, day := c.nextOpen(start)
	naiveDay, sec := wall(s, c.loc)
	sec += (naiveDay - day) * secondsPerDay // the clock may still read the day before
	target := c.businessDayAfter(day, n)
	at := instant(c.loc, target, sec, s.Nanosecond())
	r, edge := c.latestOpenBefore(target, at)
	if edge {
		return c.closeBefore(target, r)
	}
	return r
}

// businessDayAfter returns the n-th day after day that has business hours,
// skipping ordinary weeks whole.
func (c *Calendar) businessDayAfter(day int64, n int) int64 {
	for n > 0 {
		if n > c.weekDays {
			if i, _ := c.findOverride(day + 1); i == len(c.overrides) || c.overrides[i].day > day+7 {
				day += 7
				n -= c.weekDays
				continue
			}
		}
		day++
		if len(c.hoursOn(day)) > 0 {
			n--
		}
	}
	return day
}

// latestOpenBefore returns the last business instant of day not after at: at
// itself when open, else the closing before it; when at is before the day's
// first opening, that opening. The boolean is true when the instant returned
// may have no business time just before it (an opening, or the end of an
// interval skipped by a clock change), so that the caller moves it back to the
// previous closing.
func (c *Calendar) latestOpenBefore(day int64, at time.Time) (time.Time, bool) {
	var r time.Time
	edge := true
	for i, sp := range c.hoursOn(day) {
		s, e := c.bounds(day, sp)
		if i == 0 {
			r = s
		}
		if at.Before(s) {
			break
		}
		if at.Before(e) {
			return at, at.Equal(s)
		}
		r, edge = e, !e.After(s)
	}
	return r, edge
}

// closeBefore returns the last closing at or before t, scanning back from day:
// the end of the latest business interval of positive length that ends by t.
func (c *Calendar) closeBefore(day int64, t time.Time) time.Time {
	for ; ; day-- {
		hours := c.hoursOn(day)
		for i := len(hours) - 1; i >= 0; i-- {
			s, e := c.bounds(day, hours[i])
			if e.After(s) && !e.After(t) {
				return e
			}
		}
	}
}
