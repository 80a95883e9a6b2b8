package calendar

import "time"

// Add returns the deadline d of business time after start: the earliest instant
// by which the desk has been open for d since start. Counting starts at the
// next opening when start is outside business hours. A d of zero or less
// returns start. Whole ordinary weeks are skipped at once, so the cost grows
// with the number of weeks only when they hold holidays or clock changes.
func (c *Calendar) Add(start time.Time, d time.Duration) time.Time {
	if !c.usable() {
		return start
	}
	start = start.In(c.loc)
	if d <= 0 {
		return start
	}
	day, _ := wall(start, c.loc)
	if t, ok := c.addInDay(day, start, &d); ok {
		return t
	}
	for day++; ; day++ {
		if d > c.weekTotal {
			if ws, ok := c.plainWeek(day); ok && !ws.Before(start) {
				d -= c.weekTotal
				day += 6
				continue
			}
		}
		if t, ok := c.addInDay(day, start, &d); ok {
			return t
		}
	}
}

// addInDay spends the business time of day from `from` on *d. It returns the
// deadline and true if *d runs out that day, else it lowers *d by what the day
// offered and returns false.
func (c *Calendar) addInDay(day int64, from time.Time, d *time.Duration) (time.Time, bool) {
	for _, sp := range c.hoursOn(day) {
		s, e := c.bounds(day, sp)
		if !e.After(from) {
			continue
		}
		if s.Before(from) {
			s = from
		}
		if avail := e.Sub(s); *d > avail {
			*d -= avail
			continue
		}
		return s.Add(*d), true
	}
	return time.Time{}, false
}

// Between returns the business time elapsed from a to b: how long the desk was
// open in [a, b). It is negative when b is before a (the business time from b
// to a, negated), so that Between(now, deadline) is the business time left, or
// overdue when negative. Between(a, Add(a, d)) == d for every d >= 0.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !c.usable() {
		return 0
	}
	if b.Before(a) {
		return -c.Between(b, a)
	}
	a, b = a.In(c.loc), b.In(c.loc)
	day, _ := wall(a, c.loc)
	last, _ := wall(b, c.loc)
	total := c.openIn(day, a, b)
	for day++; day <= last+1; day++ {
		if day+7 <= last {
			if ws, ok := c.plainWeek(day); ok && !ws.Before(a) {
				total += c.weekTotal
				day += 6
				continue
			}
		}
		total += c.openIn(day, a, b)
	}
	return total
}

// openIn returns the business time of day that lies within [a, b).
func (c *Calendar) openIn(day int64, a, b time.Time) time.Duration {
	var total time.Duration
	for _, sp := range c.hoursOn(day) {
		s, e := c.bounds(day, sp)
		if s.Before(a) {
			s = a
		}
		if e.After(b) {
			e = b
		}
		if e.After(s) {
			total += e.Sub(s)
		}
	}
	return total
}

// IsOpen reports whether the desk is open at t (business hours include their
// opening instant and exclude their closing instant).
func (c *Calendar) IsOpen(t time.Time) bool {
	if !c.usable() {
		return false
	}
	n, _ := c.nextOpen(t)
	return n.Equal(t)
}

// NextOpen returns t if the desk is open at t, else the next instant it opens.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	if !c.usable() {
		return t
	}
	n, _ := c.nextOpen(t)
	return n
}

// nextOpen returns NextOpen(t) and the day whose hours contain it. Closed days
// cost a lookup each, and no conversion of wall-clock times.
func (c *Calendar) nextOpen(t time.Time) (time.Time, int64) {
	t = t.In(c.loc)
	for day, _ := wall(t, c.loc); ; day++ {
		for _, sp := range c.hoursOn(day) {
			s, e := c.bounds(day, sp)
			if !e.After(t) || !e.After(s) {
				continue
			}
			if s.Before(t) {
				return t, day
			}
			return s, day
		}
	}
}
