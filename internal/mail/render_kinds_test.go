package mail

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"text/template"

	"github.com/emersion/go-message"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// Every kind of mail has a template in every language of the desk.
func TestEveryKindInEveryLanguage(t *testing.T) {
	r, err := NewRenderer("support@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for name := range r.tmpl {
		kind, _, _ := strings.Cut(name, ".")
		kinds[kind] = true
	}
	for _, k := range []string{store.MailAck, store.MailHandoff, store.MailReply, store.MailAlert} {
		if !kinds[k] {
			t.Errorf("no template for %q", k)
		}
	}
	for k := range kinds {
		for _, l := range []desk.Language{desk.French, desk.English} {
			if r.tmpl[k+"."+string(l)] == nil {
				t.Errorf("kind %q has no %s template", k, l)
			}
		}
	}
}

// A mail about no request (a sign-in link, a notice to an agent) carries no
// request header and no plus-address to reply to, and its template reads the
// values it was queued with.
func TestRenderMailAboutNoRequest(t *testing.T) {
	r, err := NewRenderer("support@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.tmpl["notice.en"] = template.Must(template.New("").Parse(
		`{{define "subject"}}Notice{{end}}{{define "body"}}Hello {{.Name}}, {{.Data.text}}{{end}}`))
	out, err := r.Render(context.Background(), &store.OutboxMail{Token: "g0.abc", Kind: "notice", ToEmail: "lea@example.com",
		ToName: "Lea", Language: desk.English, Data: map[string]any{"text": "request 12 waits for you."}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := message.Read(bytes.NewReader(out.Raw))
	if err != nil {
		t.Fatal(err)
	}
	if e.Header.Get("X-Guichet-Request") != "" || e.Header.Get("Reply-To") != "" || out.To != "lea@example.com" {
		t.Fatalf("headers %v to %q", e.Header, out.To)
	}
	if !strings.Contains(string(out.Raw), "Hello Lea, request 12 waits for you.") {
		t.Fatalf("body:\n%s", out.Raw)
	}
}

// With the desk's public address set, mail about a request links to its page
// in the portal; without it, there is no link; mail about no request never
// has one.
func TestRequestMailLinksToThePortal(t *testing.T) {
	r, err := NewRenderer("support@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	ack := &store.OutboxMail{Token: "g12.a", Kind: store.MailAck, Number: 12, Subject: "Facture", ToEmail: "a@b.example",
		Language: desk.French, Data: map[string]any{"department": "Facturation"}}
	body := func() string {
		out, err := r.Render(context.Background(), ack, nil)
		if err != nil {
			t.Fatal(err)
		}
		return string(out.Raw)
	}
	if strings.Contains(body(), "/portal/") {
		t.Fatal("a link without a public address")
	}
	r.SetPublicURL("https://guichet.boreal.example/")
	if !strings.Contains(body(), "https://guichet.boreal.example/portal/requests/12") {
		t.Fatalf("no portal link:\n%s", body())
	}
	for _, kind := range []string{store.MailHandoff, store.MailReply} {
		ack.Kind, ack.Language = kind, desk.English
		if kind == store.MailReply {
			ack.Reply = &desk.Message{Body: "Voici.", Author: "Bill"}
		}
		if !strings.Contains(body(), "/portal/requests/12") {
			t.Fatalf("%s has no portal link:\n%s", kind, body())
		}
	}
}
