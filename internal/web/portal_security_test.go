package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"guichet/internal/desk"
)

// A requester can never load another's request: guessing numbers over a
// range gives, for another requester's request, exactly the page a request
// that does not exist gives.
func TestPortalNumberGuessing(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		d := newPortalDesk(t, s)
		own := s.openFor("karine@courriel.example", "Ma demande", "Mon texte.")
		var others []int64
		for i := range 5 {
			others = append(others, s.openFor("julie@ecole-soleil.example", "Demande de Julie "+itoa(int64(i)), "Privé.").Number)
		}
		s.openFor("luc@ecole-soleil.example", "Demande de Luc", "Privé.")
		b := s.portalBrowser("karine@courriel.example")
		normal := func(p page, n int64) string {
			return strings.ReplaceAll(p.body, "/portal/requests/"+itoa(n), "/portal/requests/N")
		}
		missing := own.Number + 1000
		ref := b.get("/portal/requests/" + itoa(missing))
		if ref.status != http.StatusNotFound {
			t.Fatalf("missing request: %d", ref.status)
		}
		for n := int64(1); n <= own.Number+20; n++ {
			p := b.get("/portal/requests/" + itoa(n))
			if n == own.Number {
				if p.status != http.StatusOK {
					t.Fatalf("own request: %d", p.status)
				}
				continue
			}
			if p.status != http.StatusNotFound || normal(p, n) != normal(ref, missing) {
				t.Fatalf("request #%d: %d, and the page differs from a missing request's:\n%s", n, p.status, excerpt(p.body))
			}
			if pr := b.post("/portal/requests/"+itoa(n)+"/reply", url.Values{"body": {"Intrus"}}); pr.status != http.StatusNotFound {
				t.Fatalf("reply to #%d: %d", n, pr.status)
			}
		}
		for _, n := range others {
			got, err := s.st.Request(ctx, desk.SystemActor, n)
			must(t, err)
			if len(got.Messages) != 1 {
				t.Fatalf("#%d got %d messages: a stranger wrote to it", n, len(got.Messages))
			}
		}
		_ = d
	})
}

// A requester never sees an internal note nor its attachment, by page or by
// the attachment's URL, and cannot download another's attachment.
func TestPortalInternalNotesStayInternal(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		newPortalDesk(t, s)
		r := s.openFor("karine@courriel.example", "Colis abîmé", "Photo jointe.")
		note, err := s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Visibility: desk.Internal, Body: "Note interne secrète",
			Attachments: []desk.NewAttachment{{Filename: "interne.txt", Content: []byte("secret interne")}}})
		must(t, err)
		other := s.openFor("julie@ecole-soleil.example", "Autre", "Autre.")
		theirs, err := s.st.AddMessage(ctx, s.marie, other.Number, desk.NewMessage{Body: "Réponse à Julie",
			Attachments: []desk.NewAttachment{{Filename: "julie.txt", Content: []byte("à Julie")}}})
		must(t, err)
		b := s.portalBrowser("karine@courriel.example")
		p := b.get("/portal/requests/" + itoa(r.Number))
		wantOut(t, p, "Note interne secrète", "interne.txt", "/attachments/"+itoa(note.Attachments[0].ID))
		for _, id := range []int64{note.Attachments[0].ID, theirs.Attachments[0].ID} {
			if p := b.get("/portal/attachments/" + itoa(id)); p.status != http.StatusNotFound || strings.Contains(p.body, "secret") {
				t.Fatalf("portal attachment %d: %d", id, p.status)
			}
			if p := b.get("/attachments/" + itoa(id)); !strings.HasPrefix(p.url, "/login") || strings.Contains(p.body, "secret") {
				t.Fatalf("agents' attachment route %d: %d at %s", id, p.status, p.url)
			}
		}
	})
}

// A requester's session opens no agent page, and an agent's session no
// portal page: each is sent to its own sign-in page.
func TestPortalSessionsAreSeparate(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		newPortalDesk(t, s)
		r := s.openFor("karine@courriel.example", "Colis abîmé", "Photo jointe.")
		requester := s.portalBrowser("karine@courriel.example")
		for _, path := range []string{"/inbox", "/requests/" + itoa(r.Number), "/admin", "/admin/agents", "/directory",
			"/people", "/people/" + itoa(r.RequesterID), "/live?request=" + itoa(r.Number)} {
			p := requester.get(path)
			if !strings.HasPrefix(p.url, "/login") || strings.Contains(p.body, "Colis abîmé") {
				t.Fatalf("requester reached %s: %d at %s", path, p.status, p.url)
			}
		}
		p := requester.post("/requests/"+itoa(r.Number)+"/note", url.Values{"body": {"note de la requérante"}})
		if !strings.HasPrefix(p.url, "/login") {
			t.Fatalf("requester posted a note: %d at %s", p.status, p.url)
		}
		// An agent who is also a requester signs in to the portal as a requester only.
		s.openFor("paul@guichet.example", "Mon ordinateur", "Il ne démarre plus.")
		paul := s.portalBrowser("paul@guichet.example")
		if p := paul.get("/inbox"); !strings.HasPrefix(p.url, "/login") {
			t.Fatalf("a portal session of an agent opened the inbox: %s", p.url)
		}
		wantOut(t, paul.get("/portal/requests"), "Colis abîmé")
		agent := s.signedIn()
		for _, path := range []string{"/portal/requests", "/portal/requests/" + itoa(r.Number)} {
			if p := agent.get(path); !strings.HasPrefix(p.url, "/portal/login") || strings.Contains(p.body, "Colis abîmé") {
				t.Fatalf("agent session reached %s: %d at %s", path, p.status, p.url)
			}
		}
		if p := s.newBrowser("en").signIn("karine@courriel.example", testPassword); p.status != http.StatusUnauthorized {
			t.Fatalf("requester signed in as an agent: %d", p.status)
		}
	})
}

var portalPostRE = regexp.MustCompile(`\{[^}]*\}`)

// Every form post of the portal is refused without this browser's CSRF
// token, and changes nothing.
func TestPortalCSRF(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		newPortalDesk(t, s)
		r := s.openFor("karine@courriel.example", "Colis abîmé", "Photo jointe.")
		b := s.portalBrowser("karine@courriel.example")
		before := s.queuedMail()
		tried := 0
		for _, rt := range Routes() {
			if rt.Method != "POST" || !strings.HasPrefix(rt.Pattern, "/portal/") {
				continue
			}
			tried++
			path := portalPostRE.ReplaceAllString(rt.Pattern, itoa(r.Number))
			form := url.Values{"email": {"karine@courriel.example"}, "body": {"forged"}, "subject": {"forged"},
				"name": {"forged"}, "t": {"x"}}
			for _, tok := range []string{"", "forged", csrfToken(&reqState{pre: newID()})} {
				form.Set("csrf", tok)
				if p := b.post(path, form); p.status != http.StatusForbidden {
					t.Fatalf("POST %s with token %q: %d", path, tok, p.status)
				}
			}
		}
		if tried < 4 {
			t.Fatalf("only %d portal form posts tried", tried)
		}
		d, err := s.st.Request(ctx, desk.SystemActor, r.Number)
		must(t, err)
		if len(d.Messages) != 1 || s.queuedMail() != before {
			t.Fatalf("a forged post wrote: %d messages, %d → %d mails", len(d.Messages), before, s.queuedMail())
		}
	})
}
