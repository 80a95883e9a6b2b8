package commit

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/desk"
)

// Limits on a target.
const (
	MaxTargetDuration = 2000 * time.Hour // about a year of office hours
	MaxTargetDays     = 250              // about a year of business days
)

// Target is an amount of business time: a duration counted only while the
// calendar is open ("4h", "90m", "1h30m"), or a number of business days ("2d",
// see calendar.AddDays). The zero Target is no target. In JSON it is that
// string.
type Target struct {
	Duration time.Duration // business time; zero when Days is set
	Days     int           // business days; zero when Duration is set
}

// ParseTarget parses s as a Target for field: "Nd" for N business days, or a
// Go duration of whole minutes ("4h", "90m", "1h30m"). Zero, negative,
// fractional-minute or oversized targets are a CodeInvalid *desk.Error on field.
func ParseTarget(field, s string) (Target, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return Target{}, desk.Invalid(field, "%q is not a target; use business hours such as \"4h\" or business days such as \"2d\"", s)
		}
		t := Target{Days: n}
		return t, t.check(field)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return Target{}, desk.Invalid(field, "%q is not a target; use business hours such as \"4h\" or business days such as \"2d\"", s)
	}
	t := Target{Duration: d}
	return t, t.check(field)
}

// check reports a target that is not positive, not whole minutes or too long.
func (t Target) check(field string) error {
	switch {
	case t.Days < 0 || t.Duration < 0 || t.IsZero():
		return desk.Invalid(field, "must be a positive amount of business time")
	case t.Days > MaxTargetDays:
		return desk.Invalid(field, "must be at most %d business days", MaxTargetDays)
	case t.Duration > MaxTargetDuration:
		return desk.Invalid(field, "must be at most %s of business time", MaxTargetDuration)
	case t.Duration%time.Minute != 0:
		return desk.Invalid(field, "must be whole minutes")
	}
	return nil
}

// IsZero reports whether t is no target.
func (t Target) IsZero() bool { return t.Duration == 0 && t.Days == 0 }

// String returns t as ParseTarget reads it: "2d", "4h", "1h30m", "45m"; the
// zero Target is "".
func (t Target) String() string {
	if t.Days != 0 {
		return strconv.Itoa(t.Days) + "d"
	}
	if t.Duration == 0 {
		return ""
	}
	h, m := int64(t.Duration/time.Hour), int64(t.Duration%time.Hour/time.Minute)
	s := ""
	if h != 0 {
		s = strconv.FormatInt(h, 10) + "h"
	}
	if m != 0 || h == 0 {
		s += strconv.FormatInt(m, 10) + "m"
	}
	return s
}

// MarshalJSON returns t as a JSON string.
func (t Target) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads a target string; a bad one is a CodeInvalid
// *desk.Error on field "target".
func (t *Target) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return desk.Invalid("target", "must be a string such as \"4h\" or \"2d\"")
	}
	v, err := ParseTarget("target", s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// On returns the business time t allows from start on cal: Duration itself,
// or for Days the business time from start to cal.AddDays(start, Days).
func (t Target) On(cal *calendar.Calendar, start time.Time) time.Duration {
	if t.Days > 0 {
		return cal.Between(start, cal.AddDays(start, t.Days))
	}
	return t.Duration
}
