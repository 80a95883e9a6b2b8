package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

// testPassword is every test agent's password.
const testPassword = "correct horse battery"

// site is a real Guichet web server over HTTP on a real store, with a small
// desk: the front desk, Shipping and Billing, an agent at the front desk and
// one in Billing, and a requester.
type site struct {
	t         *testing.T
	st        *store.Store
	srv       *httptest.Server
	frontDesk desk.Department
	shipping  desk.Department
	billing   desk.Department
	marie     desk.Actor // agent, front desk; signs in as marie@guichet.example
	paul      desk.Actor // agent, Billing
}

// eachEngine runs fn on a fresh site on every engine.
func eachEngine(t *testing.T, fn func(t *testing.T, s *site)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, newSite(t, e)) })
	}
}

func newSite(t *testing.T, e storetest.Engine) *site {
	t.Helper()
	return newSiteWith(t, e, store.Options{})
}

// newSiteWith is newSite on a store opened with opt (a clock the test moves).
func newSiteWith(t *testing.T, e storetest.Engine, opt store.Options) *site {
	t.Helper()
	return newSiteOn(t, e.OpenWith(t, opt))
}

// newSiteOn builds the site on st (opened with options, such as a clock).
func newSiteOn(t *testing.T, st *store.Store) *site {
	t.Helper()
	s := &site{t: t, st: st}
	sys := desk.SystemActor
	fd, err := st.DepartmentBySlug(ctx, "front-desk")
	must(t, err)
	s.frontDesk = *fd
	s.shipping = desk.Department{Slug: "shipping", Name: "Shipping", Handles: "deliveries, parcels, carriers"}
	must(t, st.CreateDepartment(ctx, sys, &s.shipping))
	s.billing = desk.Department{Slug: "billing", Name: "Billing", Handles: "invoices, refunds"}
	must(t, st.CreateDepartment(ctx, sys, &s.billing))
	s.marie = s.newAgent("Marie Tremblay", "marie@guichet.example", s.frontDesk.ID)
	s.paul = s.newAgent("Paul Gagnon", "paul@guichet.example", s.billing.ID)
	done := make(chan struct{})
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("GUICHET_WEB_TEST_LOG") != "" { // to see internal errors while debugging
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	s.srv = httptest.NewUnstartedServer(nil)
	s.srv.Config.Handler = New(Deps{Store: st, Logger: log, Done: done, PublicURL: "http://" + s.srv.Listener.Addr().String()})
	s.srv.Start()
	t.Cleanup(func() { close(done); s.srv.Close() }) // live streams end first, or Close would wait for them
	return s
}

// newAgent creates an active agent of dept whose stored language is English
// (the tests read English pages).
func (s *site) newAgent(name, email string, dept int64) desk.Actor {
	s.t.Helper()
	p := desk.Person{Name: name, Kind: desk.InternalPerson, Emails: []string{email}, Language: desk.English}
	must(s.t, s.st.CreatePerson(ctx, desk.SystemActor, &p))
	must(s.t, s.st.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, Active: true, DepartmentIDs: []int64{dept}}))
	must(s.t, s.st.SetPassword(ctx, p.ID, testPassword))
	a, err := s.st.ActorFor(ctx, p.ID)
	must(s.t, err)
	return a
}

// open creates a request from a requester, as Marie.
func (s *site) open(subject, body string) *desk.Request {
	s.t.Helper()
	r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: subject, Body: body,
		RequesterEmail: "julie@ecole-soleil.example", RequesterName: "Julie Roy"})
	must(s.t, err)
	return r
}

// browser is an HTTP client with a cookie jar, like one browser profile. It
// remembers the last page's CSRF token to post forms the way a page would.
type browser struct {
	t    *testing.T
	s    *site
	c    *http.Client
	lang string // Accept-Language
	csrf string
	last string // URL of the last page, sent as Referer like a browser
}

// newBrowser returns a client that does not follow redirects by itself, so
// tests see each 303.
func (s *site) newBrowser(lang string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, s: s, lang: lang, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one response, its redirects followed.
type page struct {
	status int
	body   string
	header http.Header
	url    string
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// do sends req and follows redirects with GETs, returning the last page.
func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	for range 5 {
		if b.lang != "" {
			req.Header.Set("Accept-Language", b.lang)
		}
		resp, err := b.c.Do(req)
		if err != nil {
			b.t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther && loc != "" {
			req, _ = http.NewRequest("GET", resp.Request.URL.ResolveReference(mustURL(b.t, loc)).String(), nil)
			continue
		}
		if m := csrfRE.FindStringSubmatch(string(body)); m != nil {
			b.csrf = m[1]
		}
		b.last = resp.Request.URL.String()
		return page{status: resp.StatusCode, body: string(body), header: resp.Header, url: resp.Request.URL.RequestURI()}
	}
	b.t.Fatal("too many redirects")
	return page{}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// get loads a page.
func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.s.srv.URL+path, nil)
	return b.do(req)
}

// post submits a form with the CSRF token of the last page loaded.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if !form.Has("csrf") {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", b.last)
	return b.do(req)
}

// signIn signs in with email and password from the sign-in page.
func (b *browser) signIn(email, password string) page {
	b.t.Helper()
	b.get("/login")
	return b.post("/login", url.Values{"email": {email}, "password": {password}})
}

// signedIn returns a browser signed in as Marie, in English.
func (s *site) signedIn() *browser {
	s.t.Helper()
	return s.signedInAs("marie@guichet.example")
}

// signedInAs returns a browser signed in as the agent of email, in English.
func (s *site) signedInAs(email string) *browser {
	s.t.Helper()
	b := s.newBrowser("en")
	if p := b.signIn(email, testPassword); p.status != http.StatusOK || p.url != "/inbox" {
		s.t.Fatalf("sign in as %s: %d at %s", email, p.status, p.url)
	}
	return b
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantIn fails unless every string is in the page's body.
func wantIn(t *testing.T, p page, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(p.body, sub) {
			t.Fatalf("page %s (%d) lacks %q:\n%s", p.url, p.status, sub, excerpt(p.body))
		}
	}
}

// wantOut fails if any string is in the page's body.
func wantOut(t *testing.T, p page, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(p.body, sub) {
			t.Fatalf("page %s (%d) contains %q", p.url, p.status, sub)
		}
	}
}

// excerpt is the page's main element, for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}
