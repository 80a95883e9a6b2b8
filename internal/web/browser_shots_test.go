package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guichet/internal/commit"
	"guichet/internal/demo"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// TestScreenshots saves PNG screenshots of the main pages, on the demo
// company, into the folder named by GUICHET_SCREENSHOTS (the README's are in
// docs/screenshots):
//
//	GUICHET_SCREENSHOTS=$PWD/docs/screenshots go test -run TestScreenshots ./internal/web/
//
// Without the variable it is skipped: it checks nothing the other browser
// tests do not.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("GUICHET_SCREENSHOTS")
	if dir == "" {
		t.Skip("set GUICHET_SCREENSHOTS to a folder to save screenshots there")
	}
	must(t, os.MkdirAll(dir, 0o755))
	tab := newTab(t)
	st := storetest.Engines(t)[0].Open(t)
	sum, err := demo.Load(ctx, st)
	must(t, err)
	done := make(chan struct{})
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = New(Deps{Store: st, Done: done, PublicURL: "http://" + srv.Listener.Addr().String()})
	srv.Start()
	t.Cleanup(func() { close(done); srv.Close() })
	var agent demo.AgentLogin
	for _, a := range sum.Agents {
		if a.Role == desk.RoleAgent && agent.Email == "" {
			agent = a
		}
	}
	must(t, st.SetPassword(ctx, agent.PersonID, testPassword))
	person, err := st.Person(ctx, desk.SystemActor, agent.PersonID)
	must(t, err)
	person.Language = desk.English // the README's screenshots are in English, whatever the demo agent reads
	must(t, st.UpdatePerson(ctx, desk.SystemActor, person))
	depts, err := st.Departments(ctx, desk.SystemActor)
	must(t, err)
	for i, d := range depts {
		hours := []string{"Mon–Fri 8:30–16:30", "Mon–Fri 8:00–17:00, Sat 9:00–12:00", "Mon–Fri 9:00–16:00"}[i%3]
		must(t, st.SetServiceHours(ctx, desk.SystemActor, d.ID, hours))
	}
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{Status: active, Limit: 20})
	must(t, err)
	busiest, most := page.Requests[0].Number, 0
	for _, r := range page.Requests {
		d, err := st.Request(ctx, desk.SystemActor, r.Number)
		must(t, err)
		if n := len(d.Messages) + len(d.Handoffs); n > most && n < 8 {
			busiest, most = r.Number, n
		}
	}
	demoCommitments(t, st, agent.PersonID, busiest)
	base := srv.URL
	run(t, tab, chromedp.EmulateViewport(1280, 860))
	signInTab(t, tab, base, agent.Email)
	for name, path := range map[string]string{
		"inbox":     "/inbox?status=any",
		"request":   "/requests/" + itoa(busiest),
		"directory": "/directory",
	} {
		run(t, tab, chromedp.Navigate(base+path), settled("document.querySelector('main')"))
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
		t.Logf("%s: %d bytes", name, len(png))
	}
	portalScreenshots(t, st, srv.URL, dir) // browser_portal_shots_test.go
}

// demoCommitments gives the demo a service standard for every request and
// an internal agreement, and on request n a consult and a promise by the
// agent, so that the screenshots show the commitments.
func demoCommitments(t *testing.T, st *store.Store, agentID, n int64) {
	std := commit.Standard{Name: "Réponse dans la journée", Active: true,
		FirstResponse: target(t, "4h"), NextResponse: target(t, "4h"), Resolution: target(t, "3d")}
	must(t, st.CreateStandard(ctx, desk.SystemActor, &std))
	r, err := st.Request(ctx, desk.SystemActor, n)
	must(t, err)
	depts, err := st.Departments(ctx, desk.SystemActor)
	must(t, err)
	other := depts[0]
	for _, d := range depts {
		if d.ID != r.DepartmentID && !d.FrontDesk {
			other = d
		}
	}
	ag := commit.Agreement{Name: other.Name + " → " + r.Department, ProviderDepartmentID: other.ID,
		Response: target(t, "2h"), Resolution: target(t, "1d"), Active: true}
	must(t, st.CreateAgreement(ctx, desk.SystemActor, &ag))
	a, err := st.ActorFor(ctx, agentID)
	must(t, err)
	_, err = st.OpenConsult(ctx, a, n, commit.NewConsult{ToDepartmentID: other.ID,
		Question: "Can you confirm the date the replacement leaves the warehouse?"})
	must(t, err)
	_, err = st.MakePromise(ctx, a, n, commit.NewPromise{Text: "I will call you back with the shipping date.",
		DueAt: time.Now().Add(26 * time.Hour).Truncate(time.Hour)})
	must(t, err)
}
