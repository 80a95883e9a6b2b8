package calendar

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"guichet/internal/desk"
)

// Limits on the size of a Spec.
const (
	MaxIntervals  = 12   // per day
	MaxHolidays   = 5000 // about a century of statutory holidays
	MaxExceptions = 5000
	maxNameRunes  = 200
)

// Validate normalises s (trims names, fills the default time zone) and reports
// its first invalid field as a CodeInvalid *desk.Error: an unknown time zone,
// unordered or overlapping intervals, a week with no business hours at all, an
// impossible or duplicate date, an exception that is both closed and open.
func (s *Spec) Validate() error {
	_, err := s.validate()
	return err
}

// validate is Validate that also returns the loaded time zone.
func (s *Spec) validate() (*time.Location, error) {
	s.Name = strings.TrimSpace(s.Name)
	if err := checkName("name", s.Name); err != nil {
		return nil, err
	}
	loc, err := loadZone(s)
	if err != nil {
		return nil, err
	}
	if err := checkWeek(s.Hours); err != nil {
		return nil, err
	}
	if err := checkHolidays(s.Holidays); err != nil {
		return nil, err
	}
	return loc, checkExceptions(s.Exceptions)
}

// loadZone fills the default time zone and loads it. "Local" is refused: a
// calendar must mean the same thing on every machine.
func loadZone(s *Spec) (*time.Location, error) {
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	if s.TimeZone == "" {
		s.TimeZone = DefaultTimeZone
	}
	if s.TimeZone == "Local" {
		return nil, desk.Invalid("time_zone", "name a time zone, e.g. America/Montreal; Local depends on the server")
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return nil, desk.Invalid("time_zone", "unknown time zone %q; use an IANA name such as America/Montreal", s.TimeZone)
	}
	return loc, nil
}

func checkWeek(w Week) error {
	open := false
	for d := time.Sunday; d <= time.Saturday; d++ {
		if err := checkIntervals("hours."+dayKeys[d], w[d]); err != nil {
			return err
		}
		open = open || len(w[d]) > 0
	}
	if !open {
		return desk.Invalid("hours", "the week has no business hours; give at least one day an interval such as 08:30-17:00")
	}
	return nil
}

// checkIntervals checks that one day's intervals are each well formed, in
// order and not overlapping (touching is allowed: 08:00-12:00, 12:00-17:00).
func checkIntervals(field string, ivs []Interval) error {
	if len(ivs) > MaxIntervals {
		return desk.Invalid(field, "at most %d intervals a day", MaxIntervals)
	}
	for i, iv := range ivs {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case iv.Start < 0 || iv.Start >= MaxClock:
			return desk.Invalid(f, "start %s must be between 00:00 and 23:59", iv.Start)
		case iv.End <= 0 || iv.End > MaxClock:
			return desk.Invalid(f, "end %s must be between 00:01 and 24:00", iv.End)
		case iv.Start >= iv.End:
			return desk.Invalid(f, "start %s must be before end %s", iv.Start, iv.End)
		case i > 0 && iv.Start < ivs[i-1].Start:
			return desk.Invalid(f, "intervals must be in order: %s comes before %s", iv, ivs[i-1])
		case i > 0 && iv.Start < ivs[i-1].End:
			return desk.Invalid(f, "%s overlaps %s", iv, ivs[i-1])
		}
	}
	return nil
}

func checkHolidays(hs []Holiday) error {
	if len(hs) > MaxHolidays {
		return desk.Invalid("holidays", "at most %d holidays", MaxHolidays)
	}
	seen := make(map[Date]int, len(hs))
	for i := range hs {
		h := &hs[i]
		f := fmt.Sprintf("holidays[%d]", i)
		h.Name = strings.TrimSpace(h.Name)
		if err := checkDate(f+".date", h.Date, seen, i, "holidays"); err != nil {
			return err
		}
		if err := checkName(f+".name", h.Name); err != nil {
			return err
		}
	}
	return nil
}

func checkExceptions(es []Exception) error {
	if len(es) > MaxExceptions {
		return desk.Invalid("exceptions", "at most %d exceptions", MaxExceptions)
	}
	seen := make(map[Date]int, len(es))
	for i := range es {
		e := &es[i]
		f := fmt.Sprintf("exceptions[%d]", i)
		e.Name = strings.TrimSpace(e.Name)
		if err := checkDate(f+".date", e.Date, seen, i, "exceptions"); err != nil {
			return err
		}
		if err := checkName(f+".name", e.Name); err != nil {
			return err
		}
		if e.Closed && len(e.Hours) > 0 {
			return desk.Invalid(f+".hours", "a closed day has no hours; remove them or unset closed")
		}
		if !e.Closed && len(e.Hours) == 0 {
			return desk.Invalid(f+".hours", "give the day's hours, or mark it closed")
		}
		if err := checkIntervals(f+".hours", e.Hours); err != nil {
			return err
		}
	}
	return nil
}

// checkDate reports an impossible date, or one already given at another index
// of the same list.
func checkDate(field string, d Date, seen map[Date]int, i int, list string) error {
	if !d.Valid() {
		return desk.Invalid(field, "%s is not a date between %d-01-01 and %d-12-31", d, MinYear, MaxYear)
	}
	if j, dup := seen[d]; dup {
		return desk.Invalid(field, "%s is already %s[%d]", d, list, j)
	}
	seen[d] = i
	return nil
}

func checkName(field, s string) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return desk.Invalid(field, "must be valid UTF-8 text")
	}
	if utf8.RuneCountInString(s) > maxNameRunes {
		return desk.Invalid(field, "must be at most %d characters", maxNameRunes)
	}
	return nil
}
