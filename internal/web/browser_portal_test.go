package web

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// portalSignInTab signs in to the portal on the tab as a requester does:
// asks for a link, follows the link from the mail in the outbox, presses the
// button; it waits for the list of requests.
func portalSignInTab(t *testing.T, tab context.Context, s *site, email string) {
	t.Helper()
	portalSignInAt(t, tab, s.srv.URL, email, s.mailedLink)
}

// portalSignInAt is portalSignInTab on the server at base; link returns the
// path of the link mailed to an address.
func portalSignInAt(t *testing.T, tab context.Context, base, email string, link func(string) string) {
	t.Helper()
	run(t, tab, chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.Click(chromedp.CSS("form.stack button.primary")),
		settled("document.querySelector('[data-testid=sent]')"))
	run(t, tab, chromedp.Navigate(base+link(email)),
		settled("document.getElementById('portal-signin')"),
		chromedp.Click(chromedp.CSS("#portal-signin")),
		settled("document.getElementById('portal-requests-title')"))
}

// TestBrowserPortal walks a requester's visit in real Chromium: sign in by
// the mailed link, see her requests and not another's, reply, see the
// desk's public reply appear but never its internal note, open a request
// with the department suggested as she types, switch to French — with no
// JavaScript error on the way. A second requester, in another browser
// session, sees only his own.
func TestBrowserPortal(t *testing.T) {
	tab, other := newTab(t), newTab(t)
	s := newSite(t, storetest.Engines(t)[0])
	newPortalDesk(t, s)
	r := s.openFor("karine@courriel.example", "Colis abîmé", "La boîte est arrivée écrasée.")
	julies := s.openFor("julie@ecole-soleil.example", "Facture de Julie", "Privé.")
	path := "/portal/requests/" + itoa(r.Number)
	checkConsole := watchConsole(t, tab, "/portal/requests/"+itoa(julies.Number))
	checkOther := watchConsole(t, other)

	t.Run("SignInByMailedLink", func(t *testing.T) {
		portalSignInTab(t, tab, s, "karine@courriel.example")
		if got := text(t, tab, "[data-testid=portal-list]"); !strings.Contains(got, "Colis abîmé") || strings.Contains(got, "Facture de Julie") {
			t.Fatalf("list %q", got)
		}
	})
	t.Run("Reply", func(t *testing.T) {
		run(t, tab, chromedp.Click(chromedp.CSS(".portal-subject")), settled("document.getElementById('reply-body')"),
			chromedp.SendKeys(chromedp.CSS("#reply-body"), "Voici une photo de la boîte."),
			chromedp.Click(chromedp.CSS(".compose button.primary")),
			settled(flashSays("Your message was sent.")))
		if got := text(t, tab, ".messages .msg:last-child .body"); got != "Voici une photo de la boîte." {
			t.Fatalf("last message %q", got)
		}
	})
	t.Run("PublicReplyAppearsInternalNoteNever", func(t *testing.T) {
		_, err := s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Visibility: desk.Internal, Body: "Cliente fâchée, note interne."})
		must(t, err)
		_, err = s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Body: "Nous envoyons un remplacement demain."})
		must(t, err)
		run(t, tab, chromedp.Navigate(s.srv.URL+path), settled("document.querySelector('.msg-reply')"))
		if got := text(t, tab, ".msg-reply .body"); got != "Nous envoyons un remplacement demain." {
			t.Fatalf("reply %q", got)
		}
		if eval[bool](t, tab, "document.body.textContent.includes('note interne')") {
			t.Fatal("the internal note shows on the portal")
		}
	})
	t.Run("AnotherRequestersNumberIsNotFound", func(t *testing.T) {
		run(t, tab, chromedp.Navigate(s.srv.URL+"/portal/requests/"+itoa(julies.Number)), settled("document.querySelector('.error-message')"))
		if eval[bool](t, tab, "document.body.textContent.includes('Facture de Julie')") {
			t.Fatal("another requester's request shows")
		}
	})
	t.Run("SecondRequesterSeesOnlyHisOwn", func(t *testing.T) {
		s.newRequester("David Chen", "dchen@mail.example", nil, desk.English)
		s.openFor("dchen@mail.example", "Order status", "Where is my order?")
		portalSignInTab(t, other, s, "dchen@mail.example")
		got := text(t, other, "[data-testid=portal-list]")
		if !strings.Contains(got, "Order status") || strings.Contains(got, "Colis abîmé") || strings.Contains(got, "Facture de Julie") {
			t.Fatalf("list %q", got)
		}
	})
	t.Run("NewRequestSuggestsTheDepartmentAsOneTypes", func(t *testing.T) {
		run(t, tab, chromedp.Navigate(s.srv.URL+"/portal/new"), settled("document.getElementById('nr-subject')"))
		if !eval[bool](t, tab, "getComputedStyle(document.querySelector('[data-suggest-button]')).display === 'none'") {
			t.Fatal("the no-JavaScript suggest button shows with JavaScript")
		}
		run(t, tab, chromedp.SendKeys(chromedp.CSS("#nr-subject"), "Refund"),
			chromedp.SendKeys(chromedp.CSS("#nr-body"), "I paid my invoice twice."),
			settled("document.getElementById('nr-dept-"+itoa(s.billing.ID)+"').checked"))
		if first := eval[string](t, tab, "document.querySelector('#nr-choices .dept-choice').dataset.dept"); first != itoa(s.billing.ID) {
			t.Fatalf("first choice %s, want Billing", first)
		}
		shown := "(id) => getComputedStyle(document.querySelector('[data-dept=\"' + id + '\"] .suggested-tag')).display !== 'none'"
		if !eval[bool](t, tab, "("+shown+")("+itoa(s.billing.ID)+")") || eval[bool](t, tab, "("+shown+")("+itoa(s.shipping.ID)+")") {
			t.Fatal("the 'suggested' mark is not on Billing alone")
		}
		run(t, tab, chromedp.Click(chromedp.CSS("#new-request button.primary")), settled(flashSays("It is in the hands of Billing.")))
	})
	t.Run("SwitchToFrench", func(t *testing.T) {
		run(t, tab, chromedp.Navigate(s.srv.URL+path), settled("document.getElementById('reply-title')"),
			chromedp.Click(chromedp.CSS(`[data-testid="lang-switch"]`)),
			settled("document.documentElement.lang === 'fr-CA'"))
		if got := text(t, tab, "#reply-title"); got != "Nous écrire" {
			t.Fatalf("heading %q", got)
		}
		if loc := eval[string](t, tab, "location.pathname"); loc != path {
			t.Fatalf("switch went to %s", loc)
		}
	})
	checkConsole()
	checkOther()
}

// TestBrowserPortalAccessibility runs axe-core on every portal page, in
// English and French, signed out and signed in: no serious or critical
// violation.
func TestBrowserPortalAccessibility(t *testing.T) {
	tab := newTab(t)
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	must(t, err)
	axe := string(b)
	s := newSite(t, storetest.Engines(t)[0])
	newPortalDesk(t, s)
	std := commit.Standard{Name: "Everyone", Active: true, FirstResponse: mustTarget(t, "4h"), Resolution: mustTarget(t, "5d")}
	must(t, s.st.CreateStandard(ctx, desk.SystemActor, &std))
	must(t, s.st.SetServiceHours(ctx, desk.SystemActor, s.billing.ID, "Mon–Fri 8:30–16:30"))
	r := s.openFor("karine@courriel.example", "Colis abîmé", "La boîte est arrivée écrasée.")
	_, err = s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Body: "Nous envoyons un remplacement.",
		Attachments: []desk.NewAttachment{{Filename: "bon.pdf", Content: []byte("%PDF")}}})
	must(t, err)
	_, err = s.st.MakePromise(ctx, s.marie, r.Number, commit.NewPromise{Text: "Je vous rappelle jeudi.", DueAt: time.Now().Add(50 * time.Hour)})
	must(t, err)
	checkConsole := watchConsole(t, tab, "/portal/requests/999999", "/portal/link?t=nope")
	base := s.srv.URL
	check := func(name, path, cond string) {
		t.Helper()
		run(t, tab, chromedp.Navigate(base+path), settled(cond))
		checkA11y(t, tab, axe, name)
	}
	for _, lang := range []string{"en", "fr-CA"} {
		run(t, tab, chromedp.Navigate(base+"/portal/login"), settled("document.getElementById('email')"))
		if lang == "fr-CA" {
			run(t, tab, chromedp.Click(chromedp.CSS(`[data-testid="lang-switch"]`)), settled("document.documentElement.lang === 'fr-CA'"))
		}
		checkA11y(t, tab, axe, "portal sign-in ("+lang+")")
		check("new request, no account ("+lang+")", "/portal/new", "document.getElementById('nr-subject')")
		run(t, tab, chromedp.SendKeys(chromedp.CSS("#nr-name"), "Tom Wilson"),
			chromedp.SendKeys(chromedp.CSS("#nr-email"), "tom@example.com"),
			chromedp.SendKeys(chromedp.CSS("#nr-subject"), "Parcel"),
			chromedp.SendKeys(chromedp.CSS("#nr-body"), "Where is my parcel?"),
			chromedp.Click(chromedp.CSS("#new-request button.primary")),
			settled("document.getElementById('created-title')"))
		checkA11y(t, tab, axe, "request received ("+lang+")")
		run(t, tab, chromedp.Click(chromedp.CSS("form.stack button.primary")), settled("document.querySelector('[data-testid=sent]')"))
		checkA11y(t, tab, axe, "link sent ("+lang+")")
		check("sign-in link ("+lang+")", s.mailedLink("tom@example.com"), "document.getElementById('portal-signin')")
		check("unknown link ("+lang+")", "/portal/link?t=nope", "document.querySelector('[data-testid=link-state]')")
	}
	portalSignInTab(t, tab, s, "karine@courriel.example")
	for _, lang := range []string{"fr-CA", "en"} {
		if lang == "en" {
			run(t, tab, chromedp.Click(chromedp.CSS(`[data-testid="lang-switch"]`)), settled("document.documentElement.lang === 'en'"))
		}
		check("my requests ("+lang+")", "/portal/requests", "document.getElementById('portal-requests-title')")
		check("closed requests ("+lang+")", "/portal/requests?show=closed", "document.getElementById('portal-requests-title')")
		check("request ("+lang+")", "/portal/requests/"+itoa(r.Number), "document.querySelector('[data-testid=promises]')")
		check("new request ("+lang+")", "/portal/new", "document.getElementById('nr-subject')")
		check("not found ("+lang+")", "/portal/requests/999999", "document.querySelector('.error-message')")
	}
	checkConsole()
}
