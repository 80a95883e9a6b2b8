package store_test

import (
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
)

// fire fires every timer due at the fixture's clock and returns the total.
func (f *commitFixture) fire(t *testing.T) store.FireReport {
	t.Helper()
	var total store.FireReport
	for {
		rep, err := f.s.FireDue(ctx, 100)
		must(t, err)
		total.Due, total.Fired, total.Notified = total.Due+rep.Due, total.Fired+rep.Fired, total.Notified+rep.Notified
		if rep.Fired == 0 {
			return total
		}
	}
}

// inbox returns agent a's notifications, newest first.
func inbox(t *testing.T, s *store.Store, a desk.Actor) []commit.Notification {
	t.Helper()
	list, _, err := s.Notifications(ctx, a, commit.NotificationFilter{})
	must(t, err)
	return list
}

// wantNotified fails unless a's newest notification is about request n,
// for trigger at level.
func wantNotified(t *testing.T, s *store.Store, a desk.Actor, count int, n int64, trigger commit.Trigger, level commit.Level) {
	t.Helper()
	list := inbox(t, s, a)
	if len(list) != count {
		t.Fatalf("%s has %d notifications, want %d: %+v", a.Name, len(list), count, list)
	}
	if count == 0 {
		return
	}
	if got := list[0]; got.Number != n || got.Trigger != trigger || got.Level != level {
		t.Fatalf("%s's newest notification %+v, want #%d %s as %s", a.Name, got, n, trigger, level)
	}
}

func TestUnpickedRequestEscalates(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.chainFor(t, f.billing.ID, f.billingAgent.PersonID)
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.billing.ID)
		f.clock.Set(t, "2025-03-03 10:59 -0500")
		if rep := f.fire(t); rep.Fired != 0 {
			t.Fatalf("fired before the pickup deadline: %+v", rep)
		}
		f.clock.Set(t, "2025-03-03 11:00 -0500")
		f.fire(t)
		// Nobody owns it: the owner step passes to the lead at once.
		wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerUnpicked, commit.NotifyLeads)
		wantNotified(t, s, f.admin, 0, 0, "", "")
		if n := s.CountRows(t, "mail_outbox WHERE kind = 'alert' AND to_email = 'bill@guichet.example' AND number IS NULL"); n != 1 {
			t.Fatalf("%d alert mails to the lead, want 1", n)
		}
		f.clock.Set(t, "2025-03-03 12:59 -0500")
		f.fire(t)
		wantNotified(t, s, f.admin, 0, 0, "", "")
		f.clock.Set(t, "2025-03-03 13:00 -0500")
		f.fire(t)
		wantNotified(t, s, f.admin, 1, r.Number, commit.TriggerUnpicked, commit.NotifyManager)
		f.clock.Set(t, "2025-03-04 13:00 -0500")
		if rep := f.fire(t); rep.Fired != 0 {
			t.Fatalf("the chain fired again: %+v", rep)
		}
		wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerUnpicked, commit.NotifyLeads)
		d := f.read(t, r.Number)
		if n := countEvents(d, commit.EventEscalated); n != 2 {
			t.Fatalf("%d escalation events, want 2", n)
		}
		t.Run("TheRequesterSeesNoneOfIt", func(t *testing.T) {
			d, err := s.Request(ctx, f.alice, r.Number)
			must(t, err)
			if containsEvent(d, commit.EventEscalated) {
				t.Fatal("the requester sees the escalation")
			}
			_, _, err = s.Notifications(ctx, f.alice, commit.NotificationFilter{})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.MarkNotificationsRead(ctx, f.alice, nil)
			wantCode(t, err, desk.CodeForbidden)
		})
		t.Run("PickedUpInTimeNothingFires", func(t *testing.T) {
			f.clock.Set(t, "2025-03-05 09:00 -0500")
			r2 := f.request(t, f.billing.ID)
			f.clock.Set(t, "2025-03-05 10:00 -0500")
			_, err := s.UpdateRequest(ctx, f.billingAgent, r2.Number, desk.RequestPatch{AgentID: &f.billingAgent.PersonID})
			must(t, err)
			f.clock.Set(t, "2025-03-05 17:00 -0500")
			if rep := f.fire(t); rep.Fired != 0 {
				t.Fatalf("fired for a picked-up request: %+v", rep)
			}
			t.Run("UnassignedTheTimeCountsAgain", func(t *testing.T) {
				_, err := s.UpdateRequest(ctx, f.billingAgent, r2.Number, desk.RequestPatch{AgentID: ptr(int64(0))})
				must(t, err)
				f.clock.Set(t, "2025-03-06 10:29 -0500") // 17:00 → 8:30 + 2 h = 10:30 the next day
				if rep := f.fire(t); rep.Fired != 0 {
					t.Fatalf("fired early: %+v", rep)
				}
				f.clock.Set(t, "2025-03-06 10:30 -0500")
				f.fire(t)
				wantNotified(t, s, f.billingAgent, 2, r2.Number, commit.TriggerUnpicked, commit.NotifyLeads)
			})
		})
		t.Run("MarkRead", func(t *testing.T) {
			list := inbox(t, s, f.billingAgent)
			left, err := s.MarkNotificationsRead(ctx, f.billingAgent, []int64{list[0].ID})
			must(t, err)
			if left != 1 {
				t.Fatalf("%d unread left, want 1", left)
			}
			if left, err = s.MarkNotificationsRead(ctx, f.agent, nil); err != nil || left != 0 {
				t.Fatalf("another agent marking all: %d, %v", left, err)
			}
			if n, _ := s.UnreadNotifications(ctx, f.billingAgent); n != 1 {
				t.Fatalf("another agent's mark touched billing's: %d unread", n)
			}
		})
	})
}

func countEvents(d *desk.RequestDetail, typ string) int {
	n := 0
	for _, e := range d.Events {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func TestHandoffNotAcceptedEscalates(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.join(t, f.admin, f.billing.ID)
		f.chainFor(t, f.billing.ID, f.admin.PersonID) // Ada leads billing
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.frontDesk.ID)
		_, err := s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID, ToAgentID: f.billingAgent.PersonID, Reason: "facture"})
		must(t, err)
		f.clock.Set(t, "2025-03-03 10:00 -0500")
		f.fire(t)
		wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerUnaccepted, commit.NotifyOwner)
		t.Run("AcceptedTheChainStops", func(t *testing.T) {
			_, err := s.AddMessage(ctx, f.billingAgent, r.Number, desk.NewMessage{Body: "Je m'en occupe."})
			must(t, err)
			f.clock.Set(t, "2025-03-03 16:00 -0500")
			f.fire(t)
			wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerUnaccepted, commit.NotifyOwner)
			if n := len(inbox(t, s, f.admin)); n != 0 {
				t.Fatalf("the lead was told after the acceptance: %d", n)
			}
		})
		t.Run("AcceptedInTimeNothingFires", func(t *testing.T) {
			f.clock.Set(t, "2025-03-04 09:00 -0500")
			r2 := f.request(t, f.frontDesk.ID)
			_, err := s.Handoff(ctx, f.agent, r2.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID, Reason: "facture"})
			must(t, err)
			f.clock.Set(t, "2025-03-04 09:30 -0500")
			_, err = s.AddMessage(ctx, f.billingAgent, r2.Number, desk.NewMessage{Body: "Vu.", Visibility: desk.Internal})
			must(t, err)
			f.clock.Set(t, "2025-03-04 12:00 -0500")
			f.fire(t)
			for _, n := range inbox(t, s, f.admin) { // still without an agent: the pickup timer is another matter
				if n.Trigger == commit.TriggerUnaccepted {
					t.Fatalf("the lead was told about an accepted handoff: %+v", n)
				}
			}
		})
	})
}

func TestClocksAtRiskAndBreachedEscalate(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.standard(t, commit.Standard{Name: "Facturation", Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
			FirstResponse: target(t, "1h")})
		f.join(t, f.admin, f.billing.ID)
		f.chainFor(t, f.billing.ID, f.admin.PersonID)
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.assigned(t, f.billing.ID, f.billingAgent)
		f.clock.Set(t, "2025-03-03 09:47 -0500")
		if rep := f.fire(t); rep.Fired != 0 {
			t.Fatalf("fired before the clock was at risk: %+v", rep)
		}
		f.clock.Set(t, "2025-03-03 09:48 -0500") // 80 % of an hour
		f.fire(t)
		wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerAtRisk, commit.NotifyOwner)
		if got := inbox(t, s, f.billingAgent)[0]; got.Clock != commit.KindFirstResponse || got.ItemDue == nil ||
			!got.ItemDue.Equal(at(t, "2025-03-03 10:00 -0500")) {
			t.Fatalf("notification %+v", got)
		}
		f.clock.Set(t, "2025-03-03 10:00 -0500")
		f.fire(t)
		wantNotified(t, s, f.billingAgent, 2, r.Number, commit.TriggerBreached, commit.NotifyOwner)
		if n := len(inbox(t, s, f.admin)); n != 0 {
			t.Fatal("the lead was told about the at-risk clock after the breach superseded it")
		}
		f.clock.Set(t, "2025-03-03 11:00 -0500")
		f.fire(t)
		wantNotified(t, s, f.admin, 1, r.Number, commit.TriggerBreached, commit.NotifyLeads)
		t.Run("TheReplyEndsTheChain", func(t *testing.T) {
			_, err := s.AddMessage(ctx, f.billingAgent, r.Number, desk.NewMessage{Body: "Voici."})
			must(t, err)
			f.clock.Set(t, "2025-03-03 15:00 -0500")
			f.fire(t)
			if n := len(inbox(t, s, f.admin)); n != 1 {
				t.Fatalf("the manager step ran after the reply: %d notifications", n)
			}
		})
		t.Run("AnsweredInTimeNothingFires", func(t *testing.T) {
			f.clock.Set(t, "2025-03-04 09:00 -0500")
			r2 := f.assigned(t, f.billing.ID, f.billingAgent)
			f.clock.Set(t, "2025-03-04 09:30 -0500")
			_, err := s.AddMessage(ctx, f.billingAgent, r2.Number, desk.NewMessage{Body: "Réponse."})
			must(t, err)
			f.clock.Set(t, "2025-03-04 17:00 -0500")
			if rep := f.fire(t); rep.Fired != 0 {
				t.Fatalf("fired for an answered request: %+v", rep)
			}
		})
		t.Run("WaitingOnTheRequesterPausesTheTimer", func(t *testing.T) {
			f.clock.Set(t, "2025-03-05 09:00 -0500")
			r3 := f.assigned(t, f.billing.ID, f.billingAgent)
			f.clock.Set(t, "2025-03-05 09:30 -0500")
			_, err := s.UpdateRequest(ctx, f.billingAgent, r3.Number, desk.RequestPatch{Status: ptr(desk.StatusWaitingRequester)})
			must(t, err)
			f.clock.Set(t, "2025-03-05 16:00 -0500")
			if rep := f.fire(t); rep.Fired != 0 {
				t.Fatalf("fired for a paused clock: %+v", rep)
			}
			_, err = s.AddMessage(ctx, f.alice, r3.Number, desk.NewMessage{Body: "Voici le numéro."})
			must(t, err)
			f.clock.Set(t, "2025-03-05 16:17 -0500") // 30 min spent: at risk 18 min after the reply
			if rep := f.fire(t); rep.Fired != 0 {
				t.Fatalf("fired before the moved at-risk time: %+v", rep)
			}
			f.clock.Set(t, "2025-03-05 16:18 -0500")
			f.fire(t)
			wantNotified(t, s, f.billingAgent, 3, r3.Number, commit.TriggerAtRisk, commit.NotifyOwner)
		})
	})
}

// join makes agent a a member of department dept too.
func (f *commitFixture) join(t *testing.T, a desk.Actor, dept int64) {
	t.Helper()
	ag, err := f.s.Agent(ctx, f.admin, a.PersonID)
	must(t, err)
	ag.DepartmentIDs = append(ag.DepartmentIDs, dept)
	must(t, f.s.UpdateAgent(ctx, f.admin, ag))
}

// assigned opens a request in dept at the clock's time, owned by agent a.
func (f *commitFixture) assigned(t *testing.T, dept int64, a desk.Actor) *desk.Request {
	t.Helper()
	r := f.request(t, dept)
	_, err := f.s.UpdateRequest(ctx, a, r.Number, desk.RequestPatch{AgentID: &a.PersonID})
	must(t, err)
	return r
}

func TestPromisesRemindAndBreak(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.billing.ID)
		p, err := s.MakePromise(ctx, f.billingAgent, r.Number, commit.NewPromise{Text: "Je vous rappelle jeudi.",
			DueAt: at(t, "2025-03-06 10:00 -0500")})
		must(t, err)
		f.clock.Set(t, "2025-03-06 08:59 -0500")
		if rep := f.fire(t); rep.Fired != 0 {
			t.Fatalf("fired before the reminder: %+v", rep)
		}
		f.clock.Set(t, "2025-03-06 09:00 -0500") // the default: an hour before
		f.fire(t)
		wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerPromiseDue, commit.NotifyOwner)
		if got := inbox(t, s, f.billingAgent)[0]; got.Promise != p.Text {
			t.Fatalf("reminder %+v", got)
		}
		f.clock.Set(t, "2025-03-06 10:00 -0500")
		f.fire(t)
		wantNotified(t, s, f.billingAgent, 2, r.Number, commit.TriggerPromiseBroken, commit.NotifyOwner)
		t.Run("KeptInTimeOnlyTheReminder", func(t *testing.T) {
			q, err := s.MakePromise(ctx, f.billingAgent, r.Number, commit.NewPromise{Text: "Demain",
				DueAt: at(t, "2025-03-07 10:00 -0500")})
			must(t, err)
			f.clock.Set(t, "2025-03-07 09:10 -0500")
			f.fire(t)
			_, err = s.KeepPromise(ctx, f.billingAgent, r.Number, q.ID)
			must(t, err)
			f.clock.Set(t, "2025-03-07 11:00 -0500")
			f.fire(t)
			wantNotified(t, s, f.billingAgent, 3, r.Number, commit.TriggerPromiseDue, commit.NotifyOwner)
		})
	})
}

func TestConsultsEscalateInTheConsultedDepartment(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		ag := commit.Agreement{Name: "Facturation → accueil", ProviderDepartmentID: f.billing.ID,
			CustomerDepartmentID: &f.frontDesk.ID, Response: target(t, "1h"), Active: true}
		must(t, s.CreateAgreement(ctx, f.admin, &ag))
		f.chainFor(t, f.billing.ID, f.billingAgent.PersonID)
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.assigned(t, f.frontDesk.ID, f.agent)
		c, err := s.OpenConsult(ctx, f.agent, r.Number, commit.NewConsult{ToDepartmentID: f.billing.ID, Question: "Remboursé ?"})
		must(t, err)
		f.clock.Set(t, "2025-03-03 09:48 -0500")
		f.fire(t)
		// A consult is owed by the department: its leads hear of it, not the request's agent.
		wantNotified(t, s, f.billingAgent, 1, r.Number, commit.TriggerAtRisk, commit.NotifyLeads)
		if got := inbox(t, s, f.billingAgent)[0]; got.Clock != commit.KindConsultResponse || got.DepartmentID != f.billing.ID {
			t.Fatalf("notification %+v", got)
		}
		wantNotified(t, s, f.agent, 0, 0, "", "")
		f.clock.Set(t, "2025-03-03 09:50 -0500")
		_, err = s.AnswerConsult(ctx, f.billingAgent, r.Number, c.ID, commit.ConsultAnswer{Answer: "Oui, hier.", Final: true})
		must(t, err)
		f.clock.Set(t, "2025-03-03 15:00 -0500")
		if rep := f.fire(t); rep.Notified != 0 {
			t.Fatalf("an answered consult escalated: %+v", rep)
		}
	})
}

func TestAHandoffMovesThePickupTimer(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.chainFor(t, f.billing.ID, f.billingAgent.PersonID)
		it := commit.Escalation{DepartmentID: f.itd.ID, PickupWithin: target(t, "4h"), Steps: []commit.Step{{Notify: commit.NotifyLeads}}}
		must(t, s.SetEscalation(ctx, f.admin, &it))
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.billing.ID) // billing: picked up within 2 h
		f.clock.Set(t, "2025-03-03 10:00 -0500")
		_, err := s.Handoff(ctx, f.billingAgent, r.Number, desk.NewHandoff{ToDepartmentID: f.itd.ID, Reason: "informatique"})
		must(t, err)
		f.clock.Set(t, "2025-03-03 13:00 -0500") // billing's deadline has passed, IT's (14:00) not yet
		if rep := f.fire(t); rep.Fired != 0 {
			t.Fatalf("the old department's pickup timer fired: %+v", rep)
		}
		wantNotified(t, s, f.billingAgent, 0, 0, "", "")
	})
}
