package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// portalDesk is a site with an organisation that shares its requests (Julie
// and Luc work there) and a requester elsewhere (Karine).
type portalDesk struct {
	*site
	julie, luc, karine desk.Actor
}

func newPortalDesk(t *testing.T, s *site) *portalDesk {
	t.Helper()
	org := desk.Organisation{Name: "École Soleil", Domain: "ecole-soleil.example", SharedRequests: true}
	must(t, s.st.CreateOrganisation(ctx, desk.SystemActor, &org))
	return &portalDesk{site: s,
		julie:  s.newRequester("Julie Roy", "julie@ecole-soleil.example", &org.ID, desk.English),
		luc:    s.newRequester("Luc Côté", "luc@ecole-soleil.example", &org.ID, desk.English),
		karine: s.newRequester("Karine Ouellet", "karine@courriel.example", nil, desk.English)} // reads the portal in English unless she switches
}

func TestPortalRequestList(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		d := newPortalDesk(t, s)
		mine := s.openFor("julie@ecole-soleil.example", "Colis abîmé", "La boîte est arrivée écrasée.")
		_, err := s.st.UpdateRequest(ctx, s.marie, mine.Number, desk.RequestPatch{AgentID: &s.marie.PersonID})
		must(t, err)
		colleague := s.openFor("luc@ecole-soleil.example", "Facture en double", "Deux factures pour une commande.")
		s.openFor("karine@courriel.example", "Remboursement", "Secret de Karine.")
		solved := s.openFor("julie@ecole-soleil.example", "Bon de livraison", "Pouvez-vous me l'envoyer?")
		_, err = s.st.AddMessage(ctx, s.marie, solved.Number, desk.NewMessage{Body: "Le voici."})
		must(t, err)
		solvedStatus := desk.StatusSolved
		_, err = s.st.UpdateRequest(ctx, s.marie, solved.Number, desk.RequestPatch{Status: &solvedStatus})
		must(t, err)
		b := s.portalBrowser("julie@ecole-soleil.example")

		t.Run("OpenOnesWithOwnerAndTheOrganisations", func(t *testing.T) {
			p := b.get("/portal/requests")
			wantIn(t, p, "Colis abîmé", "Handled by <strong>Front desk — Marie Tremblay</strong>",
				"Facture en double", "opened by Luc Côté", "Your organisation shares its requests")
			wantOut(t, p, "Remboursement", "Bon de livraison", `href="/portal/requests/`+itoa(colleague.Number+100))
		})
		t.Run("ClosedOnes", func(t *testing.T) {
			p := b.get("/portal/requests?show=closed")
			wantIn(t, p, "Bon de livraison", "Solved")
			wantOut(t, p, "Colis abîmé", "Remboursement")
		})
		t.Run("Search", func(t *testing.T) {
			p := b.get("/portal/requests?q=facture")
			wantIn(t, p, "Facture en double")
			wantOut(t, p, "Colis abîmé")
			if p := b.get("/portal/requests?q=secret"); strings.Contains(p.body, "Remboursement") {
				t.Fatal("search found another requester's request")
			}
		})
		t.Run("WithoutSharingOnlyOwn", func(t *testing.T) {
			p := s.portalBrowser("karine@courriel.example").get("/portal/requests")
			wantIn(t, p, "Remboursement")
			wantOut(t, p, "Colis abîmé", "Facture en double", "shares its requests")
		})
		t.Run("BadFilter", func(t *testing.T) {
			if p := b.get("/portal/requests?show=everything"); p.status != http.StatusBadRequest && p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
		})
		_ = d
	})
}

func TestPortalRequestPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		newPortalDesk(t, s)
		std := commit.Standard{Name: "Everyone", Active: true, FirstResponse: mustTarget(t, "4h"), NextResponse: mustTarget(t, "8h"),
			Resolution: mustTarget(t, "5d")}
		must(t, s.st.CreateStandard(ctx, desk.SystemActor, &std))
		r := s.openFor("julie@ecole-soleil.example", "Colis abîmé", "La boîte est arrivée écrasée.")
		path := "/portal/requests/" + itoa(r.Number)
		_, err := s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Visibility: desk.Internal, Body: "Client difficile, attention.",
			Attachments: []desk.NewAttachment{{Filename: "dossier-interne.txt", Content: []byte("confidentiel")}}})
		must(t, err)
		prio := desk.PriorityHigh
		_, err = s.st.UpdateRequest(ctx, s.marie, r.Number, desk.RequestPatch{Priority: &prio})
		must(t, err)
		b := s.portalBrowser("julie@ecole-soleil.example")
		cat := s.catalogue(t, desk.English)

		t.Run("ExpectsTheFirstAnswerByTheStandardsTime", func(t *testing.T) {
			d, err := s.st.Request(ctx, s.julie(t), r.Number)
			must(t, err)
			if d.FirstResponseDue == nil {
				t.Fatal("no first response due: the standard did not apply")
			}
			p := b.get(path)
			wantIn(t, p, "What to expect", "You can expect a first answer by "+longDate(cat, *d.FirstResponseDue),
				"We aim to resolve your request by "+longDate(cat, *d.ResolutionDue))
		})
		t.Run("NeverShowsInternalNotesOrInternalEvents", func(t *testing.T) {
			p := b.get(path)
			wantIn(t, p, "La boîte est arrivée écrasée.", "Request received; handled by Front desk.")
			wantOut(t, p, "Client difficile", "dossier-interne", "priority", "High")
		})
		t.Run("ShowsPublicRepliesAndTheirAttachments", func(t *testing.T) {
			_, err := s.st.AddMessage(ctx, s.marie, r.Number, desk.NewMessage{Body: "Nous envoyons un remplacement.",
				Attachments: []desk.NewAttachment{{Filename: "bon-de-retour.pdf", ContentType: "application/pdf", Content: []byte("%PDF")}}})
			must(t, err)
			p := b.get(path)
			wantIn(t, p, "Our reply", "Nous envoyons un remplacement.", "bon-de-retour.pdf")
			link := regexp.MustCompile(`href="(/portal/attachments/\d+)"`).FindStringSubmatch(p.body)
			if link == nil {
				t.Fatal("no attachment link")
			}
			if got := b.get(link[1]); got.status != http.StatusOK || got.body != "%PDF" ||
				!strings.HasPrefix(got.header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("attachment: %d %q %q", got.status, got.body, got.header.Get("Content-Disposition"))
			}
		})
		t.Run("PromisesWithDueDateAndState", func(t *testing.T) {
			due := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
			pr, err := s.st.MakePromise(ctx, s.marie, r.Number, commit.NewPromise{Text: "Je vous rappelle jeudi avec la date de livraison.", DueAt: due})
			must(t, err)
			p := b.get(path)
			wantIn(t, p, "What we promised you", "Je vous rappelle jeudi avec la date de livraison.", "by Marie Tremblay",
				"due "+longDate(cat, due), "Promised")
			_, err = s.st.KeepPromise(ctx, s.marie, r.Number, pr.ID)
			must(t, err)
			wantIn(t, b.get(path), "promise-kept", "Promise kept.")
		})
		t.Run("WaitingOnAnotherDepartment", func(t *testing.T) {
			_, err := s.st.OpenConsult(ctx, s.marie, r.Number, commit.NewConsult{ToDepartmentID: s.shipping.ID,
				Question: "Question interne au transporteur"})
			must(t, err)
			p := b.get(path)
			wantIn(t, p, "Waiting on another department: Shipping")
			wantOut(t, p, "Question interne au transporteur")
		})
		t.Run("HandoffSaysWhoHandlesItNow", func(t *testing.T) {
			_, err := s.st.Handoff(ctx, s.marie, r.Number, desk.NewHandoff{ToDepartmentID: s.billing.ID, ToAgentID: s.paul.PersonID,
				Reason: "Raison interne du transfert"})
			must(t, err)
			p := b.get(path)
			wantIn(t, p, "Handled by <strong data-testid=\"owner\">Billing — Paul Gagnon</strong>", "Now handled by Billing — Paul Gagnon.")
			wantOut(t, p, "Raison interne du transfert")
		})
		t.Run("ReplyWithAnAttachment", func(t *testing.T) {
			b.get(path)
			p := b.postFiles(path+"/reply", url.Values{"body": {"Voici la photo de la boîte."}}, "boite.jpg", "JPEG")
			wantIn(t, p, "Your message was sent.", "Voici la photo de la boîte.", "boite.jpg")
			d, err := s.st.Request(ctx, s.marie, r.Number)
			must(t, err)
			last := d.Messages[len(d.Messages)-1]
			if last.Kind != desk.KindRequester || last.Visibility != desk.Public || len(last.Attachments) != 1 {
				t.Fatalf("last message %+v", last)
			}
		})
		t.Run("EmptyReplyIsRefusedKeepingNothingLost", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/reply", url.Values{"body": {"   "}})
			if p.status != http.StatusUnprocessableEntity && p.status != http.StatusBadRequest {
				t.Fatalf("status %d", p.status)
			}
			wantIn(t, p, `data-testid="form-error"`, "Message")
		})
		t.Run("ColleagueOfASharingOrganisationReadsIt", func(t *testing.T) {
			p := s.portalBrowser("luc@ecole-soleil.example").get(path)
			wantIn(t, p, "Colis abîmé", "opened by Julie Roy")
			wantOut(t, p, "Client difficile")
		})
	})
}

// julie returns Julie's actor (the requester of newPortalDesk).
func (s *site) julie(t *testing.T) desk.Actor {
	t.Helper()
	p, err := s.st.PersonByEmail(ctx, desk.SystemActor, "julie@ecole-soleil.example")
	must(t, err)
	a, err := s.st.ActorFor(ctx, p.ID)
	must(t, err)
	return a
}

// catalogue returns the interface strings of lang.
func (s *site) catalogue(t *testing.T, lang desk.Language) catalogue {
	t.Helper()
	cats, err := loadCatalogues()
	must(t, err)
	return cats[lang]
}

func mustTarget(t *testing.T, s string) commit.Target {
	t.Helper()
	v, err := commit.ParseTarget("target", s)
	must(t, err)
	return v
}
