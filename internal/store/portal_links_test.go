package store_test

import (
	"sync"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

func TestSignInLinks(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s, ttl := f.s, 20*time.Minute
		link := func(email, token, url string) (int64, error) {
			return s.CreateSignInLink(ctx, store.NewSignInLink{Email: email, TokenHash: sessionHash(token), TTL: ttl, URL: url})
		}
		t.Run("MailsTheLinkInThePersonsLanguage", func(t *testing.T) {
			p, err := s.Person(ctx, desk.SystemActor, f.alice.PersonID)
			must(t, err)
			p.Language = desk.English
			must(t, s.UpdatePerson(ctx, desk.SystemActor, p))
			id, err := link("Alice@Ecole-Soleil.example", "mailed", "https://desk.example/portal/link?t=mailed")
			must(t, err)
			if id != f.alice.PersonID {
				t.Fatalf("person %d, want alice %d", id, f.alice.PersonID)
			}
			m, err := s.LatestMail(ctx, store.MailSignIn, "alice@ecole-soleil.example")
			must(t, err)
			if m.Number != 0 || m.Language != desk.English || m.ToName != "Alice" ||
				m.Data["link"] != "https://desk.example/portal/link?t=mailed" || m.Data["minutes"] != "20" {
				t.Fatalf("mail %+v", m)
			}
		})
		t.Run("UnknownAddressWritesNothing", func(t *testing.T) {
			before := s.CountRows(t, "mail_outbox")
			_, err := link("nobody@example.com", "nobody", "https://desk.example/x")
			wantCode(t, err, desk.CodeNotFound)
			if after := s.CountRows(t, "mail_outbox"); after != before {
				t.Fatalf("outbox %d → %d", before, after)
			}
			if st, err := s.SignInLinkStatus(ctx, sessionHash("nobody")); err != nil || st != store.SignInLinkUnknown {
				t.Fatalf("state %q, %v", st, err)
			}
		})
		t.Run("WithoutURLNothingIsMailed", func(t *testing.T) {
			before := s.CountRows(t, "mail_outbox")
			_, err := link("bob@ecole-soleil.example", "printed", "")
			must(t, err)
			if after := s.CountRows(t, "mail_outbox"); after != before {
				t.Fatalf("outbox %d → %d", before, after)
			}
		})
		t.Run("SignsInOnceOnly", func(t *testing.T) {
			_, err := link("carol@ailleurs.example", "once", "")
			must(t, err)
			if st, _ := s.SignInLinkStatus(ctx, sessionHash("once")); st != store.SignInLinkValid {
				t.Fatalf("before use: %q", st)
			}
			id, st, err := s.UseSignInLink(ctx, sessionHash("once"))
			must(t, err)
			if id != f.carol.PersonID || st != store.SignInLinkValid {
				t.Fatalf("first use: %d %q", id, st)
			}
			id, st, err = s.UseSignInLink(ctx, sessionHash("once"))
			must(t, err)
			if id != 0 || st != store.SignInLinkUsed {
				t.Fatalf("second use: %d %q", id, st)
			}
		})
		t.Run("ConcurrentUsesSignInOnce", func(t *testing.T) {
			_, err := link("carol@ailleurs.example", "race", "")
			must(t, err)
			var wg sync.WaitGroup
			var mu sync.Mutex
			wins := 0
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					id, st, err := s.UseSignInLink(ctx, sessionHash("race"))
					if err != nil {
						t.Error(err)
						return
					}
					if st == store.SignInLinkValid && id == f.carol.PersonID {
						mu.Lock()
						wins++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if wins != 1 {
				t.Fatalf("%d uses signed in, want 1", wins)
			}
		})
		t.Run("ExpiresAfterItsTime", func(t *testing.T) {
			_, err := link("carol@ailleurs.example", "late", "")
			must(t, err)
			c.advance(ttl - time.Second)
			if st, _ := s.SignInLinkStatus(ctx, sessionHash("late")); st != store.SignInLinkValid {
				t.Fatalf("just before expiry: %q", st)
			}
			c.advance(time.Second)
			id, st, err := s.UseSignInLink(ctx, sessionHash("late"))
			must(t, err)
			if id != 0 || st != store.SignInLinkExpired {
				t.Fatalf("at expiry: %d %q", id, st)
			}
		})
		t.Run("ExpiredLinksArePrunedAfterADay", func(t *testing.T) {
			_, err := link("carol@ailleurs.example", "old", "")
			must(t, err)
			c.advance(ttl + 25*time.Hour)
			_, err = link("carol@ailleurs.example", "new", "")
			must(t, err)
			if st, _ := s.SignInLinkStatus(ctx, sessionHash("old")); st != store.SignInLinkUnknown {
				t.Fatalf("old link: %q", st)
			}
		})
		t.Run("BadInput", func(t *testing.T) {
			_, err := s.CreateSignInLink(ctx, store.NewSignInLink{Email: "carol@ailleurs.example", TokenHash: []byte("short"), TTL: ttl})
			wantCode(t, err, desk.CodeInvalid, "token")
			_, err = s.CreateSignInLink(ctx, store.NewSignInLink{Email: "carol@ailleurs.example", TokenHash: sessionHash("x")})
			wantCode(t, err, desk.CodeInvalid, "ttl")
			_, err = link("not an address", "y", "")
			wantCode(t, err, desk.CodeInvalid)
		})
	})
}
