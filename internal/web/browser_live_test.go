package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// TestBrowserLiveUpdate opens one request in two browser sessions: while
// Paul types a reply, Marie's page says he is writing; when he sends it,
// Marie's page shows it without a reload; a new request (as from incoming
// mail) appears in Marie's inbox on its own. No JavaScript error either side.
func TestBrowserLiveUpdate(t *testing.T) {
	marie, paul := newTab(t), newTab(t)
	s := newSite(t, storetest.Engines(t)[0])
	r := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
	base, path := s.srv.URL, "/requests/"+itoa(r.Number)
	checkMarie, checkPaul := watchConsole(t, marie), watchConsole(t, paul)
	signInTab(t, marie, base, "marie@guichet.example")
	signInTab(t, paul, base, "paul@guichet.example")
	// A marker that a reload would wipe out.
	run(t, marie, chromedp.Navigate(base+path), settled("document.getElementById('req-title')"),
		chromedp.Evaluate[chromedp.Void]("window.notReloaded = true"))
	run(t, paul, chromedp.Navigate(base+path), settled("document.getElementById('req-title')"))

	t.Run("SomeoneElseIsReplying", func(t *testing.T) {
		run(t, paul, chromedp.SendKeys(chromedp.CSS("#reply-body"), "Nous envoyons un remplacement aujourd'hui."))
		run(t, marie, settled("document.getElementById('presence').textContent.includes('Paul Gagnon is writing a reply')"))
	})
	t.Run("ReplyAppearsWithoutReload", func(t *testing.T) {
		run(t, marie, chromedp.SendKeys(chromedp.CSS("#note-body"), "Je note ceci"))
		run(t, paul, chromedp.Click(chromedp.CSS(".reply-form button.primary")), settled(flashSays("Reply sent.")))
		run(t, marie, settled("document.querySelector('.msg-reply') && document.querySelector('.msg-reply .body').textContent.includes('remplacement')"))
		if !eval[bool](t, marie, "window.notReloaded === true") {
			t.Fatal("the page was reloaded")
		}
		if got := eval[string](t, marie, "document.getElementById('note-body').value"); got != "Je note ceci" {
			t.Fatalf("the note being typed was lost: %q", got)
		}
		run(t, marie, settled("document.getElementById('presence').textContent === ''"))
		if got := text(t, marie, "#req-head .badge"); !strings.Contains(got, "Open") {
			t.Fatalf("status badge %q", got)
		}
	})
	t.Run("InboxShowsANewRequest", func(t *testing.T) {
		run(t, marie, chromedp.Navigate(base+"/inbox"), settled("document.querySelector('table.requests')"),
			chromedp.Evaluate[chromedp.Void]("window.notReloaded = true"))
		n, err := s.st.CreateRequest(ctx, desk.SystemActor, desk.NewRequest{Subject: "Nouvelle commande perdue",
			Body: "Reçu par courriel.", RequesterEmail: "client@example.com", Channel: desk.ChannelEmail})
		must(t, err)
		run(t, marie, settled(`document.querySelector('tr.row[data-href="/requests/`+itoa(n.Number)+`"]')`))
		if !eval[bool](t, marie, "window.notReloaded === true") {
			t.Fatal("the inbox was reloaded")
		}
	})
	checkMarie()
	checkPaul()
}
