package store_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

// clock is a test clock that advances one second at every reading, so that
// every change has its own timestamp.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// fixture is a small desk: an organisation, three departments, agents of every
// role and two requesters of the organisation plus one outsider.
type fixture struct {
	s                       *store.Store
	frontDesk, billing, itd desk.Department
	org                     desk.Organisation
	admin, agent, readOnly  desk.Actor
	billingAgent            desk.Actor
	alice, bob, carol       desk.Actor // alice and bob at the organisation, carol elsewhere
}

// each runs fn as a subtest on every engine, with a fresh fixture.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			fn(t, newFixture(t, e.OpenWith(t, store.Options{Now: newClock().Now, MaxAttachmentBytes: 1024})))
		})
	}
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	f := &fixture{s: s}
	sys := desk.SystemActor
	fd, err := s.DepartmentBySlug(ctx, "front-desk")
	must(t, err)
	f.frontDesk = *fd
	f.billing = desk.Department{Slug: "billing", Name: "Billing", Handles: "invoices refunds"}
	must(t, s.CreateDepartment(ctx, sys, &f.billing))
	f.itd = desk.Department{Slug: "it", Name: "IT"}
	must(t, s.CreateDepartment(ctx, sys, &f.itd))
	f.org = desk.Organisation{Name: "École Soleil", Domain: "ecole-soleil.example"}
	must(t, s.CreateOrganisation(ctx, sys, &f.org))
	f.admin = f.newAgent(t, "Ada Admin", "ada@guichet.example", desk.RoleAdmin, f.frontDesk.ID)
	f.agent = f.newAgent(t, "Gaston Agent", "gaston@guichet.example", desk.RoleAgent, f.frontDesk.ID)
	f.readOnly = f.newAgent(t, "Rita Reader", "rita@guichet.example", desk.RoleReadOnly, f.frontDesk.ID)
	f.billingAgent = f.newAgent(t, "Bill Payne", "bill@guichet.example", desk.RoleAgent, f.billing.ID)
	f.alice = f.newRequester(t, "Alice", "alice@ecole-soleil.example", &f.org.ID)
	f.bob = f.newRequester(t, "Bob", "bob@ecole-soleil.example", &f.org.ID)
	f.carol = f.newRequester(t, "Carol", "carol@ailleurs.example", nil)
	return f
}

func (f *fixture) newAgent(t *testing.T, name, email string, role desk.Role, dept int64) desk.Actor {
	t.Helper()
	p := desk.Person{Name: name, Kind: desk.InternalPerson, Emails: []string{email}}
	must(t, f.s.CreatePerson(ctx, desk.SystemActor, &p))
	must(t, f.s.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: role, DepartmentIDs: []int64{dept}}))
	a, err := f.s.ActorFor(ctx, p.ID)
	must(t, err)
	return a
}

func (f *fixture) newRequester(t *testing.T, name, email string, org *int64) desk.Actor {
	t.Helper()
	p := desk.Person{Name: name, Emails: []string{email}, OrganisationID: org}
	must(t, f.s.CreatePerson(ctx, desk.SystemActor, &p))
	a, err := f.s.ActorFor(ctx, p.ID)
	must(t, err)
	return a
}

// open creates a request from requester r through the agent, failing the test on error.
func (f *fixture) open(t *testing.T, subject, body string, r desk.Actor) *desk.Request {
	t.Helper()
	p, err := f.s.Person(ctx, desk.SystemActor, r.PersonID)
	must(t, err)
	req, err := f.s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: subject, Body: body, RequesterEmail: p.Emails[0]})
	must(t, err)
	return req
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails the test unless err carries code (and field, if given).
func wantCode(t testing.TB, err error, code desk.Code, field ...string) {
	t.Helper()
	if desk.ErrorCode(err) != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	if len(field) > 0 && desk.AsError(err).Field != field[0] {
		t.Fatalf("err = %v, want field %q", err, field[0])
	}
}

// counts returns the row counts of the tables a failed write must not touch.
func counts(t *testing.T, s *store.Store) map[string]int {
	out := map[string]int{}
	for _, table := range []string{"people", "person_emails", "requests", "messages", "attachments", "events", "request_tags"} {
		out[table] = s.CountRows(t, table)
	}
	out["blob files"] = blobFiles(t, s.BlobDir())
	return out
}

func blobFiles(t *testing.T, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, path)
		if err == nil && !d.IsDir() && !strings.HasPrefix(rel, "tmp"+string(filepath.Separator)) {
			n++
		}
		return nil
	})
	must(t, err)
	return n
}

func sameCounts(t *testing.T, before, after map[string]int) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after a failed write", k, v, after[k])
		}
	}
}

var fixedTime = time.Date(2025, 1, 2, 3, 4, 5, 678901000, time.UTC)
