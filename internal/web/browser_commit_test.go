package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// target parses a target ("4h", "2d"), failing the test if it is not one.
func target(t testing.TB, v string) commit.Target {
	t.Helper()
	tg, err := commit.ParseTarget("target", v)
	must(t, err)
	return tg
}

// withCommitments gives site s a service standard for Billing and an
// agreement by which Shipping answers Billing within a business day, and
// returns a Shipping agent (Jean).
func withCommitments(t *testing.T, s *site) desk.Actor {
	t.Helper()
	std := commit.Standard{Name: "Billing within the day", Active: true, Conditions: commit.Conditions{DepartmentID: &s.billing.ID},
		FirstResponse: target(t, "4h"), NextResponse: target(t, "2h"), Resolution: target(t, "2d")}
	must(t, s.st.CreateStandard(ctx, desk.SystemActor, &std))
	ag := commit.Agreement{Name: "Shipping → Billing", ProviderDepartmentID: s.shipping.ID, CustomerDepartmentID: &s.billing.ID,
		Response: target(t, "2h"), Resolution: target(t, "1d"), Active: true}
	must(t, s.st.CreateAgreement(ctx, desk.SystemActor, &ag))
	return s.newAgent("Jean Côté", "jean@guichet.example", s.shipping.ID)
}

// TestBrowserCommitments works a request's commitments in real Chromium:
// Paul (Billing) consults Shipping and promises a follow-up, then keeps it;
// Jean finds the consult in Shipping's "waiting on others" queue and answers
// it from the request page; Paul's page follows without folding what he had
// opened. No JavaScript error on either side.
func TestBrowserCommitments(t *testing.T) {
	paul, jean := newTab(t), newTab(t)
	s := newSite(t, storetest.Engines(t)[0])
	withCommitments(t, s)
	r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: "Facture en double", Body: "Deux factures.",
		RequesterEmail: "julie@ecole-soleil.example", DepartmentID: s.billing.ID})
	must(t, err)
	base, path := s.srv.URL, "/requests/"+itoa(r.Number)
	checkPaul, checkJean := watchConsole(t, paul), watchConsole(t, jean)
	signInTab(t, paul, base, "paul@guichet.example")
	run(t, paul, chromedp.Navigate(base+path), settled("document.getElementById('commitments')"))

	t.Run("TheStandardAndItsClocksShow", func(t *testing.T) {
		if got := text(t, paul, `[data-testid="standard"]`); got != "Billing within the day" {
			t.Fatalf("standard %q", got)
		}
		if got := text(t, paul, `[data-testid="clock-first_response"] .clock-name`); got != "First response" {
			t.Fatalf("first clock %q", got)
		}
	})
	t.Run("ConsultShipping", func(t *testing.T) {
		run(t, paul, chromedp.Click(chromedp.CSS("#consults details.add summary")),
			chromedp.SetValue(chromedp.CSS("#consult-dept"), itoa(s.shipping.ID)),
			chromedp.SendKeys(chromedp.CSS("#consult-question"), "Le colis 4471 est-il parti ?"),
			chromedp.Click(chromedp.CSS(".consult-form button")),
			settled(flashSays("Shipping was consulted")))
		if got := text(t, paul, `[data-testid="waiting-on"]`); !strings.HasPrefix(got, "Waiting on Shipping until") {
			t.Fatalf("header says %q", got)
		}
		if got := text(t, paul, `[data-testid="consult"] .consult-q`); got != "Le colis 4471 est-il parti ?" {
			t.Fatalf("consult %q", got)
		}
	})
	t.Run("PromiseAndKeepIt", func(t *testing.T) {
		due := time.Now().Add(48 * time.Hour).Format(dueLayout)
		run(t, paul, chromedp.Click(chromedp.CSS("#promises details.add summary")),
			chromedp.SendKeys(chromedp.CSS("#promise-text"), "Je vous rappelle avec la date d'expédition."),
			chromedp.SetValue(chromedp.CSS("#promise-due"), due),
			chromedp.Click(chromedp.CSS(".promise-form button")),
			settled(flashSays("Promise recorded.")))
		if got := text(t, paul, `[data-testid="promise"] .promise-state`); !strings.Contains(got, "Open") {
			t.Fatalf("promise state %q", got)
		}
		run(t, paul, chromedp.Click(chromedp.CSS(`[data-testid="promise"] form button`)), settled(flashSays("Promise kept.")))
		if got := text(t, paul, `[data-testid="promise"] .promise-state`); !strings.Contains(got, "Kept") {
			t.Fatalf("promise state %q", got)
		}
	})
	t.Run("ShippingAnswersFromItsQueue", func(t *testing.T) {
		run(t, paul, chromedp.Click(chromedp.CSS("#consult-add summary"))) // Paul is about to consult again
		signInTab(t, jean, base, "jean@guichet.example")
		run(t, jean, chromedp.Click(chromedp.CSS(`a[href="/inbox?status=waiting_department"]`)),
			settled("document.querySelector('[data-testid=owed]')"),
			chromedp.Click(chromedp.CSS(`[data-testid="owed"] td.subject a`)),
			settled("document.querySelector('.consult textarea')"),
			chromedp.SendKeys(chromedp.CSS(".consult textarea"), "Parti ce matin."),
			chromedp.Click(chromedp.CSS(".consult form button")),
			settled(flashSays("Answer sent.")))
		if got := text(t, jean, `[data-testid="consult-answer"] p`); got != "Parti ce matin." {
			t.Fatalf("answer %q", got)
		}
	})
	t.Run("ThePageOfTheAskerFollowsTheAnswer", func(t *testing.T) {
		run(t, paul, settled("!document.querySelector('[data-testid=waiting-on]') && !!document.querySelector('[data-testid=consult-answer]')"))
		if !eval[bool](t, paul, "document.getElementById('consult-add').open") {
			t.Fatal("the live update folded the form Paul had opened")
		}
	})
	checkPaul()
	checkJean()
}
