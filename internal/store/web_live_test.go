package store_test

import (
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

func TestLiveEvents(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s := f.s
		start, err := s.LatestEventID(ctx)
		must(t, err)
		r := f.open(t, "Colis abîmé", "La boîte est arrivée écrasée.", f.alice)
		_, err = s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Nous regardons."})
		must(t, err)

		t.Run("EventsAfterListsEachChangeOnceInOrder", func(t *testing.T) {
			evs, err := s.EventsAfter(ctx, start, 0)
			must(t, err)
			if len(evs) < 2 || evs[0].Type != desk.EventCreated || evs[len(evs)-1].Type != desk.EventMessageAdded {
				t.Fatalf("got %+v", evs)
			}
			for i, e := range evs {
				if e.Number != r.Number || e.ActorID != f.agent.PersonID || i > 0 && e.ID <= evs[i-1].ID {
					t.Fatalf("event %d: %+v", i, e)
				}
			}
			latest, err := s.LatestEventID(ctx)
			must(t, err)
			if latest != evs[len(evs)-1].ID {
				t.Fatalf("latest %d, last listed %d", latest, evs[len(evs)-1].ID)
			}
			more, err := s.EventsAfter(ctx, latest, 10)
			must(t, err)
			if len(more) != 0 {
				t.Fatalf("after the latest: %+v", more)
			}
		})
		t.Run("LimitBoundsTheBatch", func(t *testing.T) {
			evs, err := s.EventsAfter(ctx, start, 1)
			must(t, err)
			if len(evs) != 1 {
				t.Fatalf("got %d", len(evs))
			}
		})
	})
}

func TestPresence(t *testing.T) {
	eachWeb(t, func(t *testing.T, f *fixture, c *webClock) {
		s := f.s
		r := f.open(t, "Facture en double", "Deux factures.", f.alice)
		t.Run("HeartbeatShowsWhoIsWriting", func(t *testing.T) {
			must(t, s.SetPresence(ctx, r.Number, f.agent.PersonID, store.PresenceReply, 20*time.Second))
			must(t, s.SetPresence(ctx, r.Number, f.billingAgent.PersonID, store.PresenceNote, 20*time.Second))
			ps, err := s.Presences(ctx)
			must(t, err)
			if len(ps) != 2 || ps[0].Name != "Bill Payne" || ps[0].Activity != store.PresenceNote ||
				ps[1].Name != "Gaston Agent" || ps[1].Number != r.Number {
				t.Fatalf("got %+v", ps)
			}
		})
		t.Run("AgainReplacesNotDuplicates", func(t *testing.T) {
			must(t, s.SetPresence(ctx, r.Number, f.agent.PersonID, store.PresenceNote, 20*time.Second))
			ps, err := s.Presences(ctx)
			must(t, err)
			if len(ps) != 2 || ps[1].Activity != store.PresenceNote {
				t.Fatalf("got %+v", ps)
			}
		})
		t.Run("StoppingOrSilenceEndsIt", func(t *testing.T) {
			must(t, s.SetPresence(ctx, r.Number, f.agent.PersonID, "", 20*time.Second))
			ps, err := s.Presences(ctx)
			must(t, err)
			if len(ps) != 1 || ps[0].PersonID != f.billingAgent.PersonID {
				t.Fatalf("after stop: %+v", ps)
			}
			c.advance(21 * time.Second)
			ps, err = s.Presences(ctx)
			must(t, err)
			if len(ps) != 0 {
				t.Fatalf("after expiry: %+v", ps)
			}
		})
		t.Run("ErrBadInputWritesNothing", func(t *testing.T) {
			wantCode(t, s.SetPresence(ctx, r.Number, f.agent.PersonID, "typing", time.Minute), desk.CodeInvalid, "activity")
			wantCode(t, s.SetPresence(ctx, r.Number, f.agent.PersonID, store.PresenceReply, time.Hour), desk.CodeInvalid, "ttl")
			wantCode(t, s.SetPresence(ctx, 999999, f.agent.PersonID, store.PresenceReply, time.Minute), desk.CodeNotFound)
			ps, err := s.Presences(ctx)
			must(t, err)
			if len(ps) != 0 {
				t.Fatalf("got %+v", ps)
			}
		})
	})
}

func TestServiceHours(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("AdminSetsAndClears", func(t *testing.T) {
			must(t, s.SetServiceHours(ctx, f.admin, f.billing.ID, "  Lun–ven 8 h 30 à 16 h 30 "))
			h, err := s.ServiceHours(ctx)
			must(t, err)
			if h[f.billing.ID] != "Lun–ven 8 h 30 à 16 h 30" || len(h) != 1 {
				t.Fatalf("got %v", h)
			}
			must(t, s.SetServiceHours(ctx, f.admin, f.billing.ID, ""))
			h, err = s.ServiceHours(ctx)
			must(t, err)
			if len(h) != 0 {
				t.Fatalf("after clearing: %v", h)
			}
		})
		t.Run("ErrNotAdminUnknownOrTooLong", func(t *testing.T) {
			wantCode(t, s.SetServiceHours(ctx, f.agent, f.billing.ID, "9-5"), desk.CodeForbidden)
			wantCode(t, s.SetServiceHours(ctx, f.admin, 999999, "9-5"), desk.CodeNotFound)
			long := make([]byte, 501)
			for i := range long {
				long[i] = 'x'
			}
			wantCode(t, s.SetServiceHours(ctx, f.admin, f.billing.ID, string(long)), desk.CodeInvalid, "service_hours")
		})
		t.Run("DeletingTheDepartmentDropsItsHours", func(t *testing.T) {
			must(t, s.SetServiceHours(ctx, f.admin, f.itd.ID, "24/7"))
			must(t, s.DeleteDepartment(ctx, f.admin, f.itd.ID))
			h, err := s.ServiceHours(ctx)
			must(t, err)
			if _, ok := h[f.itd.ID]; ok {
				t.Fatalf("got %v", h)
			}
		})
	})
}

func TestTokenAdmin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		tok, err := s.CreateToken(ctx, f.agent.PersonID, "zapier")
		must(t, err)
		t.Run("AdminListsWithoutTheSecret", func(t *testing.T) {
			ts, err := s.Tokens(ctx, f.admin)
			must(t, err)
			if len(ts) != 1 || ts[0].Name != "zapier" || ts[0].Person != "Gaston Agent" || ts[0].PersonID != f.agent.PersonID {
				t.Fatalf("got %+v", ts)
			}
		})
		t.Run("ErrNonAdmin", func(t *testing.T) {
			_, err := s.Tokens(ctx, f.agent)
			wantCode(t, err, desk.CodeForbidden)
			wantCode(t, s.RevokeToken(ctx, f.agent, 1), desk.CodeForbidden)
		})
		t.Run("RevokedTokenStopsWorking", func(t *testing.T) {
			ts, err := s.Tokens(ctx, f.admin)
			must(t, err)
			must(t, s.RevokeToken(ctx, f.admin, ts[0].ID))
			_, err = s.Authenticate(ctx, tok)
			wantCode(t, err, desk.CodeUnauthorized)
			wantCode(t, s.RevokeToken(ctx, f.admin, ts[0].ID), desk.CodeNotFound)
		})
	})
}
