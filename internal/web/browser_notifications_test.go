package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// The header's notification count follows the timers live on the inbox: a
// step that names the agent shows up without a reload, and reading them all
// clears it.
func TestBrowserNotificationCountIsLive(t *testing.T) {
	tab := newTab(t)
	clock := &storetest.Clock{}
	clock.Set(t, "2025-03-03 09:00 -0500")
	s := newSiteWith(t, storetest.Engines(t)[0], store.Options{Now: clock.Now})
	ch := commit.Escalation{DepartmentID: s.billing.ID, PickupWithin: commit.Target{Duration: 2 * time.Hour},
		LeadIDs: []int64{s.paul.PersonID}, Steps: []commit.Step{{Notify: commit.NotifyOwner}, {Notify: commit.NotifyLeads}}}
	must(t, s.st.SetEscalation(ctx, desk.SystemActor, &ch))
	r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: "Facture en double", Body: "Deux fois.",
		RequesterEmail: "julie@ecole-soleil.example", DepartmentID: s.billing.ID})
	must(t, err)
	checkConsole := watchConsole(t, tab)
	base := s.srv.URL
	run(t, tab, chromedp.EmulateViewport(1280, 860))
	signInTab(t, tab, base, "paul@guichet.example")
	if n := eval[int](t, tab, "document.querySelectorAll('#nav-notifications .badge').length"); n != 0 {
		t.Fatal("a count before anything was due")
	}
	clock.Set(t, "2025-03-03 11:00 -0500")
	if _, err := s.st.FireDue(ctx, 100); err != nil {
		t.Fatal(err)
	}
	run(t, tab, settled("(document.querySelector('#nav-notifications .badge') || {}).textContent === '1'"))
	run(t, tab, chromedp.Click(chromedp.CSS("#nav-notifications")), settled("document.querySelector('[data-testid=notification]')"))
	if got := text(t, tab, "[data-testid=notification]"); !strings.Contains(got, "#"+itoa(r.Number)+" Facture en double") ||
		!strings.Contains(got, "lead of Billing") {
		t.Fatalf("notification %q", got)
	}
	if dir := os.Getenv("GUICHET_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, "notifications.png"), png, 0o644))
	}
	run(t, tab, chromedp.Click(chromedp.CSS("[data-testid=read-all]")),
		settled("location.pathname === '/notifications' && !document.querySelector('[data-testid=read-all]')"))
	if n := eval[int](t, tab, "document.querySelectorAll('#nav-notifications .badge').length"); n != 0 {
		t.Fatal("the count stays after reading all")
	}
	checkConsole()
}
