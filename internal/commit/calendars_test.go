package commit

import (
	"testing"

	"guichet/internal/calendar"
	"guichet/internal/desk"
)

func TestDefaultCalendar(t *testing.T) {
	c := DefaultCalendar(2025)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.TimeZone != "America/Montreal" || !c.Default || len(c.Holidays) != 12*9 {
		t.Fatalf("default calendar: zone %s, default %v, %d holidays", c.TimeZone, c.Default, len(c.Holidays))
	}
	cal, err := calendar.New(c.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsBusinessDay(calendar.Date{Year: 2025, Month: 6, Day: 24}) {
		t.Error("the Fête nationale must be a holiday")
	}
}

func TestCalendarValidate(t *testing.T) {
	office := calendar.Weekdays(calendar.Interval{Start: calendar.At(9, 0), End: calendar.At(17, 0)})
	tests := []struct {
		name  string
		c     Calendar
		field string
	}{
		{"name required", Calendar{Spec: calendar.Spec{Hours: office}}, "name"},
		{"empty week", Calendar{Spec: calendar.Spec{Name: "x"}}, "hours"},
		{"overlapping hours", Calendar{Spec: calendar.Spec{Name: "x", Hours: calendar.Weekdays(
			calendar.Interval{Start: calendar.At(9, 0), End: calendar.At(12, 0)},
			calendar.Interval{Start: calendar.At(11, 0), End: calendar.At(17, 0)})}}, "hours.monday[1]"},
		{"department twice", Calendar{Spec: calendar.Spec{Name: "x", Hours: office}, DepartmentIDs: []int64{2, 2}}, "department_ids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := desk.AsError(tt.c.Validate()); e == nil || e.Code != desk.CodeInvalid || e.Field != tt.field {
				t.Fatalf("Validate = %v, want invalid %s", e, tt.field)
			}
		})
	}
	t.Run("PresetKeepsExistingDates", func(t *testing.T) {
		s := calendar.Spec{Holidays: []calendar.Holiday{{Date: calendar.Date{Year: 2025, Month: 12, Day: 25}, Name: "Noël au bureau"}}}
		if err := ApplyPreset(&s, calendar.PresetCanada, desk.English, 2025, 2025); err != nil {
			t.Fatal(err)
		}
		if len(s.Holidays) != 10 {
			t.Fatalf("%d holidays", len(s.Holidays))
		}
		for _, h := range s.Holidays {
			if h.Date.Month == 12 && h.Date.Day == 25 && h.Name != "Noël au bureau" {
				t.Fatalf("the calendar's own entry was replaced: %+v", h)
			}
		}
		if e := desk.AsError(ApplyPreset(&s, "ontario", desk.English, 2025, 2025)); e == nil || e.Field != "preset" {
			t.Fatalf("unknown preset: %v", e)
		}
	})
}
