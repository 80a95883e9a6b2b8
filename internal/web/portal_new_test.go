package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// newRequestForm is what a visitor types in the new-request form.
func newRequestForm(name, email, subject, body string) url.Values {
	return url.Values{"name": {name}, "email": {email}, "subject": {subject}, "body": {body}}
}

var createdRE = regexp.MustCompile(`Request #(\d+) received`)

// createdNumber reads the request number from the confirmation page.
func createdNumber(t *testing.T, p page) int64 {
	t.Helper()
	m := createdRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no confirmation (%d):\n%s", p.status, excerpt(p.body))
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

func TestPortalNewRequestWithoutAccount(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		t.Run("OpensForANewRequesterAndAcknowledges", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/portal/new")
			p := b.postFiles("/portal/new", newRequestForm("Hélène Bouchard", "helene@example.com", "Colis abîmé",
				"La boîte est arrivée écrasée."), "photo.jpg", "JPEG")
			n := createdNumber(t, p)
			wantIn(t, p, "Colis abîmé", "It is in the hands of Front desk.", `name="next" value="/portal/requests/`+itoa(n)+`"`,
				`value="helene@example.com"`)
			d, err := s.st.Request(ctx, desk.SystemActor, n)
			must(t, err)
			if d.Channel != desk.ChannelPortal || d.Requester != "Hélène Bouchard" || len(d.Messages[0].Attachments) != 1 {
				t.Fatalf("request %+v", d.Request)
			}
			if m, err := s.st.LatestMail(ctx, store.MailAck, "helene@example.com"); err != nil || m.Number != n {
				t.Fatalf("acknowledgement: %+v, %v", m, err)
			}
		})
		t.Run("AnExistingAddressGetsTheRequestAndNothingOfTheirs", func(t *testing.T) {
			s.newRequester("Julie Roy", "julie@ecole-soleil.example", nil, desk.French)
			old := s.openFor("julie@ecole-soleil.example", "Ancienne demande privée", "Mon numéro de client est 4411.")
			b := s.newBrowser("en")
			b.get("/portal/new")
			p := b.post("/portal/new", newRequestForm("Quelqu'un", "Julie@Ecole-Soleil.example", "Nouvelle question", "Bonjour."))
			n := createdNumber(t, p)
			wantOut(t, p, "Ancienne demande privée", "4411", "Julie Roy", "#"+itoa(old.Number)+" ")
			d, err := s.st.Request(ctx, desk.SystemActor, n)
			must(t, err)
			if d.RequesterID != old.RequesterID {
				t.Fatalf("request went to person %d, not %d", d.RequesterID, old.RequesterID)
			}
		})
		t.Run("TheDepartmentPickedOwnsIt", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/portal/new")
			f := newRequestForm("Tom Wilson", "tom@example.com", "Refund", "I was charged twice.")
			f.Set("department", itoa(s.billing.ID))
			wantIn(t, b.post("/portal/new", f), "It is in the hands of Billing.")
		})
		t.Run("MissingFieldsAreNamedAndKept", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/portal/new")
			p := b.post("/portal/new", newRequestForm("", "tom@example.com", "Refund", "Twice."))
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
			wantIn(t, p, "Enter your name", `value="tom@example.com"`, `value="Refund"`, ">Twice.</textarea>")
			p = b.post("/portal/new", newRequestForm("Tom", "not-an-address", "Refund", "Twice."))
			wantIn(t, p, "Enter a valid email address")
			p = b.post("/portal/new", newRequestForm("Tom", "tom@example.com", "", "Twice."))
			wantIn(t, p, "Check the field “Subject”")
		})
		t.Run("RobotsFillingTheHoneypotAreRefused", func(t *testing.T) {
			before := s.queuedMail()
			b := s.newBrowser("en")
			b.get("/portal/new")
			f := newRequestForm("Bot", "bot@example.com", "Cheap pills", "Buy now")
			f.Set(honeypotField, "https://spam.example")
			if p := b.post("/portal/new", f); p.status != http.StatusForbidden {
				t.Fatalf("honeypot: %d", p.status)
			}
			if s.queuedMail() != before {
				t.Fatal("a robot's request was acknowledged")
			}
		})
		t.Run("FormWithoutCSRFIsRefused", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/portal/new")
			f := newRequestForm("Tom", "tom@example.com", "Forged", "Forged.")
			f.Set("csrf", "forged")
			if p := b.post("/portal/new", f); p.status != http.StatusForbidden {
				t.Fatalf("forged: %d", p.status)
			}
		})
	})
}

func TestPortalNewRequestSignedIn(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		julie := s.newRequester("Julie Roy", "julie@ecole-soleil.example", nil, desk.English)
		b := s.portalBrowser("julie@ecole-soleil.example")
		p := b.get("/portal/new")
		wantOut(t, p, `name="email"`, `name="name"`)
		f := url.Values{"subject": {"Facture en double"}, "body": {"Deux factures pour une commande."}, "department": {itoa(s.billing.ID)}}
		p = b.post("/portal/new", f)
		if !strings.HasPrefix(p.url, "/portal/requests/") {
			t.Fatalf("landed on %s", p.url)
		}
		wantIn(t, p, "sent. It is in the hands of Billing.", "Deux factures pour une commande.")
		n, _ := strconv.ParseInt(strings.TrimPrefix(p.url, "/portal/requests/"), 10, 64)
		d, err := s.st.Request(ctx, desk.SystemActor, n)
		must(t, err)
		if d.RequesterID != julie.PersonID || d.Channel != desk.ChannelPortal || d.DepartmentID != s.billing.ID {
			t.Fatalf("request %+v", d.Request)
		}
		f.Set("email", "someone-else@example.com") // a signed-in requester opens requests for themselves only
		if p := b.post("/portal/new", f); p.status == http.StatusOK && strings.Contains(p.url, "/portal/requests/") {
			d, err := s.st.Request(ctx, desk.SystemActor, n+1)
			must(t, err)
			if d.RequesterID != julie.PersonID {
				t.Fatalf("opened for person %d", d.RequesterID)
			}
		}
	})
}

// Without an account, one IP may open a few requests an hour; the page says
// why when it may not.
func TestPortalNewRequestLimit(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	b := s.newBrowser("en")
	b.get("/portal/new")
	for i := range newMaxPerIP {
		createdNumber(t, b.post("/portal/new", newRequestForm("Tom", "tom@example.com", "Question "+itoa(int64(i)), "Body.")))
	}
	p := b.post("/portal/new", newRequestForm("Tom", "tom@example.com", "One too many", "Body."))
	if p.status != http.StatusTooManyRequests {
		t.Fatalf("status %d", p.status)
	}
	wantIn(t, p, "Many requests were sent from here", `value="One too many"`)
}

func TestPortalDepartmentSuggestion(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		t.Run("SuggestButtonWorksWithoutJavaScript", func(t *testing.T) {
			b := s.newBrowser("fr-CA")
			b.get("/portal/new")
			f := newRequestForm("Tom", "tom@example.com", "Parcel", "My parcels never arrived: which carrier has them?")
			f.Set("action", "suggest")
			p := b.post("/portal/new", f)
			if p.status != http.StatusOK {
				t.Fatalf("status %d", p.status)
			}
			wantIn(t, p, "Suggéré d&#39;après ce que vous avez écrit", `id="nr-dept-`+itoa(s.shipping.ID)+`" value="`+itoa(s.shipping.ID)+`" checked`,
				"My parcels never arrived")
			if s.queuedMail() != 0 {
				t.Fatal("suggesting created a request")
			}
		})
		t.Run("APickStaysPicked", func(t *testing.T) {
			b := s.newBrowser("en")
			b.get("/portal/new")
			f := newRequestForm("Tom", "tom@example.com", "Parcel and invoice", "My parcels and my invoices.")
			f.Set("action", "suggest")
			f.Set("department", "0")
			p := b.post("/portal/new", f)
			wantIn(t, p, `id="nr-dept-0" value="0" checked`)
		})
		t.Run("ScriptAsksAsOneTypes", func(t *testing.T) {
			b := s.newBrowser("en")
			var got []suggestion
			p := b.get("/portal/suggest?q=" + url.QueryEscape("Remboursement de ma facture (invoice)"))
			if err := json.Unmarshal([]byte(p.body), &got); err != nil || len(got) == 0 || got[0].ID != s.billing.ID {
				t.Fatalf("suggestions %s (%v)", p.body, err)
			}
			if p := b.get("/portal/suggest?q=bonjour"); strings.TrimSpace(p.body) != "[]" {
				t.Fatalf("nothing to suggest: %s", p.body)
			}
		})
	})
}

func TestSuggestDepartments(t *testing.T) {
	dir := []deptEntry{
		{Department: desk.Department{ID: 1, Name: "Expédition"}, Keywords: keywords("transporteurs, colis, livraisons / carriers, parcels")},
		{Department: desk.Department{ID: 2, Name: "Facturation"}, Keywords: keywords("factures, crédits, paiements / invoices, payments")},
		{Department: desk.Department{ID: 3, Name: "Service à la clientèle"}, Keywords: keywords("suivi de commande, retours / order status")},
	}
	for text, want := range map[string][]int64{
		"Mon colis n'est jamais arrivé":                  {1},
		"Question sur la facturation de ma commande":     {2},
		"Où en est le suivi de ma commande?":             {3},
		"Colis livré, mais la facture est fausse; colis": {1, 2},
		"Bonjour": nil,
		"What is my order status? The parcel is late.": {1, 3},
	} {
		var got []int64
		for _, e := range suggestDepartments(dir, text, 3) {
			got = append(got, e.ID)
		}
		if len(got) != len(want) || len(want) > 0 && !sameIDs(got, want) {
			t.Errorf("%q → %v, want %v", text, got, want)
		}
	}
}

func sameIDs(got, want []int64) bool {
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			return false
		}
	}
	return len(got) == len(want)
}
