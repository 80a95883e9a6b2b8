package web

import (
	"net/http"
	"testing"

	"guichet/internal/desk"
)

func TestRequesterProfile(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		org := desk.Organisation{Name: "École Soleil", Domain: "ecole-soleil.example", SharedRequests: true}
		must(t, s.st.CreateOrganisation(ctx, desk.SystemActor, &org))
		julie := desk.Person{Name: "Julie Roy", Emails: []string{"julie@ecole-soleil.example", "j.roy@gmail.example"}, OrganisationID: &org.ID}
		must(t, s.st.CreatePerson(ctx, desk.SystemActor, &julie))
		first := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
		second := s.open("Facture en double", "Deux factures.")
		colleague := desk.Person{Name: "Luc Entrepôt", Kind: desk.InternalPerson, DepartmentID: &s.shipping.ID, Emails: []string{"luc@guichet.example"}}
		must(t, s.st.CreatePerson(ctx, desk.SystemActor, &colleague))
		b := s.signedIn()

		t.Run("ShowsTheirRequestsOrganisationAndEmails", func(t *testing.T) {
			p := b.get("/people/" + itoa(julie.ID))
			wantIn(t, p, "Julie Roy", "julie@ecole-soleil.example", "j.roy@gmail.example",
				`data-testid="organisation">École Soleil`, "members see each other&#39;s requests",
				row(first.Number), row(second.Number), `data-testid="open-count">2`, "Customer (external)")
		})
		t.Run("InternalRequesterShowsTheirDepartment", func(t *testing.T) {
			p := b.get("/people/" + itoa(colleague.ID))
			wantIn(t, p, `data-testid="department"><a href="/directory#dept-`+itoa(s.shipping.ID)+`">Shipping</a>`, "No request yet.")
		})
		t.Run("RequestPageAndInboxLinkToTheProfile", func(t *testing.T) {
			wantIn(t, b.get("/requests/"+itoa(first.Number)), `href="/people/`+itoa(julie.ID)+`"`)
			wantIn(t, b.get("/inbox"), `href="/people/`+itoa(julie.ID)+`"`)
		})
		t.Run("PeopleSearchFindsByEmail", func(t *testing.T) {
			p := b.get("/people?q=gmail")
			wantIn(t, p, `href="/people/`+itoa(julie.ID)+`"`)
			wantOut(t, p, `href="/people/`+itoa(colleague.ID)+`"`)
		})
		t.Run("UnknownPersonIsNotFound", func(t *testing.T) {
			if p := b.get("/people/999999"); p.status != http.StatusNotFound {
				t.Fatalf("got %d", p.status)
			}
		})
		t.Run("SignedOutGoesToSignIn", func(t *testing.T) {
			if p := s.newBrowser("en").get("/people/" + itoa(julie.ID)); p.url != "/login?next=%2Fpeople%2F"+itoa(julie.ID) {
				t.Fatalf("went to %s", p.url)
			}
		})
	})
}
