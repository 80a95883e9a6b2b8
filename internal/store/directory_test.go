package store_test

import (
	"testing"

	"guichet/internal/desk"
)

func TestOrganisations(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("only admins create", func(t *testing.T) {
			wantCode(t, s.CreateOrganisation(ctx, f.agent, &desk.Organisation{Name: "X"}), desk.CodeForbidden)
		})
		t.Run("a domain belongs to one organisation", func(t *testing.T) {
			o := desk.Organisation{Name: "Copycat", Domain: "ECOLE-SOLEIL.example"}
			wantCode(t, s.CreateOrganisation(ctx, f.admin, &o), desk.CodeConflict, "domain")
		})
		t.Run("bad input names the field", func(t *testing.T) {
			wantCode(t, s.CreateOrganisation(ctx, f.admin, &desk.Organisation{Name: " "}), desk.CodeInvalid, "name")
		})
		t.Run("requesters read only their own", func(t *testing.T) {
			if _, err := s.Organisation(ctx, f.alice, f.org.ID); err != nil {
				t.Fatal(err)
			}
			other := desk.Organisation{Name: "Autre"}
			must(t, s.CreateOrganisation(ctx, f.admin, &other))
			_, err := s.Organisation(ctx, f.alice, other.ID)
			wantCode(t, err, desk.CodeNotFound)
			list, err := s.Organisations(ctx, f.carol)
			must(t, err)
			if len(list) != 0 {
				t.Fatalf("carol sees %v", list)
			}
		})
		t.Run("update and sharing", func(t *testing.T) {
			o := f.org
			o.SharedRequests = true
			must(t, s.UpdateOrganisation(ctx, f.admin, &o))
			got, err := s.Organisation(ctx, f.agent, o.ID)
			must(t, err)
			if !got.SharedRequests || !got.CreatedAt.Equal(f.org.CreatedAt) {
				t.Fatalf("got %+v", got)
			}
			wantCode(t, s.UpdateOrganisation(ctx, f.admin, &desk.Organisation{ID: 9999, Name: "n"}), desk.CodeNotFound)
		})
		t.Run("cannot delete while people belong to it", func(t *testing.T) {
			wantCode(t, s.DeleteOrganisation(ctx, f.admin, f.org.ID), desk.CodeConflict)
			empty := desk.Organisation{Name: "Vide"}
			must(t, s.CreateOrganisation(ctx, f.admin, &empty))
			must(t, s.DeleteOrganisation(ctx, f.admin, empty.ID))
			wantCode(t, s.DeleteOrganisation(ctx, f.admin, empty.ID), desk.CodeNotFound)
		})
	})
}

func TestDepartments(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("slugs are unique", func(t *testing.T) {
			wantCode(t, s.CreateDepartment(ctx, f.admin, &desk.Department{Slug: "Billing", Name: "B2"}), desk.CodeConflict, "slug")
		})
		t.Run("bad slug is invalid", func(t *testing.T) {
			wantCode(t, s.CreateDepartment(ctx, f.admin, &desk.Department{Slug: "no spaces", Name: "x"}), desk.CodeInvalid, "slug")
		})
		t.Run("only admins create", func(t *testing.T) {
			wantCode(t, s.CreateDepartment(ctx, f.agent, &desk.Department{Slug: "x", Name: "x"}), desk.CodeForbidden)
		})
		t.Run("anyone reads the directory, front desk first", func(t *testing.T) {
			list, err := s.Departments(ctx, f.carol)
			must(t, err)
			if len(list) != 3 || !list[0].FrontDesk {
				t.Fatalf("departments = %+v", list)
			}
		})
		t.Run("there is always exactly one front desk", func(t *testing.T) {
			fd := f.frontDesk
			fd.FrontDesk = false
			wantCode(t, s.UpdateDepartment(ctx, f.admin, &fd), desk.CodeInvalid, "front_desk")
			b := f.billing
			b.FrontDesk = true
			must(t, s.UpdateDepartment(ctx, f.admin, &b))
			old, err := s.Department(ctx, f.admin, f.frontDesk.ID)
			must(t, err)
			if old.FrontDesk {
				t.Fatal("two front desks")
			}
			wantCode(t, s.DeleteDepartment(ctx, f.admin, b.ID), desk.CodeConflict)
			old.FrontDesk = true
			must(t, s.UpdateDepartment(ctx, f.admin, old))
		})
		t.Run("cannot delete a department that owns requests", func(t *testing.T) {
			_, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b",
				RequesterEmail: "zed@example.org", DepartmentID: f.itd.ID})
			must(t, err)
			wantCode(t, s.DeleteDepartment(ctx, f.admin, f.itd.ID), desk.CodeConflict)
			tmp := desk.Department{Slug: "tmp", Name: "Tmp"}
			must(t, s.CreateDepartment(ctx, f.admin, &tmp))
			must(t, s.DeleteDepartment(ctx, f.admin, tmp.ID))
			_, err = s.Department(ctx, f.admin, tmp.ID)
			wantCode(t, err, desk.CodeNotFound)
		})
	})
}

func TestPeople(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("an email belongs to one person", func(t *testing.T) {
			p := desk.Person{Name: "Imposter", Emails: []string{"new@x.example", "ALICE@ecole-soleil.example"}}
			wantCode(t, s.CreatePerson(ctx, f.admin, &p), desk.CodeConflict, "emails")
			_, err := s.PersonByEmail(ctx, f.admin, "new@x.example")
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("found by any address, case-insensitively", func(t *testing.T) {
			p := desk.Person{Name: "Dora", Emails: []string{"dora@x.example", "d.ora@y.example"}, Language: desk.English}
			must(t, s.CreatePerson(ctx, f.admin, &p))
			got, err := s.PersonByEmail(ctx, f.agent, " D.Ora@Y.example ")
			must(t, err)
			if got.ID != p.ID || len(got.Emails) != 2 || got.Emails[0] != "dora@x.example" || got.Language != desk.English {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("unknown organisation is invalid", func(t *testing.T) {
			bad := int64(999)
			p := desk.Person{Emails: []string{"o@x.example"}, OrganisationID: &bad}
			wantCode(t, s.CreatePerson(ctx, f.admin, &p), desk.CodeInvalid, "organisation_id")
		})
		t.Run("requesters see only themselves", func(t *testing.T) {
			_, err := s.Person(ctx, f.alice, f.bob.PersonID)
			wantCode(t, err, desk.CodeNotFound)
			me, err := s.Person(ctx, f.alice, f.alice.PersonID)
			must(t, err)
			if me.Name != "Alice" {
				t.Fatalf("me = %+v", me)
			}
			_, err = s.People(ctx, f.alice, "", 10)
			wantCode(t, err, desk.CodeForbidden)
		})
		t.Run("search by name or email, wildcards literal", func(t *testing.T) {
			got, err := s.People(ctx, f.agent, "ECOLE-soleil", 0)
			must(t, err)
			if len(got) != 2 || got[0].Name != "Alice" || got[1].Name != "Bob" {
				t.Fatalf("got %+v", got)
			}
			got, err = s.People(ctx, f.agent, "%", 0)
			must(t, err)
			if len(got) != 0 {
				t.Fatalf("%% matched %d people", len(got))
			}
		})
		t.Run("update replaces emails", func(t *testing.T) {
			p, err := s.Person(ctx, f.admin, f.carol.PersonID)
			must(t, err)
			p.Emails = []string{"carol@new.example"}
			must(t, s.UpdatePerson(ctx, f.admin, p))
			_, err = s.PersonByEmail(ctx, f.admin, "carol@ailleurs.example")
			wantCode(t, err, desk.CodeNotFound)
			p.Emails = []string{"bob@ecole-soleil.example"}
			wantCode(t, s.UpdatePerson(ctx, f.admin, p), desk.CodeConflict, "emails")
			wantCode(t, s.UpdatePerson(ctx, f.agent, p), desk.CodeForbidden)
		})
	})
}

func TestAgents(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("a person is an agent once", func(t *testing.T) {
			wantCode(t, s.CreateAgent(ctx, f.admin, &desk.Agent{PersonID: f.agent.PersonID}), desk.CodeConflict)
			wantCode(t, s.CreateAgent(ctx, f.admin, &desk.Agent{PersonID: 99999}), desk.CodeInvalid, "person_id")
			wantCode(t, s.CreateAgent(ctx, f.admin, &desk.Agent{PersonID: f.carol.PersonID, Role: "boss"}), desk.CodeInvalid, "role")
			wantCode(t, s.CreateAgent(ctx, f.admin, &desk.Agent{PersonID: f.carol.PersonID, DepartmentIDs: []int64{999}}),
				desk.CodeInvalid, "department_ids")
		})
		t.Run("lists with departments and primary email", func(t *testing.T) {
			list, err := s.Agents(ctx, f.agent)
			must(t, err)
			if len(list) != 4 || list[0].Name != "Ada Admin" || list[0].Email != "ada@guichet.example" ||
				len(list[1].DepartmentIDs) != 1 || !list[0].Active {
				t.Fatalf("agents = %+v", list)
			}
			_, err = s.Agents(ctx, f.alice)
			wantCode(t, err, desk.CodeForbidden)
		})
		t.Run("the last active admin stays", func(t *testing.T) {
			ag, err := s.Agent(ctx, f.admin, f.admin.PersonID)
			must(t, err)
			ag.Role = desk.RoleAgent
			wantCode(t, s.UpdateAgent(ctx, f.admin, ag), desk.CodeConflict)
		})
		t.Run("deactivated agents act as requesters", func(t *testing.T) {
			ag, err := s.Agent(ctx, f.admin, f.agent.PersonID)
			must(t, err)
			ag.Active = false
			ag.DepartmentIDs = []int64{f.billing.ID, f.itd.ID}
			must(t, s.UpdateAgent(ctx, f.admin, ag))
			a, err := s.ActorFor(ctx, f.agent.PersonID)
			must(t, err)
			if a.IsAgent() {
				t.Fatalf("inactive agent still acts as an agent: %+v", a)
			}
		})
		t.Run("actor of an agent carries role and departments", func(t *testing.T) {
			if f.billingAgent.Role != desk.RoleAgent || len(f.billingAgent.DepartmentIDs) != 1 ||
				f.billingAgent.DepartmentIDs[0] != f.billing.ID {
				t.Fatalf("actor = %+v", f.billingAgent)
			}
			if f.alice.IsAgent() || f.alice.OrganisationID == nil || *f.alice.OrganisationID != f.org.ID {
				t.Fatalf("alice = %+v", f.alice)
			}
		})
	})
}

func TestTokensAndPasswords(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("a token authenticates its owner", func(t *testing.T) {
			tok, err := s.CreateToken(ctx, f.agent.PersonID, "cli")
			must(t, err)
			a, err := s.Authenticate(ctx, tok)
			must(t, err)
			if a.PersonID != f.agent.PersonID || a.Role != desk.RoleAgent {
				t.Fatalf("actor = %+v", a)
			}
		})
		t.Run("unknown tokens are unauthorized", func(t *testing.T) {
			for _, tok := range []string{"", "gch_nope", "' OR 1=1 --", string(make([]byte, 5000))} {
				_, err := s.Authenticate(ctx, tok)
				wantCode(t, err, desk.CodeUnauthorized)
			}
		})
		t.Run("a deactivated agent's token stops working", func(t *testing.T) {
			tok, err := s.CreateToken(ctx, f.readOnly.PersonID, "")
			must(t, err)
			ag, err := s.Agent(ctx, f.admin, f.readOnly.PersonID)
			must(t, err)
			ag.Active = false
			must(t, s.UpdateAgent(ctx, f.admin, ag))
			_, err = s.Authenticate(ctx, tok)
			wantCode(t, err, desk.CodeUnauthorized)
		})
		t.Run("tokens for unknown people are refused", func(t *testing.T) {
			_, err := s.CreateToken(ctx, 424242, "x")
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("password login", func(t *testing.T) {
			wantCode(t, s.SetPassword(ctx, f.admin.PersonID, "short"), desk.CodeInvalid, "password")
			wantCode(t, s.SetPassword(ctx, f.alice.PersonID, "long enough"), desk.CodeNotFound)
			must(t, s.SetPassword(ctx, f.admin.PersonID, "correct horse"))
			a, err := s.CheckPassword(ctx, "ADA@guichet.example", "correct horse")
			must(t, err)
			if a.PersonID != f.admin.PersonID || !a.IsAdmin() {
				t.Fatalf("actor = %+v", a)
			}
			_, err = s.CheckPassword(ctx, "ada@guichet.example", "wrong horse")
			wantCode(t, err, desk.CodeUnauthorized)
			must(t, s.SetPassword(ctx, f.admin.PersonID, ""))
			_, err = s.CheckPassword(ctx, "ada@guichet.example", "correct horse")
			wantCode(t, err, desk.CodeUnauthorized)
		})
	})
}
