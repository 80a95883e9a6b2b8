package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func TestRequestPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
		path := "/requests/" + itoa(r.Number)
		b := s.signedIn()

		t.Run("ShowsTheConversationAndOwner", func(t *testing.T) {
			p := b.get(path)
			wantIn(t, p, "Colis abîmé", "La boîte est arrivée écrasée.", `class="msg msg-requester"`,
				`data-testid="owner">Front desk</strong>`, "Requester message")
		})
		t.Run("CloseWithoutReplyShowsWhy", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/update", url.Values{"status": {"closed"}, "priority": {"normal"}, "tags": {""}, "contact_reason": {""}})
			if p.status != http.StatusConflict {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, `data-testid="form-error">This request cannot be solved or closed yet: the requester has not received any public reply.`)
			wantIn(t, p, `name="next" value="`+path+`"`) // the language switch returns to the page, not the action
			d, err := s.st.Request(ctx, s.marie, r.Number)
			must(t, err)
			if d.Status.Done() {
				t.Fatalf("closed anyway: %s", d.Status)
			}
		})
		t.Run("ReplyIsPublicAndThenSolves", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/reply", url.Values{"body": {"Nous envoyons un remplacement."}, "then_status": {"solved"}})
			if p.url != path {
				t.Fatalf("landed on %s", p.url)
			}
			wantIn(t, p, "Reply sent.", `class="msg msg-reply"`, "Nous envoyons un remplacement.", `badge status-solved`)
		})
		t.Run("NoteIsMarkedInternal", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/note", url.Values{"body": {"Client fidèle, 3e colis abîmé."}})
			wantIn(t, p, "Note added.", `class="msg msg-note"`, "Client fidèle, 3e colis abîmé.", "Internal note")
		})
		t.Run("EmptyReplyKeepsTheFormAndSaysWhy", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/reply", url.Values{"body": {"   "}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Message”")
		})
		t.Run("HandOffChangesTheOwner", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/handoff", url.Values{"department": {itoa(s.billing.ID)}, "agent": {itoa(s.paul.PersonID)},
				"reason": {"Remboursement à faire"}})
			wantIn(t, p, "Handed off to Billing.", `data-testid="owner">Billing — Paul Gagnon</strong>`, "Remboursement à faire")
		})
		t.Run("HandOffWithoutReasonKeepsTheChoice", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/handoff", url.Values{"department": {itoa(s.shipping.ID)}, "reason": {""}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Why”", `value="`+itoa(s.shipping.ID)+`" required`+"\n          checked")
		})
		t.Run("UnknownRequestIsNotFound", func(t *testing.T) {
			if p := b.get("/requests/999999"); p.status != http.StatusNotFound {
				t.Fatalf("got %d", p.status)
			}
		})
	})
}

func TestHTMLMailIsInert(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: "<script>alert('subject')</script>",
			Body: "texte", RequesterEmail: "pirate@example.com",
			BodyHTML: `<p onclick="steal()">Bonjour</p><script>alert(1)</script><a href="javascript:alert(2)">lien</a>` +
				`<img src="x" onerror="alert(3)"><iframe src="https://evil.example"></iframe>`})
		must(t, err)
		p := s.signedIn().get("/requests/" + itoa(r.Number))
		wantIn(t, p, "Bonjour", "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;")
		body := strings.ToLower(p.body)
		for _, bad := range []string{"<script>alert", "onclick", "onerror", "javascript:", "<iframe"} {
			if strings.Contains(body, bad) {
				t.Fatalf("page contains %q", bad)
			}
		}
		csp := p.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Fatalf("CSP %q", csp)
		}
	})
}

func TestLanguage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		t.Run("FollowsTheBrowser", func(t *testing.T) {
			wantIn(t, s.newBrowser("fr-CA,fr;q=0.9").get("/login"), `<html lang="fr-CA">`, "Se connecter à Guichet")
			wantIn(t, s.newBrowser("en-US").get("/login"), `<html lang="en">`, "Sign in to Guichet")
		})
		t.Run("SwitchWinsAndReturnsToThePage", func(t *testing.T) {
			b := s.signedIn()
			b.get("/inbox?agent=me")
			p := b.post("/language", url.Values{"lang": {"fr-CA"}, "next": {"/inbox?agent=me"}})
			if p.url != "/inbox?agent=me" {
				t.Fatalf("returned to %s", p.url)
			}
			wantIn(t, p, `<html lang="fr-CA">`, "Mes demandes", "Boîte de réception")
			wantIn(t, b.get("/requests/999"), "Cette page ou cette demande n’existe pas")
		})
		t.Run("SwitchWorksBeforeSignIn", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/login")
			wantIn(t, b.post("/language", url.Values{"lang": {"fr-CA"}, "next": {"/login"}}), "Se connecter à Guichet")
		})
	})
}
