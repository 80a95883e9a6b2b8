package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"guichet/internal/store/storetest"
)

// TestSecureCookies serves the pages over https with Secure set, as behind
// TLS: every cookie is __Host- prefixed (Secure, host-only, path /), HttpOnly,
// and every page carries Strict-Transport-Security; signing in works with
// those cookies.
func TestSecureCookies(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0]) // the agents; its plain-http server is not used here
	done := make(chan struct{})
	srv := httptest.NewTLSServer(New(Deps{Store: s.st, Secure: true, Done: done}))
	t.Cleanup(func() { close(done); srv.Close() })
	c := srv.Client()
	c.Jar, _ = cookiejar.New(nil)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := c.Get(srv.URL + path)
		must(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	wantSecure := func(resp *http.Response, names ...string) {
		t.Helper()
		if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=") {
			t.Fatalf("%s: Strict-Transport-Security %q", resp.Request.URL.Path, hsts)
		}
		got := map[string]bool{}
		for _, ck := range resp.Cookies() {
			got[ck.Name] = true
			if !strings.HasPrefix(ck.Name, "__Host-") && ck.Name != langCookie { // the language is no secret
				t.Errorf("cookie %s has no __Host- prefix", ck.Name)
			}
			if !ck.Secure || !ck.HttpOnly || ck.Path != "/" || ck.Domain != "" {
				t.Errorf("cookie %+v is not Secure, HttpOnly, host-only on /", ck)
			}
		}
		for _, n := range names {
			if !got[n] {
				t.Errorf("%s: no %s cookie (got %v)", resp.Request.URL.Path, n, got)
			}
		}
	}

	resp, body := get("/login")
	wantSecure(resp, "__Host-guichet_pre")
	token := csrfRE.FindStringSubmatch(body)
	if token == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	form := url.Values{"csrf": {token[1]}, "email": {"marie@guichet.example"}, "password": {testPassword}}
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	wantSecure(resp, "__Host-guichet_session")
	resp, body = get("/inbox")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Marie Tremblay") {
		t.Fatalf("inbox over https: %d", resp.StatusCode)
	}
	wantSecure(resp)
	form = url.Values{"csrf": {csrfRE.FindStringSubmatch(body)[1]}, "lang": {"fr-CA"}, "next": {"/inbox"}}
	req, _ = http.NewRequest("POST", srv.URL+"/language", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	must(t, err)
	resp.Body.Close()
	wantSecure(resp, langCookie)
	for _, ck := range c.Jar.Cookies(mustURL(t, srv.URL)) {
		if ck.Name == "guichet_session" || ck.Name == "guichet_pre" {
			t.Fatalf("an unprefixed %s cookie was set", ck.Name)
		}
	}
}
