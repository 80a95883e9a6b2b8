package web

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func TestPortalSignIn(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		// Each part signs in as someone else: links to one address are limited.
		person := func(key string) string {
			email := key + "@ecole-soleil.example"
			s.newRequester("Julie "+key, email, nil, desk.English)
			s.openFor(email, "Colis abîmé", "La boîte est arrivée écrasée.")
			return email
		}

		t.Run("KnownAndUnknownAddressesGetTheSamePage", func(t *testing.T) {
			person("julie")
			before := s.queuedMail()
			known := s.newBrowser("en").askLink("julie@ecole-soleil.example")
			unknown := s.newBrowser("en").askLink("nobody@ecole-soleil.example")
			if known.status != http.StatusOK || unknown.status != known.status {
				t.Fatalf("statuses %d and %d", known.status, unknown.status)
			}
			a := strings.ReplaceAll(csrfRE.ReplaceAllString(known.body, ""), "julie@", "X@")
			b := strings.ReplaceAll(csrfRE.ReplaceAllString(unknown.body, ""), "nobody@", "X@")
			if a != b {
				t.Fatalf("the pages differ:\n%s\n----\n%s", excerpt(known.body), excerpt(unknown.body))
			}
			wantIn(t, known, "If we know the address julie@ecole-soleil.example, a sign-in link is on its way")
			if got := s.queuedMail() - before; got != 1 {
				t.Fatalf("%d mails queued, want 1 (for the known address only)", got)
			}
		})
		t.Run("LinkIsMailedInThePersonsLanguage", func(t *testing.T) {
			email := person("lang")
			s.newBrowser("fr-CA").askLink(email)
			m, err := s.st.LatestMail(ctx, store.MailSignIn, email)
			must(t, err)
			if m.Language != desk.English || m.ToName != "Julie lang" || m.Number != 0 {
				t.Fatalf("mail %+v", m)
			}
		})
		t.Run("FollowingTheLinkDoesNotSignIn", func(t *testing.T) {
			email := person("follow")
			b := s.newBrowser("en")
			b.askLink(email)
			link := s.mailedLink(email)
			p := b.get(link)
			wantIn(t, p, `action="/portal/link"`, "Sign in to follow your requests")
			if p := b.get("/portal/requests"); p.url != "/portal/login?next=%2Fportal%2Frequests" {
				t.Fatalf("following the link signed in: landed on %s", p.url)
			}
			if p := b.get(link); !strings.Contains(p.body, `id="portal-signin"`) {
				t.Fatal("a followed link no longer works")
			}
		})
		t.Run("ButtonSignsInOnce", func(t *testing.T) {
			email := person("once")
			b := s.newBrowser("en")
			p := b.portalSignIn(email)
			wantIn(t, p, "My requests", "Colis abîmé", "Julie once")
			link := s.mailedLink(email)
			again := s.newBrowser("en")
			if p := again.get(link); p.status != http.StatusGone {
				t.Fatalf("used link: %d", p.status)
			} else {
				wantIn(t, p, "This link was already used", `href="/portal/login"`)
			}
			p = again.post("/portal/link", url.Values{"t": {mustURL(t, link).Query().Get("t")}})
			if p.status != http.StatusGone || strings.Contains(p.body, "Colis abîmé") {
				t.Fatalf("reused link: %d", p.status)
			}
		})
		t.Run("LinkReturnsToThePageAskedFor", func(t *testing.T) {
			email := person("next")
			b := s.newBrowser("en")
			b.get("/portal/login?next=/portal/requests?show=closed")
			b.post("/portal/login", url.Values{"email": {email}, "next": {"/portal/requests?show=closed"}})
			link := s.mailedLink(email)
			b.get(link)
			q := mustURL(t, link).Query()
			if p := b.post("/portal/link", url.Values{"t": {q.Get("t")}, "next": {q.Get("next")}}); p.url != "/portal/requests?show=closed" {
				t.Fatalf("landed on %s", p.url)
			}
		})
		t.Run("NextNeverLeavesThePortal", func(t *testing.T) {
			for _, next := range []string{"https://evil.example/", "//evil.example", "/inbox", "/admin"} {
				if got := portalPath(next); got != "/portal/requests" {
					t.Errorf("next %q → %q", next, got)
				}
			}
		})
		t.Run("UnknownOrGuessedTokensDoNotWork", func(t *testing.T) {
			b := s.newBrowser("en")
			for _, tok := range []string{"", "abc", newID(), strings.Repeat("A", 43), strings.Repeat("x", 500)} {
				p := b.get("/portal/link?t=" + url.QueryEscape(tok))
				if p.status != http.StatusNotFound || strings.Contains(p.body, `id="portal-signin"`) {
					t.Fatalf("token %q: %d", tok, p.status)
				}
				wantIn(t, p, "This link does not work")
				if p := b.post("/portal/link", url.Values{"t": {tok}}); p.status != http.StatusNotFound {
					t.Fatalf("token %q signs in: %d at %s", tok, p.status, p.url)
				}
			}
		})
		t.Run("TokensAreLongAndFresh", func(t *testing.T) {
			email := person("fresh")
			seen := map[string]bool{}
			for range 3 {
				s.newBrowser("en").askLink(email)
				tok := mustURL(t, s.mailedLink(email)).Query().Get("t")
				if len(tok) < 43 || seen[tok] {
					t.Fatalf("token %q: too short or repeated", tok)
				}
				seen[tok] = true
			}
		})
		t.Run("SignOutEndsTheSession", func(t *testing.T) {
			email := person("out")
			b := s.portalBrowser(email)
			if p := b.post("/logout", nil); p.url != "/portal/login" {
				t.Fatalf("sign out landed on %s", p.url)
			}
			if p := b.get("/portal/requests"); !strings.HasPrefix(p.url, "/portal/login") {
				t.Fatalf("after sign out: %s", p.url)
			}
		})
		t.Run("HomeSendsARequesterToThePortal", func(t *testing.T) {
			email := person("home")
			if p := s.portalBrowser(email).get("/"); p.url != "/portal/requests" {
				t.Fatalf("home → %s", p.url)
			}
		})
	})
}

// Links sent to one address, or asked from one IP, are limited whether or
// not anybody has the address; the limit says so.
func TestPortalSignInLimits(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		s.newRequester("Julie Roy", "julie@ecole-soleil.example", nil, desk.French)
		for _, email := range []string{"julie@ecole-soleil.example", "nobody@ecole-soleil.example"} {
			b := s.newBrowser("en")
			for i := range linkMaxPerEmail {
				if p := b.askLink(email); p.status != http.StatusOK {
					t.Fatalf("%s, link %d: %d", email, i+1, p.status)
				}
			}
			p := b.askLink(email)
			if p.status != http.StatusTooManyRequests {
				t.Fatalf("%s over the limit: %d", email, p.status)
			}
			wantIn(t, p, "Several links were asked for this address")
		}
		b := s.newBrowser("en")
		for i := 2 * linkMaxPerEmail; i < linkMaxPerIP; i++ {
			b.askLink("someone" + itoa(int64(i)) + "@example.com")
		}
		if p := b.askLink("one-more@example.com"); p.status != http.StatusTooManyRequests {
			t.Fatalf("over the limit per IP: %d", p.status)
		}
	})
}

// A link older than its time says it has expired, and signs nobody in.
func TestPortalExpiredLink(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clock := &portalClock{t: time.Now()}
			s := newSiteOn(t, e.OpenWith(t, store.Options{Now: clock.Now}))
			s.newRequester("Julie Roy", "julie@ecole-soleil.example", nil, desk.French)
			b := s.newBrowser("fr-CA")
			b.askLink("julie@ecole-soleil.example")
			link := s.mailedLink("julie@ecole-soleil.example")
			clock.advance(linkTTL + time.Second)
			p := b.get(link)
			if p.status != http.StatusGone {
				t.Fatalf("expired link: %d", p.status)
			}
			wantIn(t, p, "Ce lien a expiré", "Demander un nouveau lien")
			p = b.post("/portal/link", url.Values{"t": {mustURL(t, link).Query().Get("t")}})
			if p.status != http.StatusGone {
				t.Fatalf("expired link signs in: %d at %s", p.status, p.url)
			}
		})
	}
}

// portalClock is a clock the test moves by hand.
type portalClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *portalClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *portalClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
