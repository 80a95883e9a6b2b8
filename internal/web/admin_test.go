package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"guichet/internal/desk"
)

// adminBrowser returns a browser signed in as a new admin, Ada.
func (s *site) adminBrowser() *browser {
	s.t.Helper()
	ada := s.newAgent("Ada Admin", "ada@guichet.example", s.frontDesk.ID)
	ag, err := s.st.Agent(ctx, desk.SystemActor, ada.PersonID)
	must(s.t, err)
	ag.Role = desk.RoleAdmin
	must(s.t, s.st.UpdateAgent(ctx, desk.SystemActor, ag))
	b := s.newBrowser("en")
	if p := b.signIn("ada@guichet.example", testPassword); p.url != "/inbox" {
		s.t.Fatalf("admin sign in landed on %s", p.url)
	}
	return b
}

func TestAdminAccess(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		b := s.signedIn() // Marie is an agent, not an admin
		t.Run("AgentsAreRefused", func(t *testing.T) {
			for _, path := range []string{"/admin", "/admin/departments", "/admin/agents", "/admin/organisations", "/admin/tokens"} {
				if p := b.get(path); p.status != http.StatusForbidden {
					t.Fatalf("%s: %d", path, p.status)
				}
			}
			wantOut(t, b.get("/inbox"), `href="/admin"`)
			p := b.post("/admin/departments", url.Values{"slug": {"x"}, "name": {"X"}})
			if p.status != http.StatusForbidden {
				t.Fatalf("post: %d", p.status)
			}
		})
		t.Run("SignedOutGoesToSignIn", func(t *testing.T) {
			if p := s.newBrowser("en").get("/admin/tokens"); p.url != "/login?next=%2Fadmin%2Ftokens" {
				t.Fatalf("went to %s", p.url)
			}
		})
	})
}

func TestAdminDepartments(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		b := s.adminBrowser()
		t.Run("CreateWithHoursShowsInTheDirectory", func(t *testing.T) {
			b.get("/admin/departments")
			p := b.post("/admin/departments", url.Values{"name": {"Entrepôt"}, "slug": {"entrepot"},
				"handles": {"stock, inventaire"}, "hours": {"24/7"}})
			wantIn(t, p, "Department Entrepôt created.")
			wantIn(t, b.get("/directory?q=inventaire"), "Entrepôt", "24/7")
		})
		t.Run("BadSlugKeepsWhatWasTypedAndWritesNothing", func(t *testing.T) {
			b.get("/admin/departments")
			p := b.post("/admin/departments", url.Values{"name": {"Ventes"}, "slug": {"Ventes et marketing"}, "hours": {"9-5"}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Short name”", `value="Ventes et marketing"`, `value="9-5"`)
			wantOut(t, b.get("/directory"), "Ventes")
		})
		t.Run("MoveTheFrontDesk", func(t *testing.T) {
			path := "/admin/departments/" + itoa(s.shipping.ID)
			b.get(path)
			p := b.post(path, url.Values{"name": {"Shipping"}, "slug": {"shipping"}, "handles": {"deliveries"}, "front_desk": {"on"}})
			wantIn(t, p, "Saved.", "checked disabled")
			d, err := s.st.Department(ctx, desk.SystemActor, s.frontDesk.ID)
			must(t, err)
			if d.FrontDesk {
				t.Fatal("the old front desk is still the front desk")
			}
		})
		t.Run("DeletingADepartmentThatOwnsRequestsSaysWhy", func(t *testing.T) {
			r := s.open("Colis", "Où est-il?")
			_, err := s.st.Handoff(ctx, s.marie, r.Number, desk.NewHandoff{ToDepartmentID: s.billing.ID, Reason: "facture"})
			must(t, err)
			path := "/admin/departments/" + itoa(s.billing.ID)
			b.get(path)
			p := b.post(path+"/delete", nil)
			if p.status != http.StatusConflict {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, `data-testid="form-error"`)
		})
	})
}

func TestAdminAgents(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		b := s.adminBrowser()
		t.Run("NewAgentCanSignIn", func(t *testing.T) {
			b.get("/admin/agents")
			p := b.post("/admin/agents", url.Values{"name": {"Sophie Lavoie"}, "email": {"sophie@guichet.example"},
				"role": {"agent"}, "departments": {itoa(s.shipping.ID)}, "password": {"un mot de passe"}})
			wantIn(t, p, "Sophie Lavoie is now an agent.", "Sophie Lavoie")
			if p := s.newBrowser("en").signIn("sophie@guichet.example", "un mot de passe"); p.url != "/inbox" {
				t.Fatalf("new agent landed on %s", p.url)
			}
			wantIn(t, b.get("/directory?q=sophie"), "Shipping")
		})
		t.Run("ShortPasswordWritesNothing", func(t *testing.T) {
			b.get("/admin/agents")
			p := b.post("/admin/agents", url.Values{"name": {"Trop Court"}, "email": {"court@guichet.example"}, "role": {"agent"}, "password": {"court"}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Password”", `value="court@guichet.example"`)
			if _, err := s.st.PersonByEmail(ctx, desk.SystemActor, "court@guichet.example"); desk.ErrorCode(err) != desk.CodeNotFound {
				t.Fatalf("person written anyway: %v", err)
			}
		})
		t.Run("DeactivatingSignsThemOutEverywhere", func(t *testing.T) {
			marie := s.signedIn()
			path := "/admin/agents/" + itoa(s.marie.PersonID)
			b.get(path)
			p := b.post(path, url.Values{"role": {"agent"}, "departments": {itoa(s.frontDesk.ID)}})
			wantIn(t, p, "Saved.")
			if p := marie.get("/inbox"); p.url != "/login?next=%2Finbox" {
				t.Fatalf("deactivated agent still in: %s", p.url)
			}
		})
		t.Run("LastAdminCannotBeDemoted", func(t *testing.T) {
			ada, err := s.st.PersonByEmail(ctx, desk.SystemActor, "ada@guichet.example")
			must(t, err)
			path := "/admin/agents/" + itoa(ada.ID)
			b.get(path)
			p := b.post(path, url.Values{"role": {"agent"}, "active": {"on"}})
			if p.status != http.StatusConflict {
				t.Fatalf("got %d", p.status)
			}
		})
	})
}

func TestAdminOrganisations(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		b := s.adminBrowser()
		b.get("/admin/organisations")
		p := b.post("/admin/organisations", url.Values{"name": {"École Soleil"}, "domain": {"ecole-soleil.example"}, "shared": {"on"}})
		wantIn(t, p, "Organisation École Soleil created.", "ecole-soleil.example")
		orgs, err := s.st.Organisations(ctx, desk.SystemActor)
		must(t, err)
		if len(orgs) != 1 || !orgs[0].SharedRequests {
			t.Fatalf("got %+v", orgs)
		}
		path := "/admin/organisations/" + itoa(orgs[0].ID)
		t.Run("Update", func(t *testing.T) {
			b.get(path)
			wantIn(t, b.post(path, url.Values{"name": {"École du Soleil"}, "domain": {"ecole-soleil.example"}}), "Saved.", "École du Soleil")
			o, err := s.st.Organisation(ctx, desk.SystemActor, orgs[0].ID)
			must(t, err)
			if o.Name != "École du Soleil" || o.SharedRequests {
				t.Fatalf("got %+v", o)
			}
		})
		t.Run("Delete", func(t *testing.T) {
			b.get(path)
			wantIn(t, b.post(path+"/delete", nil), "Deleted.", "No organisation yet.")
		})
	})
}

func TestAdminTokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		b := s.adminBrowser()
		b.get("/admin/tokens")
		p := b.post("/admin/tokens", url.Values{"person": {itoa(s.paul.PersonID)}, "name": {"tableur"}})
		m := regexp.MustCompile(`value="(gch_[^"]+)"`).FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no token shown:\n%s", excerpt(p.body))
		}
		token := m[1]
		t.Run("IssuedTokenWorksAndIsShownOnce", func(t *testing.T) {
			a, err := s.st.Authenticate(ctx, token)
			must(t, err)
			if a.PersonID != s.paul.PersonID {
				t.Fatalf("acts as %d", a.PersonID)
			}
			again := b.get("/admin/tokens")
			wantIn(t, again, "tableur", "Paul Gagnon")
			wantOut(t, again, token)
			if cc := p.header.Get("Cache-Control"); cc != "no-store" {
				t.Fatalf("Cache-Control %q", cc)
			}
		})
		t.Run("NoHolderSaysWhy", func(t *testing.T) {
			p := b.post("/admin/tokens", url.Values{"name": {"x"}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Holder”")
		})
		t.Run("RevokedTokenStopsWorking", func(t *testing.T) {
			ts, err := s.st.Tokens(ctx, desk.SystemActor)
			must(t, err)
			b.get("/admin/tokens")
			wantIn(t, b.post("/admin/tokens/"+itoa(ts[0].ID)+"/revoke", nil), "Token revoked")
			if _, err := s.st.Authenticate(ctx, token); desk.ErrorCode(err) != desk.CodeUnauthorized {
				t.Fatalf("revoked token: %v", err)
			}
		})
	})
}
