package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guichet/internal/commit"
	"guichet/internal/demo"
	"guichet/internal/desk"
	"guichet/internal/store"
)

// portalScreenshots saves the portal's list of requests and request page, as
// the demo's portal requester sees them, into dir. A service standard and a
// promise are added first, so that the page shows what to expect.
func portalScreenshots(t *testing.T, st *store.Store, base, dir string) {
	p, err := st.PersonByEmail(ctx, desk.SystemActor, demo.PortalRequesterEmail)
	must(t, err)
	std := commit.Standard{Name: "Customers", Active: true, FirstResponse: mustTarget(t, "4h"), NextResponse: mustTarget(t, "8h"),
		Resolution: mustTarget(t, "3d")}
	must(t, st.CreateStandard(ctx, desk.SystemActor, &std))
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID, Status: active, Limit: 20})
	must(t, err)
	if len(page.Requests) == 0 {
		t.Fatalf("%s has no open request", demo.PortalRequesterEmail)
	}
	r := page.Requests[0]
	for _, x := range page.Requests {
		must(t, st.RecomputeClocks(ctx, x.Number))
	}
	by := desk.SystemActor
	if r.AgentID != nil {
		by, err = st.ActorFor(ctx, *r.AgentID)
		must(t, err)
	}
	due := time.Now().Add(46 * time.Hour).Truncate(time.Hour)
	_, err = st.MakePromise(ctx, by, r.Number, commit.NewPromise{Text: "Je vous rappelle avec la date de livraison.", DueAt: due})
	must(t, err)

	tab := newTab(t)
	run(t, tab, chromedp.EmulateViewport(1280, 860))
	portalSignInAt(t, tab, base, demo.PortalRequesterEmail, func(email string) string {
		m, err := st.LatestMail(ctx, store.MailSignIn, email)
		must(t, err)
		return strings.TrimPrefix(m.Data["link"].(string), base)
	})
	for name, path := range map[string]string{
		"portal-requests": "/portal/requests",
		"portal-request":  "/portal/requests/" + itoa(r.Number),
	} {
		run(t, tab, chromedp.Navigate(base+path), settled("document.querySelector('main')"))
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
		t.Logf("%s: %d bytes", name, len(png))
	}
}
