package store_test

import (
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

func TestRequestClocks(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.standard(t, commit.Standard{Name: "Facturation", Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
			FirstResponse: target(t, "4h"), NextResponse: target(t, "2h"), Resolution: target(t, "2d")})
		t.Run("a new request shows its targets, counted in business hours", func(t *testing.T) {
			f.clock.Set(t, "2025-03-03 09:00 -0500")
			r := f.request(t, f.billing.ID)
			wantDue(t, "first response", r.FirstResponseDue, "2025-03-03 13:00 -0500")
			wantState(t, "first response", r.FirstResponseState, desk.ClockRunning)
			wantDue(t, "resolution", r.ResolutionDue, "2025-03-05 09:00 -0500")
			if r.NextResponseDue != nil || r.NextResponseState != "" || r.ServiceStandardID == nil {
				t.Fatalf("clocks %+v", r.Clocks)
			}
			d := f.read(t, r.Number)
			wantDue(t, "first response (read)", d.FirstResponseDue, "2025-03-03 13:00 -0500")
		})
		t.Run("an arrival after hours counts from the next opening, across the clock change", func(t *testing.T) {
			f.clock.Set(t, "2025-03-07 18:00 -0500")
			r := f.request(t, f.billing.ID)
			wantDue(t, "first response", r.FirstResponseDue, "2025-03-10 12:30 -0400")
		})
		t.Run("the wait on the requester pauses the clocks, their reply resumes them", func(t *testing.T) {
			f.clock.Set(t, "2025-03-11 09:00 -0400")
			r := f.request(t, f.billing.ID)
			f.clock.Set(t, "2025-03-11 10:00 -0400")
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Pouvez-vous m'envoyer la facture ?"})
			must(t, err)
			f.clock.Set(t, "2025-03-11 10:30 -0400")
			_, err = s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "La voici."})
			must(t, err)
			d := f.read(t, r.Number)
			wantState(t, "first response", d.FirstResponseState, desk.ClockMet)
			wantDue(t, "next response", d.NextResponseDue, "2025-03-11 12:30 -0400")
			f.clock.Set(t, "2025-03-11 11:00 -0400")
			_, err = s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: ptr(desk.StatusWaitingRequester)})
			must(t, err)
			d = f.read(t, r.Number)
			wantState(t, "next response", d.NextResponseState, desk.ClockPaused)
			wantDue(t, "next response", d.NextResponseDue, "")
			wantState(t, "resolution", d.ResolutionState, desk.ClockPaused)
			f.clock.Set(t, "2025-03-12 09:00 -0400")
			_, err = s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "Alors ?"})
			must(t, err)
			d = f.read(t, r.Number)
			// 30 business minutes were spent before the pause: 90 are left from 09:00.
			wantDue(t, "next response", d.NextResponseDue, "2025-03-12 10:30 -0400")
			wantState(t, "next response", d.NextResponseState, desk.ClockRunning)
			// Resolution: two business days from Tuesday 09:00 is 17 business hours; 2 were spent
			// before the pause, so 15 are left from Wednesday 09:00: 8 that day, 7 on Thursday.
			wantDue(t, "resolution", d.ResolutionDue, "2025-03-13 15:30 -0400")
		})
		t.Run("a breached clock reads breached once its due time passes", func(t *testing.T) {
			f.clock.Set(t, "2025-03-17 09:00 -0400")
			r := f.request(t, f.billing.ID)
			f.clock.Set(t, "2025-03-17 13:01 -0400")
			d := f.read(t, r.Number)
			wantState(t, "first response", d.FirstResponseState, desk.ClockBreached)
			page, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{DepartmentID: f.billing.ID, Limit: 1})
			must(t, err)
			if len(page.Requests) != 1 || page.Requests[0].Number != r.Number || page.Requests[0].FirstResponseState != desk.ClockBreached {
				t.Fatalf("lists show the clocks too: %+v", page.Requests)
			}
			f.clock.Set(t, "2025-03-17 14:00 -0400")
			_, err = s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Désolé du délai."})
			must(t, err)
			wantState(t, "first response answered late", f.read(t, r.Number).FirstResponseState, desk.ClockBreached)
		})
		t.Run("solving stops resolution, reopening resumes it", func(t *testing.T) {
			f.clock.Set(t, "2025-03-18 09:00 -0400")
			r := f.request(t, f.billing.ID)
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Remboursé."})
			must(t, err)
			f.clock.Set(t, "2025-03-18 10:00 -0400")
			_, err = s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: ptr(desk.StatusSolved)})
			must(t, err)
			wantState(t, "resolution", f.read(t, r.Number).ResolutionState, desk.ClockMet)
			f.clock.Set(t, "2025-03-19 09:00 -0400")
			_, err = s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "Je ne vois rien sur mon relevé."})
			must(t, err)
			d := f.read(t, r.Number)
			wantState(t, "resolution", d.ResolutionState, desk.ClockRunning)
			// 17 business hours in all, one spent before solving: 16 left from Wednesday 09:00.
			wantDue(t, "resolution", d.ResolutionDue, "2025-03-20 16:30 -0400")
		})
		t.Run("spam has no clocks", func(t *testing.T) {
			r := f.request(t, f.billing.ID)
			got, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Spam: ptr(true)})
			must(t, err)
			if got.FirstResponseDue != nil || got.ServiceStandardID != nil {
				t.Fatalf("spam clocks %+v", got.Clocks)
			}
		})
		t.Run("without a matching standard a request has no clocks", func(t *testing.T) {
			r := f.request(t, f.itd.ID)
			if r.ServiceStandardID != nil || r.FirstResponseState != "" {
				t.Fatalf("clocks %+v", r.Clocks)
			}
		})
	})
}

func TestStandardSelection(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		all := f.standard(t, commit.Standard{Name: "Tout le monde", FirstResponse: target(t, "8h")})
		urgent := f.standard(t, commit.Standard{Name: "Urgent", Conditions: commit.Conditions{Priority: desk.PriorityUrgent},
			FirstResponse: target(t, "1h")})
		soleil := f.standard(t, commit.Standard{Name: "École Soleil", Conditions: commit.Conditions{OrganisationID: &f.org.ID},
			FirstResponse: target(t, "2h")})
		t.Run("the organisation's standard beats the catch-all", func(t *testing.T) {
			r := f.request(t, f.itd.ID)
			if *r.ServiceStandardID != soleil.ID {
				t.Fatalf("standard %d, want %d", *r.ServiceStandardID, soleil.ID)
			}
			wantDue(t, "first response", r.FirstResponseDue, "2025-03-03 11:00 -0500")
		})
		t.Run("a change of priority chooses again", func(t *testing.T) {
			p, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "Panne", Body: "Plus rien ne marche",
				RequesterEmail: "carol@ailleurs.example"})
			must(t, err)
			if *p.ServiceStandardID != all.ID {
				t.Fatalf("standard %d, want the catch-all", *p.ServiceStandardID)
			}
			got, err := s.UpdateRequest(ctx, f.agent, p.Number, desk.RequestPatch{Priority: ptr(desk.PriorityUrgent)})
			must(t, err)
			if *got.ServiceStandardID != urgent.ID {
				t.Fatalf("standard %d, want urgent", *got.ServiceStandardID)
			}
			wantDue(t, "first response", got.FirstResponseDue, "2025-03-03 10:00 -0500")
		})
		t.Run("a changed standard recomputes open requests", func(t *testing.T) {
			r := f.request(t, f.itd.ID)
			soleil.FirstResponse = target(t, "3h")
			must(t, s.UpdateStandard(ctx, f.admin, &soleil))
			wantDue(t, "first response", f.read(t, r.Number).FirstResponseDue, "2025-03-03 12:00 -0500")
		})
		t.Run("a department's calendar counts its requests", func(t *testing.T) {
			cal := commit.DefaultCalendar(2025)
			cal.Name, cal.Default, cal.DepartmentIDs = "Soirées", false, []int64{f.itd.ID}
			cal.TimeZone = "America/Vancouver"
			must(t, s.CreateCalendar(ctx, f.admin, &cal))
			r := f.request(t, f.itd.ID)
			// 09:00 in Montréal is 06:00 in Vancouver: counting starts at 08:30 there (11:30 here).
			wantDue(t, "first response", r.FirstResponseDue, "2025-03-03 14:30 -0500")
		})
		t.Run("a colleague's request gets the standard for colleagues, a customer's does not", func(t *testing.T) {
			inside := f.standard(t, commit.Standard{Name: "Collègues", Conditions: commit.Conditions{RequesterKind: desk.InternalPerson},
				FirstResponse: target(t, "3h")})
			mine, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "Écran", Body: "Mon écran clignote.",
				RequesterEmail: "gaston@guichet.example"})
			must(t, err)
			if *mine.ServiceStandardID != inside.ID || *f.read(t, mine.Number).ServiceStandardID != inside.ID {
				t.Fatalf("an internal requester's request: standard %d, want %d", *mine.ServiceStandardID, inside.ID)
			}
			wantDue(t, "first response", mine.FirstResponseDue, "2025-03-03 12:00 -0500")
			res, err := s.IngestMail(ctx, inbound("ecran@guichet.example", "gaston@guichet.example", "Écran", "Il clignote encore."))
			must(t, err)
			got := f.read(t, res.Number).ServiceStandardID
			if !res.Created || got == nil {
				t.Fatalf("a colleague's mail: %+v, no standard", res)
			}
			if *got != inside.ID {
				t.Fatalf("a colleague's mail: standard %d, want %d", *got, inside.ID)
			}
			theirs, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "Livraison", Body: "Rien reçu.",
				RequesterEmail: "carol@ailleurs.example"})
			must(t, err)
			if *theirs.ServiceStandardID != all.ID {
				t.Fatalf("an external requester's request: standard %d, want the catch-all %d", *theirs.ServiceStandardID, all.ID)
			}
		})
	})
}

func TestStandardBadInput(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		four := target(t, "4h")
		missing := int64(987654)
		tests := []struct {
			name  string
			st    commit.Standard
			code  desk.Code
			field string
		}{
			{"no target", commit.Standard{Name: "x"}, desk.CodeInvalid, "first_response"},
			{"unknown department", commit.Standard{Name: "x", FirstResponse: four,
				Conditions: commit.Conditions{DepartmentID: &missing}}, desk.CodeInvalid, "conditions.department_id"},
			{"unknown organisation", commit.Standard{Name: "x", FirstResponse: four,
				Conditions: commit.Conditions{OrganisationID: &missing}}, desk.CodeInvalid, "conditions.organisation_id"},
			{"unknown calendar", commit.Standard{Name: "x", FirstResponse: four, CalendarID: &missing}, desk.CodeInvalid, "calendar_id"},
			{"unknown channel", commit.Standard{Name: "x", FirstResponse: four,
				Conditions: commit.Conditions{Channel: "fax"}}, desk.CodeInvalid, "conditions.channel"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := s.CountRows(t, "service_standards")
				tt.st.Active = true
				wantCode(t, s.CreateStandard(ctx, f.admin, &tt.st), tt.code, tt.field)
				if s.CountRows(t, "service_standards") != before {
					t.Fatal("a refused standard was saved")
				}
			})
		}
		t.Run("same conditions twice is a conflict", func(t *testing.T) {
			f.standard(t, commit.Standard{Name: "IT", Conditions: commit.Conditions{DepartmentID: &f.itd.ID}, FirstResponse: four})
			dup := commit.Standard{Name: "IT again", Active: true, Conditions: commit.Conditions{DepartmentID: &f.itd.ID}, Resolution: four}
			wantCode(t, s.CreateStandard(ctx, f.admin, &dup), desk.CodeConflict, "conditions")
		})
		t.Run("only admins manage standards, only agents read them", func(t *testing.T) {
			st := commit.Standard{Name: "x", FirstResponse: four, Active: true}
			wantCode(t, s.CreateStandard(ctx, f.agent, &st), desk.CodeForbidden)
			_, err := s.Standards(ctx, f.alice)
			wantCode(t, err, desk.CodeForbidden)
		})
		t.Run("a standard clocks ran under cannot be deleted", func(t *testing.T) {
			st := f.standard(t, commit.Standard{Name: "Billing", Conditions: commit.Conditions{DepartmentID: &f.billing.ID}, FirstResponse: four})
			f.request(t, f.billing.ID)
			wantCode(t, s.DeleteStandard(ctx, f.admin, st.ID), desk.CodeConflict)
		})
	})
}
