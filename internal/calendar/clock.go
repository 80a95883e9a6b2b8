package calendar

import (
	"fmt"
	"strings"
	"time"

	"guichet/internal/desk"
)

// Clock is a wall-clock time of day in minutes after midnight: 0 is 00:00 and
// MaxClock (24:00, the end of the day) may only end an interval.
type Clock int

// MaxClock is 24:00, the end of a day.
const MaxClock Clock = 24 * 60

// At returns the clock reading h:m; it does not validate (Spec.Validate does).
func At(h, m int) Clock { return Clock(h*60 + m) }

// ParseClock parses "HH:MM" (two digits each, 00:00 to 24:00). It returns a
// CodeInvalid *desk.Error on field "hours" for anything else.
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, desk.Invalid("hours", "%q is not a time of day; use HH:MM, e.g. 08:30", s)
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	c := At(h, m)
	if m > 59 || c > MaxClock {
		return 0, desk.Invalid("hours", "%q is not a time of day between 00:00 and 24:00", s)
	}
	return c, nil
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// String returns c as "HH:MM".
func (c Clock) String() string {
	if c < 0 {
		return fmt.Sprintf("-%02d:%02d", -c/60, -c%60)
	}
	return fmt.Sprintf("%02d:%02d", c/60, c%60)
}

// MarshalText returns c as "HH:MM"; it never fails.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText parses "HH:MM"; see ParseClock for its errors.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Interval is a span of business hours within one day, from Start (included)
// to End (excluded), e.g. 08:30–12:00.
type Interval struct {
	Start Clock `json:"start"`
	End   Clock `json:"end"`
}

// ParseInterval parses "HH:MM-HH:MM". It returns a CodeInvalid *desk.Error on
// field "hours" when either side is not a time of day; the order of the two is
// checked by Spec.Validate.
func ParseInterval(s string) (Interval, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return Interval{}, desk.Invalid("hours", "%q is not an interval; use HH:MM-HH:MM, e.g. 08:30-12:00", s)
	}
	start, err := ParseClock(strings.TrimSpace(from))
	if err != nil {
		return Interval{}, err
	}
	end, err := ParseClock(strings.TrimSpace(to))
	if err != nil {
		return Interval{}, err
	}
	return Interval{Start: start, End: end}, nil
}

// String returns iv as "HH:MM-HH:MM".
func (iv Interval) String() string { return iv.Start.String() + "-" + iv.End.String() }

// Date is a calendar date without a time or time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Years a Date may fall in.
const (
	MinYear = 1900
	MaxYear = 2999
)

// ParseDate parses "YYYY-MM-DD". It returns a CodeInvalid *desk.Error on field
// "date" when s is not a real date between MinYear and MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, desk.Invalid("date", "%q is not a date; use YYYY-MM-DD, e.g. 2025-06-24", s)
	}
	d := Date{t.Year(), t.Month(), t.Day()}
	if !d.Valid() {
		return Date{}, desk.Invalid("date", "%q is not between %d and %d", s, MinYear, MaxYear)
	}
	return d, nil
}

// Valid reports whether d is a real date (no 30 February) between MinYear and
// MaxYear.
func (d Date) Valid() bool {
	if d.Year < MinYear || d.Year > MaxYear || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// Weekday returns the day of the week of d (meaningful only if d is Valid).
func (d Date) Weekday() time.Weekday { return weekday(d.days()) }

// AddDays returns the date n days after d (before it if n is negative).
func (d Date) AddDays(n int) Date { return dateOf(d.days() + int64(n)) }

// String returns d as "YYYY-MM-DD".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// MarshalText returns d as "YYYY-MM-DD"; it never fails.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses "YYYY-MM-DD"; see ParseDate for its errors.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// days returns the number of days from 1970-01-01 to d (proleptic Gregorian).
func (d Date) days() int64 { return daysFromCivil(int64(d.Year), int64(d.Month), int64(d.Day)) }

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
