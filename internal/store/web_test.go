package store_test

import (
	"crypto/sha256"
	"sync"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// webClock is a clock the test moves by hand.
type webClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *webClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *webClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// eachWeb runs fn on every engine with a fresh fixture and a hand-moved clock.
func eachWeb(t *testing.T, fn func(t *testing.T, f *fixture, c *webClock)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			c := &webClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
			fn(t, newFixture(t, e.OpenWith(t, store.Options{Now: c.Now})), c)
		})
	}
}

func sessionHash(id string) []byte { h := sha256.Sum256([]byte(id)); return h[:] }

func TestWebSessions(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s, idle, max := f.s, time.Hour, 3*time.Hour
		t.Run("LiveSessionActsAsItsAgent", func(t *testing.T) {
			must(t, s.CreateWebSession(ctx, sessionHash("a"), f.agent.PersonID, store.WebSessionAgent, idle, max))
			a, err := s.WebSession(ctx, sessionHash("a"), idle)
			must(t, err)
			if a.PersonID != f.agent.PersonID || a.Role != desk.RoleAgent || len(a.DepartmentIDs) != 1 {
				t.Fatalf("got %+v", a)
			}
		})
		t.Run("UnknownSessionIsUnauthorized", func(t *testing.T) {
			_, err := s.WebSession(ctx, sessionHash("nope"), idle)
			wantCode(t, err, desk.CodeUnauthorized)
		})
		t.Run("IdleSessionExpiresUseKeepsItAlive", func(t *testing.T) {
			must(t, s.CreateWebSession(ctx, sessionHash("used"), f.agent.PersonID, store.WebSessionAgent, idle, max))
			must(t, s.CreateWebSession(ctx, sessionHash("idle"), f.agent.PersonID, store.WebSessionAgent, idle, max))
			for range 3 {
				c.advance(40 * time.Minute)
				_, err := s.WebSession(ctx, sessionHash("used"), idle)
				must(t, err)
			}
			_, err := s.WebSession(ctx, sessionHash("idle"), idle)
			wantCode(t, err, desk.CodeUnauthorized)
		})
		t.Run("SessionEndsAtItsMaximumLifetimeEvenIfUsed", func(t *testing.T) {
			must(t, s.CreateWebSession(ctx, sessionHash("long"), f.agent.PersonID, store.WebSessionAgent, idle, max))
			for range 5 {
				c.advance(30 * time.Minute)
				_, err := s.WebSession(ctx, sessionHash("long"), idle)
				must(t, err)
			}
			c.advance(31 * time.Minute)
			_, err := s.WebSession(ctx, sessionHash("long"), idle)
			wantCode(t, err, desk.CodeUnauthorized)
		})
		t.Run("DeactivatedAgentIsSignedOut", func(t *testing.T) {
			must(t, s.CreateWebSession(ctx, sessionHash("bill"), f.billingAgent.PersonID, store.WebSessionAgent, idle, max))
			ag, err := s.Agent(ctx, f.admin, f.billingAgent.PersonID)
			must(t, err)
			ag.Active = false
			must(t, s.UpdateAgent(ctx, f.admin, ag))
			_, err = s.WebSession(ctx, sessionHash("bill"), idle)
			wantCode(t, err, desk.CodeUnauthorized)
		})
		t.Run("RequesterSessionOfAnAgentHasNoAgentRights", func(t *testing.T) {
			must(t, s.CreateWebSession(ctx, sessionHash("portal"), f.agent.PersonID, store.WebSessionRequester, idle, max))
			a, err := s.WebSession(ctx, sessionHash("portal"), idle)
			must(t, err)
			if a.IsAgent() || a.PersonID != f.agent.PersonID {
				t.Fatalf("got %+v", a)
			}
		})
		t.Run("SignOutEverywhereEndsOnlyThatPersonsSessions", func(t *testing.T) {
			must(t, s.CreateWebSession(ctx, sessionHash("g1"), f.agent.PersonID, store.WebSessionAgent, idle, max))
			must(t, s.CreateWebSession(ctx, sessionHash("g2"), f.agent.PersonID, store.WebSessionAgent, idle, max))
			must(t, s.CreateWebSession(ctx, sessionHash("ada"), f.admin.PersonID, store.WebSessionAgent, idle, max))
			must(t, s.DeleteWebSession(ctx, sessionHash("g1")))
			_, err := s.WebSession(ctx, sessionHash("g1"), idle)
			wantCode(t, err, desk.CodeUnauthorized)
			must(t, s.DeleteWebSessions(ctx, f.agent.PersonID))
			_, err = s.WebSession(ctx, sessionHash("g2"), idle)
			wantCode(t, err, desk.CodeUnauthorized)
			_, err = s.WebSession(ctx, sessionHash("ada"), idle)
			must(t, err)
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			wantCode(t, s.CreateWebSession(ctx, []byte("short"), f.agent.PersonID, store.WebSessionAgent, idle, max), desk.CodeInvalid, "session")
			wantCode(t, s.CreateWebSession(ctx, sessionHash("k"), f.agent.PersonID, "admin", idle, max), desk.CodeInvalid, "kind")
			wantCode(t, s.CreateWebSession(ctx, sessionHash("k"), f.agent.PersonID, store.WebSessionAgent, max, idle), desk.CodeInvalid, "idle")
			wantCode(t, s.CreateWebSession(ctx, sessionHash("k"), 999999, store.WebSessionAgent, idle, max), desk.CodeNotFound)
		})
	})
}

// TestCheckPasswordForSignIn covers what the sign-in page relies on.
func TestCheckPasswordForSignIn(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s := f.s
		must(t, s.SetPassword(ctx, f.agent.PersonID, "s3cret-password"))
		t.Run("RightPassword", func(t *testing.T) {
			a, err := s.CheckPassword(ctx, " Gaston@Guichet.example ", "s3cret-password")
			must(t, err)
			if a.PersonID != f.agent.PersonID || !a.IsAgent() {
				t.Fatalf("got %+v", a)
			}
		})
		for name, c := range map[string][2]string{
			"ErrWrongPassword": {"gaston@guichet.example", "s3cret-passwore"},
			"ErrUnknownEmail":  {"nobody@guichet.example", "s3cret-password"},
			"ErrNoPasswordSet": {"ada@guichet.example", ""},
			"ErrRequester":     {"alice@ecole-soleil.example", "s3cret-password"},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := s.CheckPassword(ctx, c[0], c[1])
				wantCode(t, err, desk.CodeUnauthorized)
			})
		}
		t.Run("UnknownEmailTakesAsLongAsAWrongPassword", func(t *testing.T) {
			slowest := func(email string) time.Duration {
				var d time.Duration
				for range 3 {
					start := time.Now()
					_, _ = s.CheckPassword(ctx, email, "wrong password")
					d = max(d, time.Since(start))
				}
				return d
			}
			known, unknown := slowest("gaston@guichet.example"), slowest("nobody@guichet.example")
			if unknown < known/3 {
				t.Fatalf("unknown email answered in %v, a wrong password in %v: the address's existence leaks", unknown, known)
			}
		})
	})
}

func TestLoginFailures(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s, key, other := f.s, sessionHash("ip|email"), sessionHash("ip")
		for range 3 {
			must(t, s.RecordLoginFailure(ctx, key))
			c.advance(time.Minute)
		}
		must(t, s.RecordLoginFailure(ctx, other))
		count := func(k []byte, window time.Duration) int {
			n, err := s.LoginFailures(ctx, k, window)
			must(t, err)
			return n
		}
		if n := count(key, 15*time.Minute); n != 3 {
			t.Fatalf("counted %d failures, want 3", n)
		}
		if n := count(key, 150*time.Second); n != 2 {
			t.Fatalf("counted %d recent failures, want 2", n)
		}
		must(t, s.ClearLoginFailures(ctx, key))
		if count(key, time.Hour) != 0 || count(other, time.Hour) != 1 {
			t.Fatal("clearing one key must forget only its failures")
		}
	})
}

func TestCountRequests(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s := f.s
		for range 3 {
			f.open(t, "Question", "Bonjour", f.alice)
		}
		r := f.open(t, "Autre", "Bonjour", f.carol)
		_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{AgentID: &f.agent.PersonID})
		must(t, err)
		count := func(a desk.Actor, fl desk.RequestFilter, max int) int {
			n, err := s.CountRequests(ctx, a, fl, max)
			must(t, err)
			return n
		}
		if n := count(f.agent, desk.RequestFilter{}, 100); n != 4 {
			t.Fatalf("all: %d", n)
		}
		if n := count(f.agent, desk.RequestFilter{Unassigned: true}, 100); n != 3 {
			t.Fatalf("unassigned: %d", n)
		}
		if n := count(f.agent, desk.RequestFilter{AgentID: f.agent.PersonID, Status: []desk.Status{desk.StatusNew}}, 100); n != 1 {
			t.Fatalf("mine: %d", n)
		}
		if n := count(f.agent, desk.RequestFilter{}, 2); n != 2 {
			t.Fatalf("capped: %d", n)
		}
		if n := count(f.carol, desk.RequestFilter{}, 100); n != 1 {
			t.Fatalf("a requester counts only what they may read: %d", n)
		}
		_, err = s.CountRequests(ctx, f.agent, desk.RequestFilter{Query: "bonjour"}, 10)
		wantCode(t, err, desk.CodeInvalid, "q")
		_, err = s.CountRequests(ctx, f.agent, desk.RequestFilter{}, 0)
		wantCode(t, err, desk.CodeInvalid, "max")
	})
}
