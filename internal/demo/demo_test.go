package demo_test

import (
	"context"
	"errors"
	"testing"

	"guichet/internal/demo"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func TestLoad(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st := e.Open(t)
			sum, err := demo.Load(ctx, st)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			t.Run("creates what the summary says", func(t *testing.T) { checkSummary(t, ctx, st, sum) })
			t.Run("the story is visible through the store", func(t *testing.T) { checkStories(t, ctx, st) })
			t.Run("a requester sees no internal note", func(t *testing.T) { checkRequesterView(t, ctx, st) })
			t.Run("French addresses route mail to their departments", func(t *testing.T) { checkMailAddresses(t, ctx, st) })
			t.Run("a second load returns ErrNotEmpty and changes nothing", func(t *testing.T) {
				before := allRequests(t, ctx, st)
				peopleBefore, _ := st.People(ctx, desk.SystemActor, "", 1000)
				again, err := demo.Load(ctx, st)
				if !errors.Is(err, demo.ErrNotEmpty) || again != nil {
					t.Fatalf("second Load = %v, %v; want nil, ErrNotEmpty", again, err)
				}
				if after := allRequests(t, ctx, st); len(after) != len(before) {
					t.Fatalf("requests after second load: %d, before %d", len(after), len(before))
				}
				if people, _ := st.People(ctx, desk.SystemActor, "", 1000); len(people) != len(peopleBefore) {
					t.Fatalf("people after second load: %d, before %d", len(people), len(peopleBefore))
				}
				depts, _ := st.Departments(ctx, desk.SystemActor)
				if len(depts) != sum.Departments+1 {
					t.Fatalf("departments after second load: %d, want %d", len(depts), sum.Departments+1)
				}
			})
		})
	}
}

func checkSummary(t *testing.T, ctx context.Context, st *store.Store, sum *demo.Summary) {
	t.Helper()
	if sum.AdminEmail != demo.AdminEmail || sum.Requests < 40 || sum.Requests > 60 {
		t.Fatalf("summary: admin %q, %d requests; want %q and 40-60", sum.AdminEmail, sum.Requests, demo.AdminEmail)
	}
	depts, err := st.Departments(ctx, desk.SystemActor)
	if err != nil || len(depts) != sum.Departments+1 {
		t.Fatalf("departments: %d (%v), want %d plus the front desk", len(depts), err, sum.Departments)
	}
	orgs, err := st.Organisations(ctx, desk.SystemActor)
	if err != nil || len(orgs) != sum.Organisations {
		t.Fatalf("organisations: %d (%v), want %d", len(orgs), err, sum.Organisations)
	}
	agents, err := st.Agents(ctx, desk.SystemActor)
	if err != nil || len(agents) != len(sum.Agents) {
		t.Fatalf("agents: %d (%v), want %d", len(agents), err, len(sum.Agents))
	}
	people, err := st.People(ctx, desk.SystemActor, "", 1000)
	if err != nil || len(people) != sum.Requesters+len(sum.Agents) {
		t.Fatalf("people: %d (%v), want %d requesters + %d agents", len(people), err, sum.Requesters, len(sum.Agents))
	}
	checkRoles(t, sum)
	reqs := allRequests(t, ctx, st)
	if len(reqs) != sum.Requests {
		t.Fatalf("requests listed: %d, summary says %d", len(reqs), sum.Requests)
	}
	var messages, notes, handoffs int
	for _, r := range reqs {
		d, err := st.Request(ctx, desk.SystemActor, r.Number)
		if err != nil {
			t.Fatalf("request #%d: %v", r.Number, err)
		}
		messages += len(d.Messages)
		handoffs += len(d.Handoffs)
		for _, m := range d.Messages {
			if m.Visibility == desk.Internal {
				notes++
			}
		}
	}
	if messages != sum.Messages || notes != sum.Notes || handoffs != sum.Handoffs {
		t.Fatalf("messages/notes/handoffs in the store: %d/%d/%d, summary says %d/%d/%d",
			messages, notes, handoffs, sum.Messages, sum.Notes, sum.Handoffs)
	}
}

func checkRoles(t *testing.T, sum *demo.Summary) {
	t.Helper()
	roles := map[desk.Role]int{}
	for _, a := range sum.Agents {
		roles[a.Role]++
		if a.PersonID == 0 || a.Email == "" {
			t.Fatalf("agent without id or email: %+v", a)
		}
	}
	if roles[desk.RoleAdmin] != 1 || roles[desk.RoleReadOnly] != 1 || roles[desk.RoleAgent] < 5 {
		t.Fatalf("roles: %v; want one admin, one read-only, several agents", roles)
	}
}

// checkStories looks for the situations the demo promises, as a user would.
func checkStories(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	statuses := map[desk.Status]int{}
	var merged, spam, tagged, reasons, french, english int
	for _, r := range allRequests(t, ctx, st) {
		statuses[r.Status]++
		if r.MergedInto != nil {
			merged++
		}
		if r.Spam {
			spam++
		}
		if len(r.Tags) > 0 {
			tagged++
		}
		if r.ContactReason != "" {
			reasons++
		}
	}
	for _, q := range []string{"commande", "livraison"} {
		french += len(search(t, ctx, st, q))
	}
	for _, q := range []string{"order", "delivery"} {
		english += len(search(t, ctx, st, q))
	}
	if statuses[desk.StatusSolved] == 0 || statuses[desk.StatusOpen] == 0 || statuses[desk.StatusNew] == 0 ||
		statuses[desk.StatusWaitingRequester] == 0 || merged != 1 || spam != 1 || tagged < 20 || reasons < 20 {
		t.Fatalf("statuses %v, merged %d, spam %d, tagged %d, with reason %d", statuses, merged, spam, tagged, reasons)
	}
	if french == 0 || english == 0 {
		t.Fatalf("search finds %d French and %d English requests; want both", french, english)
	}
	checkHandoff(t, ctx, st)
}

// checkHandoff: the misrouted call went from reception to billing, and the
// requester was told who owns it now.
func checkHandoff(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	billing, err := st.DepartmentBySlug(ctx, "billing")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range search(t, ctx, st, "état de compte") {
		d, err := st.Request(ctx, desk.SystemActor, r.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Handoffs) != 1 || d.Handoffs[0].ToDepartmentID != billing.ID || d.DepartmentID != billing.ID {
			t.Fatalf("misrouted call #%d: handoffs %+v, owner %d; want one handoff to billing", r.Number, d.Handoffs, d.DepartmentID)
		}
		requester, err := st.ActorFor(ctx, d.RequesterID)
		if err != nil {
			t.Fatal(err)
		}
		seen, err := st.Request(ctx, requester, r.Number)
		if err != nil {
			t.Fatalf("requester reads own request: %v", err)
		}
		for _, e := range seen.Events {
			if e.Type == desk.EventHandedOff && e.Public {
				return
			}
		}
		t.Fatalf("requester of #%d does not see the handoff: %+v", r.Number, seen.Events)
	}
	t.Fatal("no request about an account statement")
}

// checkRequesterView: a customer reads their requests without internal notes.
func checkRequesterView(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	p, err := st.PersonByEmail(ctx, desk.SystemActor, "office@maplewood.example")
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorFor(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListRequests(ctx, a, desk.RequestFilter{Limit: 100})
	if err != nil || len(page.Requests) == 0 {
		t.Fatalf("requester list: %d requests, %v", len(page.Requests), err)
	}
	for _, r := range page.Requests {
		d, err := st.Request(ctx, a, r.Number)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range d.Messages {
			if m.Visibility != desk.Public {
				t.Fatalf("requester sees an internal note on #%d", r.Number)
			}
		}
	}
}

func allRequests(t *testing.T, ctx context.Context, st *store.Store) []desk.Request {
	t.Helper()
	var all []desk.Request
	f := desk.RequestFilter{Limit: 100}
	for {
		page, err := st.ListRequests(ctx, desk.SystemActor, f)
		if err != nil {
			t.Fatalf("list requests: %v", err)
		}
		all = append(all, page.Requests...)
		if page.NextCursor == "" {
			return all
		}
		f.Cursor = page.NextCursor
	}
}

func search(t *testing.T, ctx context.Context, st *store.Store, q string) []desk.Request {
	t.Helper()
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{Query: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return page.Requests
}

// A database that holds anything of its own — here only the administrator
// `guichet user create` made, or only an organisation — is never given the
// demo: Load refuses and writes nothing.
func TestLoadLeavesUserDataAlone(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			for name, seed := range map[string]func(st *store.Store) error{
				"an administrator": func(st *store.Store) error {
					p := &desk.Person{Name: "Nadia Roy", Kind: desk.InternalPerson, Emails: []string{"nadia@boreal.example"}}
					if err := st.CreatePerson(ctx, desk.SystemActor, p); err != nil {
						return err
					}
					return st.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleAdmin})
				},
				"an organisation": func(st *store.Store) error {
					return st.CreateOrganisation(ctx, desk.SystemActor, &desk.Organisation{Name: "École du Soleil"})
				},
			} {
				t.Run(name, func(t *testing.T) {
					st := e.Open(t)
					if err := seed(st); err != nil {
						t.Fatal(err)
					}
					reqs, _ := st.CountRequests(ctx, desk.SystemActor, desk.RequestFilter{}, 10)
					if sum, err := demo.Load(ctx, st); !errors.Is(err, demo.ErrNotEmpty) || sum != nil {
						t.Fatalf("Load = %v, %v; want ErrNotEmpty", sum, err)
					}
					depts, _ := st.Departments(ctx, desk.SystemActor)
					after, _ := st.CountRequests(ctx, desk.SystemActor, desk.RequestFilter{}, 10)
					if len(depts) != 1 || after != reqs {
						t.Fatalf("demo wrote into the database: %d departments, requests %d → %d", len(depts), reqs, after)
					}
				})
			}
		})
	}
}

func checkMailAddresses(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	list, err := st.MailAddressList(ctx, desk.SystemActor)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range list {
		d, err := st.Department(ctx, desk.SystemActor, m.DepartmentID)
		if err != nil {
			t.Fatal(err)
		}
		got[m.Address] = d.Slug
	}
	if got["factures"] != "billing" || got["expedition"] != "shipping" {
		t.Fatalf("demo mail addresses %v: want factures → billing, expedition → shipping", got)
	}
}
