package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSignIn(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		t.Run("GoodPasswordOpensTheInbox", func(t *testing.T) {
			b := s.newBrowser("en")
			p := b.signIn("Marie@Guichet.example", testPassword)
			if p.status != http.StatusOK || p.url != "/inbox" {
				t.Fatalf("got %d at %s", p.status, p.url)
			}
			wantIn(t, p, "Marie Tremblay", "My requests")
		})
		t.Run("BadPasswordIsRefused", func(t *testing.T) {
			b := s.newBrowser("en")
			p := b.signIn("marie@guichet.example", "wrong password")
			if p.status != http.StatusUnauthorized {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Wrong email or password.", `value="marie@guichet.example"`)
			if p := b.get("/inbox"); p.url != "/login?next=%2Finbox" {
				t.Fatalf("inbox without a session went to %s", p.url)
			}
		})
		t.Run("UnknownEmailLooksLikeABadPassword", func(t *testing.T) {
			p := s.newBrowser("en").signIn("nobody@guichet.example", testPassword)
			if p.status != http.StatusUnauthorized {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Wrong email or password.")
		})
		t.Run("ReturnsToThePageAskedFor", func(t *testing.T) {
			r := s.open("Colis perdu", "Où est mon colis?")
			b := s.newBrowser("en")
			p := b.get("/requests/" + itoa(r.Number))
			if !strings.HasPrefix(p.url, "/login?next=") {
				t.Fatalf("went to %s", p.url)
			}
			p = b.post("/login", url.Values{"email": {"marie@guichet.example"}, "password": {testPassword},
				"next": {"/requests/" + itoa(r.Number)}})
			if p.url != "/requests/"+itoa(r.Number) {
				t.Fatalf("landed on %s", p.url)
			}
		})
		t.Run("NextNeverLeavesTheSite", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/login")
			p := b.post("/login", url.Values{"email": {"marie@guichet.example"}, "password": {testPassword}, "next": {"//evil.example/x"}})
			if p.url != "/inbox" {
				t.Fatalf("landed on %s", p.url)
			}
		})
	})
}

func TestSignInRateLimit(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		b := s.newBrowser("en")
		for i := range loginMaxPerEmail {
			if p := b.signIn("paul@guichet.example", "guess "+itoa(int64(i))); p.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, p.status)
			}
		}
		p := b.signIn("paul@guichet.example", testPassword)
		if p.status != http.StatusTooManyRequests {
			t.Fatalf("right password after %d failures: %d, want 429", loginMaxPerEmail, p.status)
		}
		wantIn(t, p, "Too many failed sign-in attempts")
		t.Run("OtherAccountsStillSignIn", func(t *testing.T) {
			if p := s.newBrowser("en").signIn("marie@guichet.example", testPassword); p.url != "/inbox" {
				t.Fatalf("got %d at %s", p.status, p.url)
			}
		})
	})
}

func TestSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		t.Run("CookieIsHttpOnlyAndLax", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/login")
			form := url.Values{"email": {"marie@guichet.example"}, "password": {testPassword}, "csrf": {b.csrf}}
			resp, err := b.c.PostForm(s.srv.URL+"/login", form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			var found bool
			for _, c := range resp.Cookies() {
				if c.Name == "guichet_session" {
					found = true
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 || len(c.Value) < 40 {
						t.Fatalf("session cookie %+v", c)
					}
				}
			}
			if !found {
				t.Fatalf("no session cookie (status %d)", resp.StatusCode)
			}
		})
		t.Run("SignOutEndsTheSession", func(t *testing.T) {
			b := s.signedIn()
			p := b.post("/logout", nil)
			if p.url != "/login" {
				t.Fatalf("went to %s", p.url)
			}
			if p := b.get("/inbox"); !strings.HasPrefix(p.url, "/login") {
				t.Fatalf("inbox after sign-out: %s", p.url)
			}
		})
		t.Run("SignOutEverywhereEndsOtherDevices", func(t *testing.T) {
			laptop, phone := s.signedIn(), s.signedIn()
			other := s.newBrowser("en")
			other.signIn("paul@guichet.example", testPassword)
			p := laptop.post("/logout/everywhere", nil)
			wantIn(t, p, "signed out on every device")
			if p := phone.get("/inbox"); !strings.HasPrefix(p.url, "/login") {
				t.Fatalf("phone still signed in: %s", p.url)
			}
			if p := other.get("/inbox"); p.url != "/inbox" {
				t.Fatalf("another agent was signed out: %s", p.url)
			}
		})
		t.Run("ForgedSessionCookieIsIgnored", func(t *testing.T) {
			b := s.newBrowser("en")
			u := mustURL(t, s.srv.URL)
			b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "guichet_session", Value: "forged-session-id-forged-session-id-0000"}})
			if p := b.get("/inbox"); !strings.HasPrefix(p.url, "/login") {
				t.Fatalf("forged cookie reached %s", p.url)
			}
		})
	})
}

func TestCSRF(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Facture en double", "J'ai reçu deux factures.")
		b := s.signedIn()
		b.get("/requests/" + itoa(r.Number))
		for name, token := range map[string]string{"Missing": "", "Wrong": "AAAA" + b.csrf[4:]} {
			t.Run(name+"TokenIsRejected", func(t *testing.T) {
				p := b.post("/requests/"+itoa(r.Number)+"/note", url.Values{"body": {"forged note"}, "csrf": {token}})
				if p.status != http.StatusForbidden {
					t.Fatalf("got %d", p.status)
				}
				wantIn(t, p, "This form has expired or did not come from this site.")
			})
		}
		t.Run("CrossSitePostIsRejected", func(t *testing.T) {
			form := url.Values{"body": {"forged note"}, "csrf": {b.csrf}}
			req, _ := http.NewRequest("POST", s.srv.URL+"/requests/"+itoa(r.Number)+"/note", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			if p := b.do(req); p.status != http.StatusForbidden {
				t.Fatalf("got %d", p.status)
			}
		})
		t.Run("TokenOfAnotherSessionIsRejected", func(t *testing.T) {
			other := s.signedIn()
			p := other.post("/requests/"+itoa(r.Number)+"/note", url.Values{"body": {"forged"}, "csrf": {b.csrf}})
			if p.status != http.StatusForbidden {
				t.Fatalf("got %d", p.status)
			}
		})
		d, err := s.st.Request(ctx, s.marie, r.Number)
		must(t, err)
		if len(d.Messages) != 1 {
			t.Fatalf("a rejected form wrote: %d messages", len(d.Messages))
		}
	})
}
