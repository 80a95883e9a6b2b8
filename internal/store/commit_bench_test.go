package store_test

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// benchDesk is a store with a service standard on a department and a
// request with a history (replies, a requester message, a pause).
func benchDesk(b *testing.B, e storetest.Engine) (*store.Store, *commitFixture, int64) {
	clk := &manualClock{}
	clk.Set(b, "2025-03-03 09:00 -0500")
	s := e.OpenWith(b, store.Options{Now: clk.Now})
	f := &commitFixture{fixture: benchFixture(b, s), clock: clk}
	st := commit.Standard{Name: "Facturation", Active: true, Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
		FirstResponse: target(b, "4h"), NextResponse: target(b, "2h"), Resolution: target(b, "3d")}
	must(b, s.CreateStandard(ctx, f.admin, &st))
	r, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "x", Body: "x", RequesterEmail: "alice@ecole-soleil.example",
		DepartmentID: f.billing.ID})
	must(b, err)
	steps := []func() error{
		func() error {
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Réponse"})
			return err
		},
		func() error {
			_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: ptr(desk.StatusWaitingRequester)})
			return err
		},
		func() error {
			_, err := s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "Voici"})
			return err
		},
	}
	for i, step := range steps {
		clk.Set(b, fmt.Sprintf("2025-03-0%d 10:00 -0500", 3+i))
		must(b, step())
	}
	return s, f, r.Number
}

// benchFixture is the part of the store fixture the benchmarks need.
func benchFixture(b *testing.B, s *store.Store) *fixture {
	f := &fixture{s: s}
	f.billing = desk.Department{Slug: "billing", Name: "Billing"}
	must(b, s.CreateDepartment(ctx, desk.SystemActor, &f.billing))
	org := desk.Organisation{Name: "École Soleil", Domain: "ecole-soleil.example"}
	must(b, s.CreateOrganisation(ctx, desk.SystemActor, &org))
	actor := func(p desk.Person, agent bool) desk.Actor {
		must(b, s.CreatePerson(ctx, desk.SystemActor, &p))
		if agent {
			must(b, s.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleAdmin, DepartmentIDs: []int64{f.billing.ID}}))
		}
		a, err := s.ActorFor(ctx, p.ID)
		must(b, err)
		return a
	}
	f.admin = actor(desk.Person{Name: "Ada", Kind: desk.InternalPerson, Emails: []string{"ada@guichet.example"}}, true)
	f.agent = f.admin
	f.alice = actor(desk.Person{Name: "Alice", Emails: []string{"alice@ecole-soleil.example"}, OrganisationID: &org.ID}, false)
	return f
}

// BenchmarkRecomputeClocks times recomputing one request's deadlines in its
// own durable write (on SQLite, one commit each: the fsync dominates).
func BenchmarkRecomputeClocks(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s, _, n := benchDesk(b, e)
			cpu0 := cpuTime()
			for b.Loop() {
				must(b, s.RecomputeClocks(ctx, n))
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}

// BenchmarkRecomputeStale times what a change of standard costs per open
// request: every open request's clocks computed again, in batched writes.
func BenchmarkRecomputeStale(b *testing.B) {
	const open = 2000
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s, f, _ := benchDesk(b, e)
			for range open {
				_, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "x", Body: "x",
					RequesterEmail: "bob@ecole-soleil.example", DepartmentID: f.billing.ID})
				must(b, err)
			}
			list, err := s.Standards(ctx, f.admin)
			must(b, err)
			st := list[0]
			var total, cpu time.Duration
			for i := 0; b.Loop(); i++ {
				st.FirstResponse = target(b, fmt.Sprintf("%dh", 4+i%2))
				start, cpu0 := time.Now(), cpuTime()
				must(b, s.UpdateStandard(ctx, f.admin, &st))
				total, cpu = total+time.Since(start), cpu+cpuTime()-cpu0
			}
			b.ReportMetric(float64(total.Microseconds())/float64(b.N*open), "µs/request")
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*open), "cpu-µs/request")
		})
	}
}

// cpuTime returns the CPU time the process has used (user and system), so
// that benchmarks on a shared machine can report their own work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
