package calendar

import (
	"cmp"
	"slices"
	"time"

	"guichet/internal/desk"
)

// Preset names a list of statutory holidays computed by rule for any year.
type Preset string

// The holiday presets. Each reflects the law as it stands, applied to every
// year asked for (the National Day for Truth and Reconciliation from 2021).
// A preset only fills Spec.Holidays: edit the list like any other afterwards.
const (
	// PresetQuebec is the Québec list (Act respecting labour standards, s. 60,
	// and National Holiday Act), for employers under Québec law: New Year's
	// Day; Good Friday and Easter Monday (the law lets the employer choose one;
	// the preset lists both, as the Québec public service observes them, so
	// delete the one you work); National Patriots' Day (the Monday before May
	// 25); the Fête nationale, June 24, or June 25 when the 24th is a Sunday;
	// Canada Day, July 1, or July 2 when the 1st is a Sunday; Labour Day (first
	// Monday of September); Thanksgiving (second Monday of October); Christmas
	// Day. No other holiday moves when it falls on a weekend.
	PresetQuebec Preset = "quebec"

	// PresetCanada is the federal list (Canada Labour Code general holidays),
	// for federally regulated employers: New Year's Day; Good Friday; Victoria
	// Day (the Monday before May 25); Canada Day; Labour Day; the National Day
	// for Truth and Reconciliation (September 30, from 2021); Thanksgiving;
	// Remembrance Day (November 11); Christmas Day; Boxing Day. When New Year's
	// Day, Canada Day, the National Day for Truth and Reconciliation,
	// Remembrance Day, Christmas Day or Boxing Day falls on a Saturday or
	// Sunday (the Code's s. 195 substitution), the next weekday that is not
	// already a holiday is listed instead, named "(observed)".
	PresetCanada Preset = "canada"
)

// Presets returns the known presets.
func Presets() []Preset { return []Preset{PresetQuebec, PresetCanada} }

// MaxPresetYears bounds the years one call to Holidays computes.
const MaxPresetYears = 100

// Holidays returns the holidays of preset p from year `from` to year `to`
// (both included), sorted by date, named in lang (fr-CA or en; empty is
// fr-CA). It returns a CodeInvalid *desk.Error on field "preset" for an
// unknown preset, "language" for an unknown language, or "years" for a range
// that is reversed, outside MinYear–MaxYear or longer than MaxPresetYears.
func Holidays(p Preset, lang desk.Language, from, to int) ([]Holiday, error) {
	if !slices.Contains(Presets(), p) {
		return nil, desk.Invalid("preset", "unknown holiday preset %q; use quebec or canada", p)
	}
	if lang == "" {
		lang = desk.French
	}
	if lang != desk.French && lang != desk.English {
		return nil, desk.Invalid("language", "must be fr-CA or en")
	}
	switch {
	case from < MinYear || to > MaxYear:
		return nil, desk.Invalid("years", "years must be between %d and %d", MinYear, MaxYear)
	case from > to:
		return nil, desk.Invalid("years", "the first year %d is after the last %d", from, to)
	case to-from >= MaxPresetYears:
		return nil, desk.Invalid("years", "at most %d years at a time", MaxPresetYears)
	}
	var out []Holiday
	for y := from; y <= to; y++ {
		for _, h := range yearHolidays(p, y) {
			out = append(out, Holiday{Date: h.date, Name: h.name.in(lang)})
		}
	}
	return out, nil
}

// name is a holiday's name in both languages.
type name struct{ en, fr string }

func (n name) in(lang desk.Language) string {
	if lang == desk.English {
		return n.en
	}
	return n.fr
}

// observedName marks a holiday moved off a weekend.
func (n name) observed() name { return name{n.en + " (observed)", n.fr + " (reporté)"} }

type dated struct {
	date Date
	name name
}

var (
	newYear       = name{"New Year's Day", "Jour de l'An"}
	goodFriday    = name{"Good Friday", "Vendredi saint"}
	easterMonday  = name{"Easter Monday", "Lundi de Pâques"}
	patriots      = name{"National Patriots' Day", "Journée nationale des patriotes"}
	victoria      = name{"Victoria Day", "Fête de Victoria"}
	fetenationale = name{"Fête nationale du Québec (Saint-Jean-Baptiste Day)", "Fête nationale du Québec"}
	canadaDay     = name{"Canada Day", "Fête du Canada"}
	labourDay     = name{"Labour Day", "Fête du Travail"}
	truthDay      = name{"National Day for Truth and Reconciliation", "Journée nationale de la vérité et de la réconciliation"}
	thanksgiving  = name{"Thanksgiving", "Action de grâce"}
	remembrance   = name{"Remembrance Day", "Jour du Souvenir"}
	christmas     = name{"Christmas Day", "Noël"}
	boxingDay     = name{"Boxing Day", "Lendemain de Noël"}
)

// yearHolidays returns the holidays of p in year y, sorted by date.
func yearHolidays(p Preset, y int) []dated {
	easter := Easter(y)
	if p == PresetQuebec {
		return []dated{
			{Date{y, time.January, 1}, newYear},
			{easter.AddDays(-2), goodFriday},
			{easter.AddDays(1), easterMonday},
			{mondayBefore(Date{y, time.May, 25}), patriots},
			{unlessSunday(Date{y, time.June, 24}), fetenationale},
			{unlessSunday(Date{y, time.July, 1}), canadaDay},
			{nthMonday(y, time.September, 1), labourDay},
			{nthMonday(y, time.October, 2), thanksgiving},
			{Date{y, time.December, 25}, christmas},
		}
	}
	list := []dated{
		{Date{y, time.January, 1}, newYear},
		{easter.AddDays(-2), goodFriday},
		{mondayBefore(Date{y, time.May, 25}), victoria},
		{Date{y, time.July, 1}, canadaDay},
		{nthMonday(y, time.September, 1), labourDay},
	}
	if y >= 2021 {
		list = append(list, dated{Date{y, time.September, 30}, truthDay})
	}
	list = append(list,
		dated{nthMonday(y, time.October, 2), thanksgiving},
		dated{Date{y, time.November, 11}, remembrance},
		dated{Date{y, time.December, 25}, christmas},
		dated{Date{y, time.December, 26}, boxingDay},
	)
	return observeFederal(list)
}

// observeFederal moves New Year's Day, Canada Day, the National Day for Truth
// and Reconciliation, Remembrance Day, Christmas Day and Boxing Day off a
// weekend to the next weekday not already a holiday.
func observeFederal(list []dated) []dated {
	taken := map[Date]bool{}
	for _, h := range list {
		taken[h.date] = true
	}
	for i, h := range list {
		switch h.name {
		case newYear, canadaDay, truthDay, remembrance, christmas, boxingDay:
		default:
			continue
		}
		d := h.date
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || (d != h.date && taken[d]) {
			d = d.AddDays(1)
		}
		if d != h.date {
			list[i] = dated{d, h.name.observed()}
			taken[d] = true
		}
	}
	slices.SortFunc(list, func(a, b dated) int { return cmp.Compare(a.date.days(), b.date.days()) })
	return list
}

// Easter returns the date of Easter Sunday in year y (Gregorian computus,
// the anonymous algorithm of Meeus, Jones and Butcher).
func Easter(y int) Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{y, time.Month(month), day}
}

// mondayBefore returns the last Monday strictly before d.
func mondayBefore(d Date) Date {
	back := (int(d.Weekday()) - int(time.Monday) + 7) % 7
	if back == 0 {
		back = 7
	}
	return d.AddDays(-back)
}

// nthMonday returns the n-th Monday of month m of year y.
func nthMonday(y int, m time.Month, n int) Date {
	first := Date{y, m, 1}
	ahead := (int(time.Monday) - int(first.Weekday()) + 7) % 7
	return first.AddDays(ahead + 7*(n-1))
}

// unlessSunday returns d, or the next day when d is a Sunday.
func unlessSunday(d Date) Date {
	if d.Weekday() == time.Sunday {
		return d.AddDays(1)
	}
	return d
}
