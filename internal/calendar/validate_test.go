package calendar

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestNewRefusesBadInput(t *testing.T) {
	ok := func() Spec { return officeSpec(t, "America/Montreal") }
	day := Date{2025, time.June, 24}
	tests := []struct {
		name  string
		edit  func(*Spec)
		field string
	}{
		{"unknown time zone", func(s *Spec) { s.TimeZone = "America/Montréal" }, "time_zone"},
		{"Local time zone", func(s *Spec) { s.TimeZone = "Local" }, "time_zone"},
		{"path as a time zone", func(s *Spec) { s.TimeZone = "../../etc/passwd" }, "time_zone"},
		{"no business hours at all", func(s *Spec) { s.Hours = Week{} }, "hours"},
		{"overlapping intervals", func(s *Spec) { s.Hours[time.Monday] = hours(t, "08:00-12:00", "11:00-17:00") }, "hours.monday[1]"},
		{"unordered intervals", func(s *Spec) { s.Hours[time.Tuesday] = hours(t, "13:00-17:00", "08:30-12:00") }, "hours.tuesday[1]"},
		{"empty interval", func(s *Spec) { s.Hours[time.Friday] = hours(t, "09:00-09:00") }, "hours.friday[0]"},
		{"reversed interval", func(s *Spec) { s.Hours[time.Sunday] = hours(t, "17:00-09:00") }, "hours.sunday[0]"},
		{"interval starting at 24:00", func(s *Spec) { s.Hours[time.Saturday] = []Interval{{MaxClock, MaxClock}} }, "hours.saturday[0]"},
		{"interval past midnight", func(s *Spec) { s.Hours[time.Saturday] = []Interval{{At(22, 0), At(25, 0)}} }, "hours.saturday[0]"},
		{"negative clock", func(s *Spec) { s.Hours[time.Saturday] = []Interval{{-30, At(1, 0)}} }, "hours.saturday[0]"},
		{"too many intervals", func(s *Spec) {
			var many []Interval
			for h := range 13 {
				many = append(many, Interval{At(h, 0), At(h, 30)})
			}
			s.Hours[time.Monday] = many
		}, "hours.monday"},
		{"30 February", func(s *Spec) { s.Holidays = []Holiday{{Date: Date{2025, time.February, 30}}} }, "holidays[0].date"},
		{"month 13", func(s *Spec) { s.Holidays = []Holiday{{Date: Date{2025, 13, 1}}} }, "holidays[0].date"},
		{"zero date", func(s *Spec) { s.Holidays = []Holiday{{Name: "Someday"}} }, "holidays[0].date"},
		{"year 3000", func(s *Spec) { s.Exceptions = []Exception{{Date: Date{3000, 1, 1}, Closed: true}} }, "exceptions[0].date"},
		{"duplicate holiday", func(s *Spec) { s.Holidays = []Holiday{{Date: day}, {Date: day.AddDays(7)}, {Date: day}} }, "holidays[2].date"},
		{"duplicate exception", func(s *Spec) {
			s.Exceptions = []Exception{{Date: day, Closed: true}, {Date: day, Hours: hours(t, "09:00-12:00")}}
		}, "exceptions[1].date"},
		{"exception closed with hours", func(s *Spec) {
			s.Exceptions = []Exception{{Date: day, Closed: true, Hours: hours(t, "09:00-12:00")}}
		}, "exceptions[0].hours"},
		{"exception neither closed nor open", func(s *Spec) { s.Exceptions = []Exception{{Date: day, Name: "?"}} }, "exceptions[0].hours"},
		{"exception with overlapping hours", func(s *Spec) {
			s.Exceptions = []Exception{{Date: day, Hours: hours(t, "09:00-12:00", "10:00-11:00")}}
		}, "exceptions[0].hours[1]"},
		{"holiday name too long", func(s *Spec) { s.Holidays = []Holiday{{Date: day, Name: strings.Repeat("é", 201)}} }, "holidays[0].name"},
		{"calendar name not UTF-8", func(s *Spec) { s.Name = "caf\xe9" }, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok()
			tt.edit(&s)
			c, err := New(s)
			e := desk.AsError(err)
			if c != nil || e == nil || e.Code != desk.CodeInvalid || e.Field != tt.field {
				t.Fatalf("New = %v, %v; want an invalid %q and no calendar", c, err, tt.field)
			}
			if e.Message == "" {
				t.Error("no message for the user")
			}
		})
	}
}

func TestNewAcceptsAndNormalises(t *testing.T) {
	s := officeSpec(t, "")
	s.Name = "  Service à la clientèle  "
	s.Hours[time.Saturday] = hours(t, "08:00-12:00", "12:00-13:00") // touching is fine
	s.Holidays = []Holiday{{Date: Date{2025, time.June, 24}, Name: " Fête nationale "}}
	s.Exceptions = []Exception{{Date: Date{2025, time.June, 24}, Hours: hours(t, "09:00-12:00")}}
	c := build(t, s)
	got := c.Spec()
	if got.TimeZone != DefaultTimeZone || got.Name != "Service à la clientèle" || got.Holidays[0].Name != "Fête nationale" {
		t.Errorf("not normalised: %+v", got)
	}
	if c.Location().String() != DefaultTimeZone {
		t.Errorf("location %s", c.Location())
	}
	// Touching intervals count as one: the Saturday runs 08:00 to 13:00 unbroken.
	start := ts(t, "2025-06-14 11:00 -0400")
	sameInstant(t, c.Add(start, 90*time.Minute), ts(t, "2025-06-14 12:30 -0400"))
}

// The calendar keeps its own copy: editing the Spec after New changes nothing.
func TestNewCopiesItsSpec(t *testing.T) {
	s := officeSpec(t, "America/Montreal")
	s.Holidays = []Holiday{{Date: Date{2025, time.June, 24}}}
	c := build(t, s)
	s.Hours[time.Monday][0].Start = At(6, 0)
	s.Holidays[0].Date = Date{2025, time.June, 25}
	if !c.IsBusinessDay(Date{2025, time.June, 25}) || c.IsBusinessDay(Date{2025, time.June, 24}) {
		t.Error("editing the holidays after New changed the calendar")
	}
	if c.IsOpen(ts(t, "2025-06-16 07:00 -0400")) || c.Spec().Hours[time.Monday][0].Start != At(8, 30) {
		t.Error("editing the hours after New changed the calendar")
	}
}

func TestSpecJSON(t *testing.T) {
	in := `{"name":"Support","time_zone":"Europe/Paris",
		"hours":{"monday":[{"start":"08:30","end":"12:00"},{"start":"13:00","end":"24:00"}],"Friday":[{"start":"09:00","end":"17:00"}]},
		"holidays":[{"date":"2025-12-25","name":"Noël"}],
		"exceptions":[{"date":"2025-12-24","closed":false,"hours":[{"start":"09:00","end":"12:00"}]}]}`
	var s Spec
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	c := build(t, s)
	out, err := json.Marshal(c.Spec())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"Support","time_zone":"Europe/Paris","hours":{"monday":[{"start":"08:30","end":"12:00"},{"start":"13:00","end":"24:00"}],` +
		`"tuesday":[],"wednesday":[],"thursday":[],"friday":[{"start":"09:00","end":"17:00"}],"saturday":[],"sunday":[]},` +
		`"holidays":[{"date":"2025-12-25","name":"Noël"}],"exceptions":[{"date":"2025-12-24","closed":false,"hours":[{"start":"09:00","end":"12:00"}]}]}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestSpecJSONBadInput(t *testing.T) {
	tests := []struct{ name, json, field string }{
		{"unknown day", `{"hours":{"lundi":[{"start":"08:30","end":"12:00"}]}}`, "hours"},
		{"clock without leading zero", `{"hours":{"monday":[{"start":"8:30","end":"12:00"}]}}`, "hours"},
		{"clock past 24:00", `{"hours":{"monday":[{"start":"08:30","end":"24:01"}]}}`, "hours"},
		{"clock with 60 minutes", `{"hours":{"monday":[{"start":"08:60","end":"12:00"}]}}`, "hours"},
		{"impossible date", `{"holidays":[{"date":"2025-02-29"}]}`, "date"},
		{"date with a time", `{"holidays":[{"date":"2025-06-24T00:00:00Z"}]}`, "date"},
		{"date before 1900", `{"holidays":[{"date":"1899-12-31"}]}`, "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Spec
			err := json.Unmarshal([]byte(tt.json), &s)
			if e := desk.AsError(err); e == nil || e.Code != desk.CodeInvalid || e.Field != tt.field {
				t.Errorf("got %v; want an invalid %q", err, tt.field)
			}
		})
	}
}

func TestParseInterval(t *testing.T) {
	iv, err := ParseInterval("08:30 - 24:00")
	if err != nil || iv != (Interval{At(8, 30), MaxClock}) || iv.String() != "08:30-24:00" {
		t.Errorf("got %v, %v", iv, err)
	}
	for _, bad := range []string{"", "08:30", "08:30-", "0830-1200", "ab:cd-12:00", "08:30-12:00-13:00"} {
		if _, err := ParseInterval(bad); desk.ErrorCode(err) != desk.CodeInvalid {
			t.Errorf("ParseInterval(%q) = %v, want invalid", bad, err)
		}
	}
}

// Validate is what the store calls before saving a Spec: it normalises in
// place and refuses what New refuses.
func TestSpecValidate(t *testing.T) {
	s := officeSpec(t, " ")
	if err := s.Validate(); err != nil || s.TimeZone != DefaultTimeZone {
		t.Fatalf("Validate = %v, time zone %q", err, s.TimeZone)
	}
	many := make([]Holiday, MaxHolidays+1)
	for i := range many {
		many[i].Date = Date{2000, 1, 1}.AddDays(i)
	}
	s.Holidays = many
	if e := desk.AsError(s.Validate()); e == nil || e.Field != "holidays" {
		t.Errorf("too many holidays: %v", e)
	}
	s.Holidays = nil
	s.Exceptions = make([]Exception, MaxExceptions+1)
	if e := desk.AsError(s.Validate()); e == nil || e.Field != "exceptions" {
		t.Errorf("too many exceptions: %v", e)
	}
	s.Exceptions = []Exception{{Date: Date{2025, 1, 2}, Closed: true, Name: "caf\xe9"}}
	if e := desk.AsError(s.Validate()); e == nil || e.Field != "exceptions[0].name" {
		t.Errorf("bad exception name: %v", e)
	}
}
