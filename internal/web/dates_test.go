package web

import (
	"fmt"
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestFormatDue(t *testing.T) {
	cats, err := loadCatalogues()
	must(t, err)
	wednesday := func(year, month int) time.Time { // the first of the month
		d := time.Date(year, time.Month(month), 1, 10, 0, 0, 0, time.Local)
		for d.Weekday() != time.Wednesday {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	wed, later := wednesday(time.Now().Year(), 3), wednesday(time.Now().Year()+1, 12).Add(7*time.Hour+5*time.Minute)
	for _, c := range []struct {
		lang desk.Language
		at   time.Time
		want string
	}{
		{desk.English, wed, fmt.Sprintf("Wed\u00a0Mar\u00a0%d, 10:00", wed.Day())},
		{desk.French, wed, fmt.Sprintf("mer.\u00a0%d\u00a0mars, 10\u00a0h\u00a000", wed.Day())},
		{desk.English, later, fmt.Sprintf("Wed\u00a0Dec\u00a0%d %d, 17:05", later.Day(), later.Year())},
		{desk.French, later, fmt.Sprintf("mer.\u00a0%d\u00a0déc. %d, 17\u00a0h\u00a005", later.Day(), later.Year())},
	} {
		if got := formatDue(cats[c.lang], c.at); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.lang, c.at, got, c.want)
		}
	}
}
