package web

import (
	"net/http"
	"net/url"
	"strings"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// newRequester adds an external requester with address email, in org (nil
// for none), speaking lang.
func (s *site) newRequester(name, email string, org *int64, lang desk.Language) desk.Actor {
	s.t.Helper()
	p := desk.Person{Name: name, Kind: desk.ExternalPerson, Emails: []string{email}, OrganisationID: org, Language: lang}
	must(s.t, s.st.CreatePerson(ctx, desk.SystemActor, &p))
	a, err := s.st.ActorFor(ctx, p.ID)
	must(s.t, err)
	return a
}

// openFor creates a request for the requester with address email, as Marie.
func (s *site) openFor(email, subject, body string) *desk.Request {
	s.t.Helper()
	r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: subject, Body: body, RequesterEmail: email})
	must(s.t, err)
	return r
}

// mailedLink returns the path and query of the newest sign-in link mailed to
// email, after checking that it points at this site.
func (s *site) mailedLink(email string) string {
	s.t.Helper()
	m, err := s.st.LatestMail(ctx, store.MailSignIn, email)
	must(s.t, err)
	link, _ := m.Data["link"].(string)
	if !strings.HasPrefix(link, s.srv.URL+"/portal/link?t=") {
		s.t.Fatalf("mailed link %q does not point at %s", link, s.srv.URL)
	}
	return strings.TrimPrefix(link, s.srv.URL)
}

// askLink asks the portal's sign-in page for a link to email.
func (b *browser) askLink(email string) page {
	b.t.Helper()
	b.get("/portal/login")
	return b.post("/portal/login", url.Values{"email": {email}})
}

// portalSignIn signs in to the portal as email the way a requester does: ask
// for a link, follow the mailed link, press its button.
func (b *browser) portalSignIn(email string) page {
	b.t.Helper()
	if p := b.askLink(email); p.status != http.StatusOK {
		b.t.Fatalf("ask link: %d", p.status)
	}
	link := b.s.mailedLink(email)
	b.get(link)
	q := mustURL(b.t, link).Query()
	return b.post("/portal/link", url.Values{"t": {q.Get("t")}, "next": {q.Get("next")}})
}

// portalBrowser returns a browser signed in to the portal as email, in English.
func (s *site) portalBrowser(email string) *browser {
	s.t.Helper()
	b := s.newBrowser("en")
	if p := b.portalSignIn(email); p.status != http.StatusOK || !strings.HasPrefix(p.url, "/portal/requests") {
		s.t.Fatalf("portal sign in: %d at %s", p.status, p.url)
	}
	return b
}

// queuedMail counts the mail waiting in the outbox (no relay runs in tests).
func (s *site) queuedMail() int {
	s.t.Helper()
	n, _, err := s.st.MailBacklog(ctx)
	must(s.t, err)
	return n
}
