package store_test

import (
	"testing"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/commit"
	"guichet/internal/desk"
)

func TestPromises(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		now := f.clock.Set(t, "2025-03-03 09:00 -0500")
		r := f.request(t, f.billing.ID)
		thursday := at(t, "2025-03-06 10:00 -0500")
		var p *commit.Promise
		t.Run("the requester sees the promise", func(t *testing.T) {
			var err error
			p, err = s.MakePromise(ctx, f.billingAgent, r.Number, commit.NewPromise{Text: "Je vous rappelle jeudi avec la date d'expédition.", DueAt: thursday})
			must(t, err)
			if p.State != commit.PromisePending || !p.DueAt.Equal(thursday) || p.DepartmentID != f.billing.ID || p.MadeBy != "Bill Payne" {
				t.Fatalf("promise %+v", p)
			}
			list, err := s.Promises(ctx, f.alice, r.Number)
			must(t, err)
			if len(list) != 1 || list[0].Text != p.Text {
				t.Fatalf("requester's promises %+v", list)
			}
			d, err := s.Request(ctx, f.alice, r.Number)
			must(t, err)
			if !containsEvent(d, "promise.made") {
				t.Fatal("the requester does not see the promise in the history")
			}
			_, err = s.Promises(ctx, f.carol, r.Number)
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("past due and not kept, it reads broken", func(t *testing.T) {
			f.clock.Set(t, "2025-03-06 10:01 -0500")
			list, err := s.Promises(ctx, f.agent, r.Number)
			must(t, err)
			if list[0].State != commit.PromiseBroken {
				t.Fatalf("state %s", list[0].State)
			}
		})
		t.Run("kept late stays broken, kept twice is a conflict", func(t *testing.T) {
			got, err := s.KeepPromise(ctx, f.billingAgent, r.Number, p.ID)
			must(t, err)
			if got.State != commit.PromiseBroken || got.KeptAt == nil {
				t.Fatalf("promise %+v", got)
			}
			_, err = s.KeepPromise(ctx, f.billingAgent, r.Number, p.ID)
			wantCode(t, err, desk.CodeConflict)
		})
		t.Run("kept in time", func(t *testing.T) {
			f.clock.Set(t, "2025-03-06 11:00 -0500")
			q, err := s.MakePromise(ctx, f.agent, r.Number, commit.NewPromise{Text: "Rappel demain", DueAt: at(t, "2025-03-07 11:00 -0500")})
			must(t, err)
			got, err := s.KeepPromise(ctx, f.agent, r.Number, q.ID)
			must(t, err)
			if got.State != commit.PromiseKept {
				t.Fatalf("promise %+v", got)
			}
		})
		t.Run("bad promises are refused", func(t *testing.T) {
			before := s.CountRows(t, "promises")
			_, err := s.MakePromise(ctx, f.agent, r.Number, commit.NewPromise{Text: "hier", DueAt: now})
			wantCode(t, err, desk.CodeInvalid, "due_at")
			_, err = s.MakePromise(ctx, f.alice, r.Number, commit.NewPromise{Text: "moi-même", DueAt: thursday.Add(24 * time.Hour)})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.KeepPromise(ctx, f.agent, r.Number, 999999)
			wantCode(t, err, desk.CodeNotFound)
			if s.CountRows(t, "promises") != before {
				t.Fatal("a refused promise was saved")
			}
		})
	})
}

func containsEvent(d *desk.RequestDetail, typ string) bool {
	for _, e := range d.Events {
		if e.Type == typ {
			return true
		}
	}
	return false
}

func TestCalendars(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		t.Run("the default calendar is Montréal office hours with Québec holidays", func(t *testing.T) {
			list, err := s.Calendars(ctx, f.agent)
			must(t, err)
			if len(list) != 1 || !list[0].Default || list[0].TimeZone != "America/Montreal" || len(list[0].Holidays) < 90 {
				t.Fatalf("calendars %+v", list)
			}
			_, err = s.Calendars(ctx, f.alice)
			wantCode(t, err, desk.CodeForbidden)
		})
		office := calendar.Weekdays(calendar.Interval{Start: calendar.At(9, 0), End: calendar.At(17, 0)})
		t.Run("bad calendars are refused, nothing written", func(t *testing.T) {
			before := s.CountRows(t, "calendars")
			bad := []commit.Calendar{
				{Spec: calendar.Spec{Name: "vide"}},
				{Spec: calendar.Spec{Name: "chevauchement", Hours: calendar.Weekdays(
					calendar.Interval{Start: calendar.At(9, 0), End: calendar.At(12, 0)},
					calendar.Interval{Start: calendar.At(11, 0), End: calendar.At(17, 0)})}},
				{Spec: calendar.Spec{Name: "fuseau", TimeZone: "Mars/Olympus", Hours: office}},
				{Spec: calendar.Spec{Name: "inconnu", Hours: office}, DepartmentIDs: []int64{987654}},
			}
			for _, c := range bad {
				wantCode(t, s.CreateCalendar(ctx, f.admin, &c), desk.CodeInvalid)
			}
			c := commit.Calendar{Spec: calendar.Spec{Name: "x", Hours: office}}
			wantCode(t, s.CreateCalendar(ctx, f.agent, &c), desk.CodeForbidden)
			if s.CountRows(t, "calendars") != before {
				t.Fatal("a refused calendar was saved")
			}
		})
		t.Run("a new default takes the role; the default cannot be deleted", func(t *testing.T) {
			c := commit.Calendar{Spec: calendar.Spec{Name: "Siège", Hours: office}, Default: true, DepartmentIDs: []int64{f.billing.ID}}
			must(t, s.CreateCalendar(ctx, f.admin, &c))
			list, err := s.Calendars(ctx, f.agent)
			must(t, err)
			if len(list) != 2 || list[0].ID != c.ID || list[1].Default || len(list[0].DepartmentIDs) != 1 {
				t.Fatalf("calendars %+v", list)
			}
			wantCode(t, s.DeleteCalendar(ctx, f.admin, c.ID), desk.CodeConflict)
			c.Default = false
			wantCode(t, s.UpdateCalendar(ctx, f.admin, &c), desk.CodeInvalid, "default")
			must(t, s.DeleteCalendar(ctx, f.admin, list[1].ID))
		})
		t.Run("a calendar a standard counts on cannot be deleted", func(t *testing.T) {
			c := commit.Calendar{Spec: calendar.Spec{Name: "Soir", Hours: office}}
			must(t, s.CreateCalendar(ctx, f.admin, &c))
			f.standard(t, commit.Standard{Name: "Soir", CalendarID: &c.ID, FirstResponse: target(t, "1h")})
			wantCode(t, s.DeleteCalendar(ctx, f.admin, c.ID), desk.CodeConflict)
		})
	})
}
