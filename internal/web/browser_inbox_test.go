package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// TestBrowserTriage triages an inbox in real Chromium: filter on a
// department, tick several requests, assign them to a colleague in one go,
// see them in his name; with no JavaScript error.
func TestBrowserTriage(t *testing.T) {
	tab := newTab(t)
	s := newSite(t, storetest.Engines(t)[0])
	var billing []int64
	for _, subject := range []string{"Facture en double", "Avoir non reçu", "Relevé de compte"} {
		r := s.open(subject, "Bonjour")
		_, err := s.st.Handoff(ctx, s.marie, r.Number, desk.NewHandoff{ToDepartmentID: s.billing.ID, Reason: "facturation"})
		must(t, err)
		billing = append(billing, r.Number)
	}
	other := s.open("Colis perdu", "Où est mon colis?")
	checkConsole := watchConsole(t, tab)
	base := s.srv.URL
	signInTab(t, tab, base, "marie@guichet.example")

	t.Run("FilterOnADepartment", func(t *testing.T) {
		run(t, tab, chromedp.SetValue(chromedp.CSS(`form.filters select[name="dept"]`), itoa(s.billing.ID)),
			chromedp.Click(chromedp.CSS("form.filters button")),
			settled("location.search.includes('dept="+itoa(s.billing.ID)+"')"))
		if n := eval[int](t, tab, "document.querySelectorAll('table.requests tr.row').length"); n != 3 {
			t.Fatalf("%d rows, want Billing's 3", n)
		}
		if eval[bool](t, tab, `!!document.querySelector('tr.row[data-href="/requests/`+itoa(other.Number)+`"]')`) {
			t.Fatal("a front desk request is listed under Billing")
		}
	})
	t.Run("SelectSeveralAndAssignToAColleague", func(t *testing.T) {
		run(t, tab, chromedp.Click(chromedp.CSS("#sel-"+itoa(billing[0]))), chromedp.Click(chromedp.CSS("#sel-"+itoa(billing[2]))),
			chromedp.SetValue(chromedp.CSS("#bulk-action"), "assign"),
			chromedp.SetValue(chromedp.CSS(`#bulk select[name="agent"]`), itoa(s.paul.PersonID)),
			chromedp.Click(chromedp.CSS("#bulk fieldset.bulk button")),
			settled(flashSays("2 request(s) changed.")))
		for i, n := range billing {
			owner := text(t, tab, `tr.row[data-href="/requests/`+itoa(n)+`"] td:nth-child(5)`)
			if assigned := strings.Contains(owner, "Paul Gagnon"); assigned != (i != 1) {
				t.Fatalf("#%d owner %q", n, owner)
			}
		}
		if !eval[bool](t, tab, "location.search.includes('dept="+itoa(s.billing.ID)+"')") {
			t.Fatal("the bulk action did not return to the filtered inbox")
		}
	})
	t.Run("SearchWithTheSlashKey", func(t *testing.T) {
		run(t, tab, chromedp.KeyEvent("/"))
		if id := eval[string](t, tab, "document.activeElement.id"); id != "q" {
			t.Fatalf("/ focused %q", id)
		}
		if v := eval[string](t, tab, "document.activeElement.value"); v != "" {
			t.Fatalf("the key was typed into the search box: %q", v)
		}
		run(t, tab, chromedp.SendKeys(chromedp.CSS("#q"), "colis\n"), settled("location.search.includes('q=colis')"))
		if n := eval[int](t, tab, "document.querySelectorAll('table.requests tr.row').length"); n != 1 {
			t.Fatalf("search found %d rows", n)
		}
	})
	checkConsole()
}
