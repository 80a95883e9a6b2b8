package calendar

import (
	"encoding/json"
	"strings"
	"time"

	"guichet/internal/desk"
)

// DefaultTimeZone is the time zone of a Spec that names none.
const DefaultTimeZone = "America/Montreal"

// Spec is the editable definition of a business calendar, as stored and as
// exchanged through the API. Build a Calendar from it with New.
type Spec struct {
	Name       string      `json:"name,omitempty"`
	TimeZone   string      `json:"time_zone"` // IANA name; empty means DefaultTimeZone
	Hours      Week        `json:"hours"`
	Holidays   []Holiday   `json:"holidays"`
	Exceptions []Exception `json:"exceptions"`
}

// Week holds the business hours of each day of the week, indexed by
// time.Weekday (Week[time.Monday] is Monday's). A day without intervals is
// closed. In JSON it is an object keyed by lowercase English day names.
type Week [7][]Interval

// Weekdays returns a week open Monday to Friday with the given intervals each
// day and closed on the weekend.
func Weekdays(hours ...Interval) Week {
	var w Week
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = append([]Interval(nil), hours...)
	}
	return w
}

// EveryDay returns a week open every day with the given intervals.
func EveryDay(hours ...Interval) Week {
	var w Week
	for d := range w {
		w[d] = append([]Interval(nil), hours...)
	}
	return w
}

// dayKeys are the JSON keys of a Week, in time.Weekday order.
var dayKeys = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// weekJSON fixes the order of a Week's keys in JSON, Monday first.
type weekJSON struct {
	Monday    []Interval `json:"monday"`
	Tuesday   []Interval `json:"tuesday"`
	Wednesday []Interval `json:"wednesday"`
	Thursday  []Interval `json:"thursday"`
	Friday    []Interval `json:"friday"`
	Saturday  []Interval `json:"saturday"`
	Sunday    []Interval `json:"sunday"`
}

// MarshalJSON returns w as an object with every day, closed days as [].
func (w Week) MarshalJSON() ([]byte, error) {
	nonNil := func(d time.Weekday) []Interval {
		if w[d] == nil {
			return []Interval{}
		}
		return w[d]
	}
	return json.Marshal(weekJSON{
		nonNil(time.Monday), nonNil(time.Tuesday), nonNil(time.Wednesday), nonNil(time.Thursday),
		nonNil(time.Friday), nonNil(time.Saturday), nonNil(time.Sunday),
	})
}

// UnmarshalJSON reads an object keyed by day name; a missing day is closed. An
// unknown key is a CodeInvalid *desk.Error on field "hours".
func (w *Week) UnmarshalJSON(b []byte) error {
	var m map[string][]Interval
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	var out Week
	for k, v := range m {
		d := weekdayByName(k)
		if d < 0 {
			return desk.Invalid("hours", "unknown day %q; use monday … sunday", k)
		}
		out[d] = v
	}
	*w = out
	return nil
}

// weekdayByName returns the weekday named (in English, any case), or -1.
func weekdayByName(s string) time.Weekday {
	for i, k := range dayKeys {
		if strings.EqualFold(s, k) {
			return time.Weekday(i)
		}
	}
	return -1
}

// Holiday is a date on which the desk is closed, whatever the weekly hours.
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name,omitempty"`
}

// Exception gives one date its own hours, or closes it: Closed with no Hours,
// or Hours with Closed false. It wins over the weekly hours and the holidays.
type Exception struct {
	Date   Date       `json:"date"`
	Name   string     `json:"name,omitempty"`
	Closed bool       `json:"closed"`
	Hours  []Interval `json:"hours,omitempty"`
}

// clone returns a deep copy of s, so that a Calendar never shares slices with
// its caller.
func (s Spec) clone() Spec {
	out := s
	for d := range s.Hours {
		out.Hours[d] = cloneHours(s.Hours[d])
	}
	out.Holidays = append([]Holiday{}, s.Holidays...)
	out.Exceptions = make([]Exception, len(s.Exceptions))
	for i, e := range s.Exceptions {
		e.Hours = cloneHours(e.Hours)
		out.Exceptions[i] = e
	}
	return out
}

func cloneHours(h []Interval) []Interval {
	if h == nil {
		return nil
	}
	return append([]Interval{}, h...)
}
