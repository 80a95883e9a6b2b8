package commit

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/desk"
)

// Calendar is a stored business calendar: a calendar.Spec (name, time zone,
// hours, holidays, exceptions), whether it is the default calendar, and the
// departments whose calendar it is. A department counts its service
// standards and agreements on its calendar, else on the default one.
type Calendar struct {
	ID int64 `json:"id"`
	calendar.Spec
	Default       bool      `json:"default"`
	DepartmentIDs []int64   `json:"department_ids"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Validate normalises c and reports its first invalid field: a name of 1–200
// characters, a valid spec (see calendar.Spec.Validate: time zone, hours that
// neither overlap nor leave the week empty, dates), department ids listed once.
func (c *Calendar) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	if err := checkText("name", c.Name, 1, 200); err != nil {
		return err
	}
	if err := c.Spec.Validate(); err != nil {
		return err
	}
	if c.Holidays == nil {
		c.Holidays = []calendar.Holiday{}
	}
	if c.Exceptions == nil {
		c.Exceptions = []calendar.Exception{}
	}
	if c.DepartmentIDs == nil {
		c.DepartmentIDs = []int64{}
	}
	slices.Sort(c.DepartmentIDs)
	for i, id := range c.DepartmentIDs {
		if id <= 0 || i > 0 && id == c.DepartmentIDs[i-1] {
			return desk.Invalid("department_ids", "must list department ids, each once")
		}
	}
	return nil
}

// ApplyPreset adds to s the holidays of preset p (see calendar.Holidays) for
// the years from to to, named in lang; a date s already lists keeps its
// entry. Errors are those of calendar.Holidays, on field "preset" or "years".
func ApplyPreset(s *calendar.Spec, p calendar.Preset, lang desk.Language, from, to int) error {
	hs, err := calendar.Holidays(p, lang, from, to)
	if err != nil {
		return err
	}
	have := make(map[calendar.Date]bool, len(s.Holidays))
	for _, h := range s.Holidays {
		have[h.Date] = true
	}
	for _, h := range hs {
		if !have[h.Date] {
			s.Holidays = append(s.Holidays, h)
		}
	}
	slices.SortFunc(s.Holidays, func(a, b calendar.Holiday) int { return compareDates(a.Date, b.Date) })
	return nil
}

// DefaultCalendar returns the calendar Guichet starts with: America/Montreal,
// Monday to Friday 08:30–17:00, with the Québec holidays from the year before
// year to ten years after it.
func DefaultCalendar(year int) Calendar {
	c := Calendar{Spec: calendar.Spec{
		Name:     "Heures de bureau",
		TimeZone: calendar.DefaultTimeZone,
		Hours:    calendar.Weekdays(calendar.Interval{Start: calendar.At(8, 30), End: calendar.At(17, 0)}),
	}, Default: true}
	_ = ApplyPreset(&c.Spec, calendar.PresetQuebec, desk.French, year-1, year+10) // valid by construction
	return c
}

// compareDates orders dates.
func compareDates(a, b calendar.Date) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day))
}
