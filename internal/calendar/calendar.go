package calendar

import (
	"cmp"
	"slices"
	"time"
)

// Calendar is a validated, immutable business calendar, built by New. It is
// safe for concurrent use. The zero Calendar (not built by New) is never open:
// its methods return their input unchanged.
type Calendar struct {
	spec      Spec
	loc       *time.Location
	week      [7][]span     // weekly hours, touching intervals merged
	weekTotal time.Duration // business time of a week without holidays or clock changes
	weekDays  int           // business days of such a week
	overrides []override    // holidays and exceptions, by day
}

// span is a business interval of one day in seconds after local midnight.
type span struct{ start, end int64 }

// override replaces the weekly hours of one day; no hours means closed.
type override struct {
	day   int64
	hours []span
}

// New validates a copy of s and returns the calendar it defines. On invalid
// input it returns nil and a CodeInvalid *desk.Error naming the field at fault.
func New(s Spec) (*Calendar, error) {
	s = s.clone()
	loc, err := s.validate()
	if err != nil {
		return nil, err
	}
	c := &Calendar{spec: s, loc: loc}
	for d, ivs := range s.Hours {
		c.week[d] = spans(ivs)
		for _, sp := range c.week[d] {
			c.weekTotal += time.Duration(sp.end-sp.start) * time.Second
		}
		if len(ivs) > 0 {
			c.weekDays++
		}
	}
	c.overrides = overrides(s)
	return c, nil
}

// spans converts validated intervals to seconds, merging touching ones.
func spans(ivs []Interval) []span {
	var out []span
	for _, iv := range ivs {
		sp := span{int64(iv.Start) * 60, int64(iv.End) * 60}
		if n := len(out); n > 0 && out[n-1].end == sp.start {
			out[n-1].end = sp.end
			continue
		}
		out = append(out, sp)
	}
	return out
}

// overrides returns the holidays and exceptions of s by day; an exception wins
// over a holiday on the same date.
func overrides(s Spec) []override {
	byDay := make(map[int64][]span, len(s.Holidays)+len(s.Exceptions))
	for _, h := range s.Holidays {
		byDay[h.Date.days()] = nil
	}
	for _, e := range s.Exceptions {
		byDay[e.Date.days()] = spans(e.Hours)
	}
	out := make([]override, 0, len(byDay))
	for d, h := range byDay {
		out = append(out, override{d, h})
	}
	slices.SortFunc(out, func(a, b override) int { return cmp.Compare(a.day, b.day) })
	return out
}

// Spec returns a copy of the calendar's definition, normalised (the time zone
// filled in, names trimmed).
func (c *Calendar) Spec() Spec { return c.spec.clone() }

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// IsBusinessDay reports whether the desk has hours on date d, once holidays
// and exceptions are applied. It returns false for an invalid date.
func (c *Calendar) IsBusinessDay(d Date) bool {
	return c.usable() && d.Valid() && len(c.hoursOn(d.days())) > 0
}

// usable reports whether c was built by New.
func (c *Calendar) usable() bool { return c != nil && c.loc != nil && c.weekTotal > 0 }

// hoursOn returns the business hours of day number day.
func (c *Calendar) hoursOn(day int64) []span {
	if i, ok := c.findOverride(day); ok {
		return c.overrides[i].hours
	}
	return c.week[weekday(day)]
}

// findOverride returns the index of the first override on or after day, and
// whether it is on day.
func (c *Calendar) findOverride(day int64) (int, bool) {
	return slices.BinarySearchFunc(c.overrides, day, func(o override, d int64) int { return cmp.Compare(o.day, d) })
}

// plainWeek reports whether the seven days from day are ordinary: no holiday or
// exception, and no change of UTC offset from the start of day to the end of the
// seventh day, so that their business time is exactly weekTotal. It also
// returns the instant the week starts.
func (c *Calendar) plainWeek(day int64) (time.Time, bool) {
	if i, _ := c.findOverride(day); i < len(c.overrides) && c.overrides[i].day < day+7 {
		return time.Time{}, false
	}
	t := instant(c.loc, day, 0, 0)
	if start, _ := t.ZoneBounds(); !start.IsZero() && !start.Before(t) {
		return t, false // the offset may have just changed: midnight may be skipped
	}
	// Strictly after: a change at the week's last midnight (Santiago falls
	// back at 24:00) would lengthen its last day.
	end, forever := zoneEnd(t)
	return t, forever || end > t.Unix()+7*secondsPerDay
}

// bounds returns the real instants of span sp on day.
func (c *Calendar) bounds(day int64, sp span) (time.Time, time.Time) {
	return instant(c.loc, day, sp.start, 0), instant(c.loc, day, sp.end, 0)
}
