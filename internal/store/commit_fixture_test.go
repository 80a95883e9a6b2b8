package store_test

import (
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// manualClock is the test clock that stands still until the test moves it.
type manualClock = storetest.Clock

func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04 -0700", s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

// commitFixture is the store fixture on a clock the test moves, starting on
// Monday 3 March 2025 at 08:00 in Montréal.
type commitFixture struct {
	*fixture
	clock *manualClock
}

// eachCommit runs fn as a subtest on every engine with a fresh commitFixture.
func eachCommit(t *testing.T, fn func(t *testing.T, f *commitFixture)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clk := &manualClock{}
			clk.Set(t, "2025-03-03 08:00 -0500")
			s := e.OpenWith(t, store.Options{Now: clk.Now})
			fn(t, &commitFixture{fixture: newFixture(t, s), clock: clk})
		})
	}
}

// standard creates an active service standard as the admin.
func (f *commitFixture) standard(t *testing.T, st commit.Standard) commit.Standard {
	t.Helper()
	st.Active = true
	must(t, f.s.CreateStandard(ctx, f.admin, &st))
	return st
}

// request opens a request for Alice in department dept at the clock's time.
func (f *commitFixture) request(t *testing.T, dept int64, mod ...func(*desk.NewRequest)) *desk.Request {
	t.Helper()
	in := desk.NewRequest{Subject: "Facture en double", Body: "J'ai été facturée deux fois.",
		RequesterEmail: "alice@ecole-soleil.example", DepartmentID: dept}
	for _, m := range mod {
		m(&in)
	}
	r, err := f.s.CreateRequest(ctx, f.agent, in)
	must(t, err)
	return r
}

// read returns request n as the agent sees it.
func (f *commitFixture) read(t *testing.T, n int64) *desk.RequestDetail {
	t.Helper()
	d, err := f.s.Request(ctx, f.agent, n)
	must(t, err)
	return d
}

func target(t testing.TB, s string) commit.Target {
	t.Helper()
	v, err := commit.ParseTarget("target", s)
	must(t, err)
	return v
}

// wantDue fails unless due is the instant s (or nil when s is "").
func wantDue(t testing.TB, what string, due *time.Time, s string) {
	t.Helper()
	switch {
	case s == "" && due != nil:
		t.Errorf("%s due %s, want none", what, due)
	case s != "" && due == nil:
		t.Errorf("%s has no due time, want %s", what, s)
	case s != "" && !due.Equal(at(t, s)):
		t.Errorf("%s due %s, want %s", what, due.In(at(t, s).Location()), s)
	}
}

func wantState(t testing.TB, what string, got, want desk.ClockState) {
	t.Helper()
	if got != want {
		t.Errorf("%s state %q, want %q", what, got, want)
	}
}
