package cli

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"guichet/internal/demo"
)

// The demo logs a sign-in link to the portal, and `guichet portal link`
// prints a fresh one; both sign the demo requester in to her requests.
func TestPortalLink(t *testing.T) {
	e := newTestEnv(t)
	base, logs, stop := e.serve("--demo")
	defer stop()
	m := regexp.MustCompile(`sign_in_link="?([^"\s]+)`).FindStringSubmatch(logs.String())
	if m == nil || !strings.Contains(logs.String(), "guichet portal link --email "+demo.PortalRequesterEmail) {
		t.Fatalf("demo load did not log how to sign in to the portal:\n%s", logs.String())
	}
	t.Run("LoggedLinkSignsIn", func(t *testing.T) { signInByLink(t, base, m[1]) })
	t.Run("CommandPrintsAFreshLink", func(t *testing.T) {
		out, err := e.run("", "portal", "link", "--email", demo.PortalRequesterEmail, "--public-url", "https://desk.example.com/")
		if err != nil {
			t.Fatal(err)
		}
		link := strings.TrimSpace(out)
		if !strings.HasPrefix(link, "https://desk.example.com/portal/link?t=") || link == m[1] {
			t.Fatalf("printed %q", out)
		}
		signInByLink(t, base, link)
	})
	t.Run("UnknownAddress", func(t *testing.T) {
		if _, err := e.run("", "portal", "link", "--email", "nobody@example.com"); err == nil || !strings.Contains(err.Error(), "not found") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{{"portal"}, {"portal", "link"}, {"portal", "send"}} {
			if _, err := e.run("", args...); ExitCode(err) != 2 {
				t.Errorf("%v: err = %v", args, err)
			}
		}
	})
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signInByLink opens link's path on the server at base, presses its sign-in
// button and checks that the demo requester's requests show.
func signInByLink(t *testing.T, base, link string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	body := func(resp *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", resp.Request.URL, resp.StatusCode)
		}
		return string(b)
	}
	page := body(c.Get(base + u.RequestURI()))
	tok := csrfField.FindStringSubmatch(page)
	if tok == nil || !strings.Contains(page, `action="/portal/link"`) {
		t.Fatalf("link page:\n%s", page)
	}
	list := body(c.PostForm(base+"/portal/link", url.Values{"csrf": {tok[1]}, "t": {u.Query().Get("t")}}))
	if !strings.Contains(list, "Nathalie Lefebvre") || !strings.Contains(list, `href="/portal/requests/`) {
		t.Fatalf("after sign-in:\n%s", list)
	}
}
