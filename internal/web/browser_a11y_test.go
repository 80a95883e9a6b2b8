package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// axeViolation is one serious or critical finding of axe-core on a page.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun runs axe-core (vendored in testdata/axe) on the tab's page and
// returns its serious and critical violations.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  return JSON.stringify(r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
    .map(function (v) { return {id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + " — " + (n.failureSummary || ""); })}; }));
})`

// checkA11y injects axe-core into the page (DevTools evaluation is not bound
// by the page's Content-Security-Policy), opens folded sections and fails on
// any serious or critical violation.
func checkA11y(t *testing.T, tab context.Context, axe, page string) {
	t.Helper()
	if !eval[bool](t, tab, "typeof axe !== 'undefined'") {
		run(t, tab, func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](axe+";true")(ctx, tgt)
			return chromedp.Void{}, err
		})
	}
	// Folded forms (details) are checked open.
	run(t, tab, chromedp.Evaluate[chromedp.Void]("document.querySelectorAll('details').forEach(function (d) { d.open = true; })"))
	out, err := chromedp.Run(tab, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range vs {
		t.Errorf("%s: %s (%s): %s\n  %s", page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
}

// signInTab signs in on the tab's sign-in page and waits for the inbox.
func signInTab(t *testing.T, tab context.Context, base, email string) {
	t.Helper()
	run(t, tab, chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.stack button.primary")),
		settled("document.querySelector('#inbox-title')"))
}

// TestBrowserAccessibility runs axe-core on every main page, in English and
// French, with no serious or critical violation allowed.
func TestBrowserAccessibility(t *testing.T) {
	tab := newTab(t)
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	must(t, err)
	axe := string(b)
	s := newSite(t, storetest.Engines(t)[0])
	admin := s.adminBrowser() // makes Ada an admin
	_ = admin
	must(t, s.st.SetServiceHours(ctx, desk.SystemActor, s.billing.ID, "Lun–ven 8 h 30 à 16 h 30"))
	r := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
	_, err = s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Visibility: desk.Internal, Body: "Client fidèle."})
	must(t, err)
	_, err = s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Body: "Nous envoyons un remplacement."})
	must(t, err)
	org := desk.Organisation{Name: "École Soleil", Domain: "ecole-soleil.example"}
	must(t, s.st.CreateOrganisation(ctx, desk.SystemActor, &org))
	_, err = s.st.CreateToken(ctx, s.paul.PersonID, "tableur")
	must(t, err)
	// Commitments: a Billing request under a standard that consulted the front
	// desk (Ada's department: she may answer) and has a promise.
	withCommitments(t, s)
	owed, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: "Facture en double", Body: "Deux factures.",
		RequesterEmail: "julie@ecole-soleil.example", DepartmentID: s.billing.ID})
	must(t, err)
	_, err = s.st.OpenConsult(ctx, s.paul, owed.Number, commit.NewConsult{ToDepartmentID: s.frontDesk.ID, Question: "Qui a appelé ?"})
	must(t, err)
	_, err = s.st.MakePromise(ctx, s.paul, owed.Number, commit.NewPromise{Text: "Je vous rappelle jeudi.", DueAt: time.Now().Add(48 * time.Hour)})
	must(t, err)
	checkConsole := watchConsole(t, tab)
	base := s.srv.URL

	run(t, tab, chromedp.Navigate(base+"/login"), settled("document.getElementById('email')"))
	checkA11y(t, tab, axe, "sign-in")
	signInTab(t, tab, base, "ada@guichet.example")
	pages := []string{"/inbox", "/inbox?status=waiting_department", "/inbox?sort=due", "/requests/" + itoa(r.Number),
		"/requests/" + itoa(owed.Number), "/directory", "/directory?for=" + itoa(r.Number) + "&q=refund",
		"/people?q=julie", "/people/" + itoa(r.RequesterID), "/admin/departments", "/admin/departments/" + itoa(s.billing.ID),
		"/admin/agents", "/admin/agents/" + itoa(s.paul.PersonID), "/admin/organisations", "/admin/organisations/" + itoa(org.ID),
		"/admin/tokens", "/notifications"}
	for _, lang := range []string{"en", "fr-CA"} {
		if lang == "fr-CA" {
			run(t, tab, chromedp.Click(chromedp.CSS(`[data-testid="lang-switch"]`)), settled("document.documentElement.lang === 'fr-CA'"))
		}
		for _, p := range pages {
			run(t, tab, chromedp.Navigate(base+p), settled("document.querySelector('main')"))
			checkA11y(t, tab, axe, fmt.Sprintf("%s (%s)", p, lang))
		}
	}
	checkConsole()
}
