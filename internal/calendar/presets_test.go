package calendar

import (
	"strings"
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestEaster(t *testing.T) {
	known := map[int]string{
		2008: "2008-03-23", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2038: "2038-04-25", 2285: "2285-03-22", 1943: "1943-04-25",
	}
	for y, want := range known {
		if got := Easter(y).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestPresetLists(t *testing.T) {
	tests := []struct {
		name   string
		preset Preset
		year   int
		want   []string
	}{
		{"Québec 2025", PresetQuebec, 2025, []string{
			"2025-01-01 New Year's Day", "2025-04-18 Good Friday", "2025-04-21 Easter Monday",
			"2025-05-19 National Patriots' Day", "2025-06-24 Fête nationale du Québec (Saint-Jean-Baptiste Day)",
			"2025-07-01 Canada Day", "2025-09-01 Labour Day", "2025-10-13 Thanksgiving", "2025-12-25 Christmas Day"}},
		{"Québec 2018: June 24 and July 1 on Sundays move to Monday", PresetQuebec, 2018, []string{
			"2018-01-01 New Year's Day", "2018-03-30 Good Friday", "2018-04-02 Easter Monday",
			"2018-05-21 National Patriots' Day", "2018-06-25 Fête nationale du Québec (Saint-Jean-Baptiste Day)",
			"2018-07-02 Canada Day", "2018-09-03 Labour Day", "2018-10-08 Thanksgiving", "2018-12-25 Christmas Day"}},
		{"Québec 2022: Christmas on a Sunday stays put", PresetQuebec, 2022, []string{
			"2022-01-01 New Year's Day", "2022-04-15 Good Friday", "2022-04-18 Easter Monday",
			"2022-05-23 National Patriots' Day", "2022-06-24 Fête nationale du Québec (Saint-Jean-Baptiste Day)",
			"2022-07-01 Canada Day", "2022-09-05 Labour Day", "2022-10-10 Thanksgiving", "2022-12-25 Christmas Day"}},
		{"federal 2025", PresetCanada, 2025, []string{
			"2025-01-01 New Year's Day", "2025-04-18 Good Friday", "2025-05-19 Victoria Day", "2025-07-01 Canada Day",
			"2025-09-01 Labour Day", "2025-09-30 National Day for Truth and Reconciliation", "2025-10-13 Thanksgiving",
			"2025-11-11 Remembrance Day", "2025-12-25 Christmas Day", "2025-12-26 Boxing Day"}},
		{"federal 2021: Christmas and Boxing Day on the weekend move to Monday and Tuesday", PresetCanada, 2021, []string{
			"2021-01-01 New Year's Day", "2021-04-02 Good Friday", "2021-05-24 Victoria Day", "2021-07-01 Canada Day",
			"2021-09-06 Labour Day", "2021-09-30 National Day for Truth and Reconciliation", "2021-10-11 Thanksgiving",
			"2021-11-11 Remembrance Day", "2021-12-27 Christmas Day (observed)", "2021-12-28 Boxing Day (observed)"}},
		{"federal 2023: Saturday holidays move to Monday", PresetCanada, 2023, []string{
			"2023-01-02 New Year's Day (observed)", "2023-04-07 Good Friday", "2023-05-22 Victoria Day",
			"2023-07-03 Canada Day (observed)", "2023-09-04 Labour Day", "2023-10-02 National Day for Truth and Reconciliation (observed)",
			"2023-10-09 Thanksgiving", "2023-11-13 Remembrance Day (observed)", "2023-12-25 Christmas Day", "2023-12-26 Boxing Day"}},
		{"federal 2020: no Truth and Reconciliation Day yet", PresetCanada, 2020, []string{
			"2020-01-01 New Year's Day", "2020-04-10 Good Friday", "2020-05-18 Victoria Day", "2020-07-01 Canada Day",
			"2020-09-07 Labour Day", "2020-10-12 Thanksgiving", "2020-11-11 Remembrance Day",
			"2020-12-25 Christmas Day", "2020-12-28 Boxing Day (observed)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, err := Holidays(tt.preset, desk.English, tt.year, tt.year)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hs {
				got = append(got, h.Date.String()+" "+h.Name)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestPresetsAreNamedInFrenchByDefault(t *testing.T) {
	hs, err := Holidays(PresetQuebec, "", 2025, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if hs[0].Name != "Jour de l'An" || hs[4].Name != "Fête nationale du Québec" {
		t.Errorf("names = %q, %q", hs[0].Name, hs[4].Name)
	}
}

// A preset only fills the holiday list: a century of it makes a valid
// calendar, and removing one holiday opens that day.
func TestPresetFillsAnEditableList(t *testing.T) {
	s := officeSpec(t, "")
	hs, err := Holidays(PresetCanada, desk.French, 2000, 2099)
	if err != nil {
		t.Fatal(err)
	}
	s.Holidays = hs
	if _, err := New(s); err != nil {
		t.Fatalf("a century of federal holidays: %v", err)
	}
	boxing := Date{2025, time.December, 26}
	for i, h := range s.Holidays {
		if h.Date == boxing {
			s.Holidays = append(s.Holidays[:i], s.Holidays[i+1:]...)
			break
		}
	}
	if c := build(t, s); !c.IsBusinessDay(boxing) || c.IsBusinessDay(Date{2025, time.December, 25}) {
		t.Error("editing the preset's list did not change the calendar")
	}
}

func TestPresetBadInput(t *testing.T) {
	tests := []struct {
		name     string
		preset   Preset
		lang     desk.Language
		from, to int
		field    string
	}{
		{"unknown preset", "ontario", desk.English, 2025, 2025, "preset"},
		{"unknown language", PresetQuebec, "de", 2025, 2025, "language"},
		{"reversed years", PresetQuebec, desk.English, 2026, 2025, "years"},
		{"too early", PresetQuebec, desk.English, 1800, 1801, "years"},
		{"too late", PresetCanada, desk.English, 2999, 3000, "years"},
		{"too many years", PresetCanada, desk.English, 2000, 2100, "years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, err := Holidays(tt.preset, tt.lang, tt.from, tt.to)
			e := desk.AsError(err)
			if hs != nil || e == nil || e.Code != desk.CodeInvalid || e.Field != tt.field {
				t.Errorf("got %v, %v; want an invalid %q", hs, err, tt.field)
			}
		})
	}
}
