package web

import (
	"net/http"
	"net/url"
	"testing"

	"guichet/internal/desk"
)

func TestAdminMail(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		t.Run("ErrAgentsAreRefused", func(t *testing.T) {
			b := s.signedIn()
			if p := b.get("/admin/mail"); p.status != http.StatusForbidden {
				t.Fatalf("GET: %d", p.status)
			}
			b.get("/inbox")
			p := b.post("/admin/mail", url.Values{"address": {"factures"}, "department": {itoa(s.billing.ID)}})
			if p.status != http.StatusForbidden {
				t.Fatalf("POST: %d", p.status)
			}
		})
		b := s.adminBrowser()
		t.Run("TabBesideTheOthers", func(t *testing.T) {
			p := b.get("/admin/mail")
			wantIn(t, p, `href="/admin/mail" aria-current="page">Email addresses</a>`, `href="/admin/tokens"`,
				"No address is mapped yet")
		})
		t.Run("AddedAddressIsListedAndShownOnItsDepartment", func(t *testing.T) {
			b.get("/admin/mail")
			p := b.post("/admin/mail", url.Values{"address": {"Factures"}, "department": {itoa(s.billing.ID)}})
			wantIn(t, p, "New mail to factures now goes to Billing.", `<code>factures@…</code>`, "(every mail domain)")
			wantIn(t, b.get("/admin/departments/"+itoa(s.billing.ID)), `data-testid="department-mail"`, "factures@…")
		})
		t.Run("ErrBadAddressKeepsWhatWasTypedAndWritesNothing", func(t *testing.T) {
			b.get("/admin/mail")
			p := b.post("/admin/mail", url.Values{"address": {"deux mots"}, "department": {itoa(s.billing.ID)}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Enter a local part (factures) or an email address", `value="deux mots"`)
		})
		t.Run("ErrTakenAddressSaysSo", func(t *testing.T) {
			b.get("/admin/mail")
			p := b.post("/admin/mail", url.Values{"address": {"factures"}, "department": {itoa(s.shipping.ID)}})
			if p.status != http.StatusConflict {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "This address already routes mail to a department.")
		})
		t.Run("ErrNoDepartment", func(t *testing.T) {
			b.get("/admin/mail")
			p := b.post("/admin/mail", url.Values{"address": {"envois"}, "department": {""}})
			wantIn(t, p, "Choose a department that exists.")
		})
		t.Run("ErrFormWithoutCSRFTokenIsRejected", func(t *testing.T) {
			b.get("/admin/mail")
			p := b.post("/admin/mail", url.Values{"address": {"envois"}, "department": {itoa(s.shipping.ID)}, "csrf": {""}})
			if p.status != http.StatusForbidden {
				t.Fatalf("got %d", p.status)
			}
		})
		t.Run("Removed", func(t *testing.T) {
			list, err := s.st.MailAddressList(ctx, desk.SystemActor)
			must(t, err)
			if len(list) != 1 {
				t.Fatalf("mapping %+v: want only factures (refused forms write nothing)", list)
			}
			b.get("/admin/mail")
			p := b.post("/admin/mail/"+itoa(list[0].ID)+"/remove", nil)
			wantIn(t, p, "Address removed", "No address is mapped yet")
		})
	})
}

func TestRequestPageMail(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
		path := "/requests/" + itoa(r.Number)
		b := s.signedIn()
		t.Run("QueuedAcknowledgementIsShown", func(t *testing.T) {
			wantIn(t, b.get(path), `data-testid="mail-ack"`, "Acknowledgement", `class="badge mail-queued"`,
				"to julie@ecole-soleil.example", "Kept in the outbox until an SMTP relay accepts it.")
		})
		t.Run("ReplyMailFailureShowsTheLastErrorAndAttempts", func(t *testing.T) {
			b.get(path)
			b.post(path+"/reply", url.Values{"body": {"Nous envoyons un remplacement."}})
			list, err := s.st.MailDeliveries(ctx, s.marie, r.Number)
			must(t, err)
			must(t, s.st.MarkMailSent(ctx, list[0].ID))
			must(t, s.st.MarkMailFailed(ctx, list[1].ID, "550 5.1.1 <julie@ecole-soleil.example>: mailbox unavailable", false))
			must(t, s.st.MarkMailFailed(ctx, list[1].ID, "550 5.1.1 <julie@ecole-soleil.example>: mailbox unavailable", true))
			p := b.get(path)
			wantIn(t, p, `class="badge mail-sent"`, `data-testid="mail-reply"`, "Public reply", `class="badge mail-failed"`,
				"2 attempt(s)", "550 5.1.1 &lt;julie@ecole-soleil.example&gt;: mailbox unavailable")
		})
	})
}
