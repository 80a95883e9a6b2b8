package store_test

import (
	"strings"
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

func TestConsults(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		// IT owes billing a response in 2 business hours and an answer within a business day.
		ag := commit.Agreement{Name: "TI → Facturation", ProviderDepartmentID: f.itd.ID, CustomerDepartmentID: &f.billing.ID,
			Response: target(t, "2h"), Resolution: target(t, "1d"), Active: true}
		must(t, s.CreateAgreement(ctx, f.admin, &ag))
		itAgent := f.newAgent(t, "Iris Tech", "iris@guichet.example", desk.RoleAgent, f.itd.ID)
		f.clock.Set(t, "2025-03-04 16:00 -0500")
		r := f.request(t, f.billing.ID)
		var c *commit.Consult
		t.Run("a consult runs under the agreement and the request waits on the department", func(t *testing.T) {
			var err error
			c, err = s.OpenConsult(ctx, f.billingAgent, r.Number, commit.NewConsult{ToDepartmentID: f.itd.ID,
				Question: "Le portail a-t-il facturé deux fois le 3 mars ?"})
			must(t, err)
			if c.AgreementID == nil || *c.AgreementID != ag.ID || c.State != commit.ConsultOpen || c.FromDepartmentID != f.billing.ID {
				t.Fatalf("consult %+v", c)
			}
			wantDue(t, "consult response", c.ResponseDue, "2025-03-05 09:30 -0500")
			wantDue(t, "consult resolution", c.ResolutionDue, "2025-03-05 16:00 -0500")
			d := f.read(t, r.Number)
			if d.Status != desk.StatusWaitingDepartment || d.DepartmentID != f.billing.ID || d.WaitingOn == nil ||
				d.WaitingOn.DepartmentID != f.itd.ID || d.WaitingOn.Department != "IT" {
				t.Fatalf("parent %s owner %d waiting on %+v", d.Status, d.DepartmentID, d.WaitingOn)
			}
			wantDue(t, "waiting until", d.WaitingOn.Until, "2025-03-05 16:00 -0500")
			queue, err := s.ConsultQueue(ctx, itAgent, f.itd.ID)
			must(t, err)
			if len(queue) != 1 || queue[0].ID != c.ID {
				t.Fatalf("IT's queue %+v", queue)
			}
		})
		t.Run("the requester sees the wait, never the consult", func(t *testing.T) {
			d, err := s.Request(ctx, f.alice, r.Number)
			must(t, err)
			if d.WaitingOn == nil || d.WaitingOn.Department != "IT" {
				t.Fatalf("requester does not see who the request waits on: %+v", d.Clocks)
			}
			for _, e := range d.Events {
				if strings.HasPrefix(e.Type, "consult.") {
					t.Fatalf("requester sees %s", e.Type)
				}
			}
			_, err = s.Consults(ctx, f.alice, r.Number)
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.Consults(ctx, f.carol, r.Number)
			wantCode(t, err, desk.CodeNotFound)
			_, err = s.AnswerConsult(ctx, f.alice, r.Number, c.ID, commit.ConsultAnswer{Answer: "x", Final: true})
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("only the consulted department answers", func(t *testing.T) {
			_, err := s.AnswerConsult(ctx, f.billingAgent, r.Number, c.ID, commit.ConsultAnswer{Answer: "Oui", Final: true})
			wantCode(t, err, desk.CodeForbidden)
		})
		t.Run("the answer comes back as an internal note and the request resumes", func(t *testing.T) {
			f.clock.Set(t, "2025-03-05 10:00 -0500")
			got, err := s.AnswerConsult(ctx, itAgent, r.Number, c.ID, commit.ConsultAnswer{Answer: "Oui, un doublon; annulé."})
			must(t, err)
			if got.State != commit.ConsultOpen || got.ResponseState != desk.ClockBreached || got.ResolutionState != desk.ClockRunning {
				t.Fatalf("after a first answer: %+v", got)
			}
			if f.read(t, r.Number).Status != desk.StatusWaitingDepartment {
				t.Fatal("a first answer must not end the wait")
			}
			f.clock.Set(t, "2025-03-05 11:00 -0500")
			got, err = s.AnswerConsult(ctx, itAgent, r.Number, c.ID, commit.ConsultAnswer{Answer: "Remboursement fait.", Final: true})
			must(t, err)
			if got.State != commit.ConsultAnswered || got.ResolutionState != desk.ClockMet || got.Answer != "Remboursement fait." {
				t.Fatalf("after the final answer: %+v", got)
			}
			d := f.read(t, r.Number)
			if d.Status != desk.StatusOpen || d.WaitingOn != nil || d.DepartmentID != f.billing.ID {
				t.Fatalf("parent %s waiting %+v owner %d", d.Status, d.WaitingOn, d.DepartmentID)
			}
			last := d.Messages[len(d.Messages)-1]
			if last.Visibility != desk.Internal || !strings.Contains(last.Body, "Remboursement fait.") {
				t.Fatalf("last message %+v", last)
			}
			req, err := s.Request(ctx, f.alice, r.Number)
			must(t, err)
			for _, m := range req.Messages {
				if strings.Contains(m.Body, "Remboursement fait.") {
					t.Fatal("the requester sees the consult's answer")
				}
			}
			_, err = s.AnswerConsult(ctx, itAgent, r.Number, c.ID, commit.ConsultAnswer{Answer: "encore", Final: true})
			wantCode(t, err, desk.CodeConflict)
		})
		t.Run("consulting one's own department is refused, nothing written", func(t *testing.T) {
			before := s.CountRows(t, "consults")
			_, err := s.OpenConsult(ctx, f.billingAgent, r.Number, commit.NewConsult{ToDepartmentID: f.billing.ID, Question: "?"})
			wantCode(t, err, desk.CodeInvalid, "to_department_id")
			_, err = s.OpenConsult(ctx, f.billingAgent, r.Number, commit.NewConsult{ToDepartmentID: 999999, Question: "?"})
			wantCode(t, err, desk.CodeInvalid, "to_department_id")
			_, err = s.OpenConsult(ctx, f.readOnly, r.Number, commit.NewConsult{ToDepartmentID: f.itd.ID, Question: "?"})
			wantCode(t, err, desk.CodeForbidden)
			if s.CountRows(t, "consults") != before {
				t.Fatal("a refused consult was saved")
			}
		})
		t.Run("without an agreement a consult has no due times", func(t *testing.T) {
			c, err := s.OpenConsult(ctx, f.billingAgent, r.Number, commit.NewConsult{ToDepartmentID: f.frontDesk.ID, Question: "?"})
			must(t, err)
			if c.AgreementID != nil || c.ResponseDue != nil || c.ResolutionState != "" {
				t.Fatalf("consult %+v", c)
			}
		})
	})
}

func TestAgreementBadInput(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		hour := target(t, "1h")
		missing := int64(424242)
		tests := []struct {
			name  string
			ag    commit.Agreement
			code  desk.Code
			field string
		}{
			{"no provider", commit.Agreement{Name: "x", Response: hour}, desk.CodeInvalid, "provider_department_id"},
			{"with itself", commit.Agreement{Name: "x", ProviderDepartmentID: f.itd.ID, CustomerDepartmentID: &f.itd.ID, Response: hour},
				desk.CodeInvalid, "customer_department_id"},
			{"no target", commit.Agreement{Name: "x", ProviderDepartmentID: f.itd.ID}, desk.CodeInvalid, "response"},
			{"unknown provider", commit.Agreement{Name: "x", ProviderDepartmentID: missing, Response: hour}, desk.CodeInvalid, "provider_department_id"},
			{"unknown calendar", commit.Agreement{Name: "x", ProviderDepartmentID: f.itd.ID, CalendarID: &missing, Response: hour},
				desk.CodeInvalid, "calendar_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := s.CountRows(t, "agreements")
				tt.ag.Active = true
				wantCode(t, s.CreateAgreement(ctx, f.admin, &tt.ag), tt.code, tt.field)
				if s.CountRows(t, "agreements") != before {
					t.Fatal("a refused agreement was saved")
				}
			})
		}
	})
}
