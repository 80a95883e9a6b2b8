package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"guichet/internal/store/storetest"
)

// pathParam is a {name} of a route pattern.
var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestCSRFOnEveryPost walks every POST route of routes() — those added
// later too — as a signed-in admin (who reaches them all but the portal's) and checks that a
// form without its token, or with a wrong one, is refused before anything is
// done: 403 with the "form has expired" page, and no event recorded; with
// the right token the same form gets past the check.
func TestCSRFOnEveryPost(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	admin := s.adminBrowser()
	r := s.open("Facture en double", "J'ai reçu deux factures.")
	admin.get("/requests/" + itoa(r.Number))
	good := admin.csrf
	var server server
	posts := 0
	for _, rt := range server.routes() {
		if rt.Method != http.MethodPost || rt.access == requesterOnly {
			continue // the requester portal's forms: TestPortalCSRF, as a signed-in requester
		}
		posts++
		path := strings.ReplaceAll(rt.Pattern, "{number}", itoa(r.Number))
		path = pathParam.ReplaceAllString(path, "1")
		// Fields a real form would send, so that only the token is wrong.
		form := func(token string) url.Values {
			return url.Values{"csrf": {token}, "body": {"forgé"}, "lang": {"en"}, "email": {"marie@guichet.example"},
				"password": {testPassword}, "department": {itoa(s.billing.ID)}, "reason": {"x"}, "question": {"x"},
				"text": {"x"}, "due": {"2030-01-01T10:00"}, "answer": {"x"}, "action": {"assign_me"}, "n": {itoa(r.Number)}}
		}
		for name, token := range map[string]string{"missing": "", "wrong": "AAAA" + good[4:]} {
			t.Run(rt.Pattern+"/"+name, func(t *testing.T) {
				before, err := s.st.LatestEventID(ctx)
				must(t, err)
				p := admin.post(path, form(token))
				if p.status != http.StatusForbidden {
					t.Fatalf("POST %s with a %s token: %d", path, name, p.status)
				}
				wantIn(t, p, "This form has expired or did not come from this site.")
				if after, err := s.st.LatestEventID(ctx); err != nil || after != before {
					t.Fatalf("POST %s with a %s token recorded events %d → %d (%v)", path, name, before, after, err)
				}
			})
		}
		if !strings.HasPrefix(rt.Pattern, "/log") { // signing in or out would change who the sweep is
			t.Run(rt.Pattern+"/right", func(t *testing.T) {
				wantOut(t, admin.post(path, form(good)), "This form has expired or did not come from this site.")
			})
		}
	}
	if posts < 20 {
		t.Fatalf("only %d POST routes walked", posts)
	}
	if p := admin.get("/inbox"); p.url != "/inbox" {
		t.Fatalf("refused sign-out forms signed the admin out: %s", p.url)
	}
}
