package timers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
	"guichet/internal/timers"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// desk is billing with a first-response standard of 1 h, a chain (owner at
// once, the lead after 1 h), an agent who owns the requests, a lead and a
// requester.
type deskFixture struct {
	st          *store.Store
	clock       *storetest.Clock
	billing     desk.Department
	agent, lead desk.Actor
}

func newDesk(t *testing.T, e storetest.Engine) *deskFixture {
	t.Helper()
	f := &deskFixture{clock: &storetest.Clock{}}
	f.clock.Set(t, "2025-03-03 08:00 -0500")
	f.st = e.OpenWith(t, store.Options{Now: f.clock.Now, Logger: quiet})
	sys := desk.SystemActor
	f.billing = desk.Department{Slug: "billing", Name: "Facturation"}
	must(t, f.st.CreateDepartment(ctx, sys, &f.billing))
	f.agent = f.addAgent(t, "Gilles Tremblay", "gilles@guichet.example")
	f.lead = f.addAgent(t, "Marie Tremblay", "marie@guichet.example")
	st := commit.Standard{Name: "Facturation", Active: true, Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
		FirstResponse: commit.Target{Duration: time.Hour}}
	must(t, f.st.CreateStandard(ctx, sys, &st))
	ch := commit.Escalation{DepartmentID: f.billing.ID, LeadIDs: []int64{f.lead.PersonID},
		Steps: []commit.Step{{Notify: commit.NotifyOwner}, {Notify: commit.NotifyLeads, After: commit.Target{Duration: time.Hour}}}}
	must(t, f.st.SetEscalation(ctx, sys, &ch))
	return f
}

func (f *deskFixture) addAgent(t *testing.T, name, email string) desk.Actor {
	t.Helper()
	p := desk.Person{Name: name, Kind: desk.InternalPerson, Emails: []string{email}}
	must(t, f.st.CreatePerson(ctx, desk.SystemActor, &p))
	must(t, f.st.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, Active: true,
		DepartmentIDs: []int64{f.billing.ID}}))
	a, err := f.st.ActorFor(ctx, p.ID)
	must(t, err)
	return a
}

// requests opens n requests at the clock's time, owned by the agent.
func (f *deskFixture) requests(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		r, err := f.st.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: fmt.Sprintf("Facture %d", i), Body: "En double.",
			RequesterEmail: fmt.Sprintf("client%d@example.com", i), DepartmentID: f.billing.ID})
		must(t, err)
		_, err = f.st.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{AgentID: &f.agent.PersonID})
		must(t, err)
	}
}

// otherNode opens a second store on the fixture's PostgreSQL database, as
// another guichet serve node would, closed when the test ends.
func (f *deskFixture) otherNode(t *testing.T) *store.Store {
	t.Helper()
	url, err := f.st.PostgresURL(ctx)
	must(t, err)
	other, err := store.Open(ctx, url, store.Options{Now: f.clock.Now, Logger: quiet, BlobDir: t.TempDir()})
	must(t, err)
	t.Cleanup(func() { other.Close() })
	return other
}

// told returns how many notifications agent a has.
func (f *deskFixture) told(t *testing.T, st *store.Store, a desk.Actor) int {
	t.Helper()
	list, _, err := st.Notifications(ctx, a, commit.NotificationFilter{Limit: 200})
	must(t, err)
	return len(list)
}

// Two nodes on one PostgreSQL database fire the same due timers at once:
// every notification is written once and only once.
func TestTwoNodesFireEachTimerOnce(t *testing.T) {
	if os.Getenv(storetest.EnvURL) == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is not set", storetest.EnvURL)
		}
		t.Skip("two nodes share a PostgreSQL database: set " + storetest.EnvURL)
	}
	e := storetest.Engines(t)[1]
	f := newDesk(t, e)
	const n = 60
	f.clock.Set(t, "2025-03-03 09:00 -0500")
	f.requests(t, n) // due at 10:00
	other := f.otherNode(t)
	// An hour past the due time: each breach notifies its owner, then the lead.
	f.clock.Set(t, "2025-03-03 11:00 -0500")
	nodes := []*timers.Service{timers.New(f.st, timers.Config{Batch: 7, Logger: quiet}),
		timers.New(other, timers.Config{Batch: 7, Logger: quiet})}
	var wg sync.WaitGroup
	reports := make([]store.FireReport, len(nodes)*3)
	start := make(chan struct{})
	for i := range reports {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rep, err := nodes[i%2].Tick(ctx)
			if err != nil {
				t.Error(err)
			}
			reports[i] = rep
		}()
	}
	close(start)
	wg.Wait()
	notified := 0
	for _, r := range reports {
		notified += r.Notified
	}
	if notified != 2*n {
		t.Fatalf("the nodes wrote %d notifications, want %d (each breach: owner and lead)", notified, 2*n)
	}
	if got := f.told(t, other, f.agent) + f.told(t, f.st, f.lead); got != 2*n {
		t.Fatalf("%d notifications stored, want %d", got, 2*n)
	}
	for _, node := range nodes {
		if rep, err := node.Tick(ctx); err != nil || rep.Fired != 0 {
			t.Fatalf("fired again: %+v %v", rep, err)
		}
	}
}

// A node stops; timers fall due while no node runs; a new node (on
// PostgreSQL a new connection to the database) starts and fires them all,
// and nothing fired before fires again.
func TestRestartLosesNothingAndRepeatsNothing(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			f := newDesk(t, e)
			f.clock.Set(t, "2025-03-03 09:00 -0500")
			f.requests(t, 5) // due at 10:00
			f.clock.Set(t, "2025-03-03 09:30 -0500")
			f.requests(t, 3) // due at 10:30
			first := timers.New(f.st, timers.Config{Interval: time.Millisecond, Logger: quiet})
			first.Start()
			f.clock.Set(t, "2025-03-03 10:20 -0500")
			_, err := first.Tick(ctx)
			must(t, err)
			first.Stop()
			if got := f.told(t, f.st, f.agent); got != 5+3 { // 5 breached, 3 at risk (since 10:18)
				t.Fatalf("before the stop: %d notifications, want 8", got)
			}
			// Down from 10:20 to 12:00: 3 more breaches (ending their at-risk
			// chains), and the lead's step of all 8 breaches.
			f.clock.Set(t, "2025-03-03 12:00 -0500")
			st := f.st
			if e.Name == "postgres" {
				st = f.otherNode(t)
			}
			second := timers.New(st, timers.Config{Interval: time.Millisecond, Logger: quiet})
			second.Start()
			_, err = second.Tick(ctx)
			must(t, err)
			second.Stop()
			if got := f.told(t, st, f.agent); got != 5+3+3 {
				t.Fatalf("after the restart the owner has %d notifications, want 11", got)
			}
			if got := f.told(t, st, f.lead); got != 8 {
				t.Fatalf("after the restart the lead has %d notifications, want 8", got)
			}
			if rep, err := second.Tick(ctx); err != nil || rep.Fired != 0 {
				t.Fatalf("fired again: %+v %v", rep, err)
			}
		})
	}
}

// While the timers run, a change of standard only marks the clocks stale
// (the admin's request does not recompute every open request); the timers
// recompute them.
func TestStaleClocksAreRecomputedByTheTimers(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			f := newDesk(t, e)
			f.clock.Set(t, "2025-03-03 09:00 -0500")
			f.requests(t, 1)
			due := func() time.Time {
				list, err := f.st.ListRequests(ctx, f.agent, desk.RequestFilter{})
				must(t, err)
				return *list.Requests[0].Clocks.FirstResponseDue
			}
			before := due()
			f.st.SetBackgroundRecompute(true)
			list, err := f.st.Standards(ctx, desk.SystemActor)
			must(t, err)
			list[0].FirstResponse = commit.Target{Duration: 2 * time.Hour}
			must(t, f.st.UpdateStandard(ctx, desk.SystemActor, &list[0]))
			select {
			case <-f.st.StaleMarked():
			default:
				t.Fatal("the timers were not told of stale clocks")
			}
			if !due().Equal(before) {
				t.Fatal("the admin's change recomputed the clocks itself")
			}
			must(t, timers.New(f.st, timers.Config{Logger: quiet}).Sweep(ctx))
			if got := due(); !got.Equal(before.Add(time.Hour)) {
				t.Fatalf("due %s after the sweep, want %s", got, before.Add(time.Hour))
			}
		})
	}
}
