package store_test

import (
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

func TestCompliance(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		st := f.standard(t, commit.Standard{Name: "Facturation", Conditions: commit.Conditions{DepartmentID: &f.billing.ID},
			FirstResponse: target(t, "1h")})
		ag := commit.Agreement{Name: "TI → Facturation", ProviderDepartmentID: f.itd.ID, Response: target(t, "1h"),
			Resolution: target(t, "1d"), Active: true}
		must(t, s.CreateAgreement(ctx, f.admin, &ag))
		it := f.newAgent(t, "Iris Tech", "iris@guichet.example", desk.RoleAgent, f.itd.ID)
		reply := func(n int64) {
			_, err := s.AddMessage(ctx, f.billingAgent, n, desk.NewMessage{Body: "Réponse"})
			must(t, err)
		}
		f.clock.Set(t, "2025-03-03 09:00 -0500")
		a, b := f.request(t, f.billing.ID), f.request(t, f.billing.ID)
		c, err := s.OpenConsult(ctx, f.billingAgent, a.Number, commit.NewConsult{ToDepartmentID: f.itd.ID, Question: "?"})
		must(t, err)
		p, err := s.MakePromise(ctx, f.billingAgent, b.Number, commit.NewPromise{Text: "Rappel", DueAt: at(t, "2025-03-03 16:00 -0500")})
		must(t, err)
		f.clock.Set(t, "2025-03-03 09:30 -0500")
		reply(a.Number)
		_, err = s.AnswerConsult(ctx, it, a.Number, c.ID, commit.ConsultAnswer{Answer: "Fait", Final: true})
		must(t, err)
		f.clock.Set(t, "2025-03-03 10:45 -0500")
		f.request(t, f.billing.ID)
		f.clock.Set(t, "2025-03-03 11:00 -0500")
		reply(b.Number)
		_, err = s.KeepPromise(ctx, f.billingAgent, b.Number, p.ID)
		must(t, err)
		f.clock.Set(t, "2025-03-03 11:35 -0500")

		rep, err := s.Compliance(ctx, f.agent, commit.ReportFilter{From: at(t, "2025-03-01 00:00 -0500"), To: at(t, "2025-04-01 00:00 -0400")})
		must(t, err)
		t.Run("per department: met, breached, at risk, median and p90 in business hours", func(t *testing.T) {
			row := findRow(rep.Departments, func(r commit.DepartmentRow) bool {
				return r.DepartmentID == f.billing.ID && r.Kind == commit.KindFirstResponse
			})
			if row == nil || row.Department != "Billing" {
				t.Fatalf("departments %+v", rep.Departments)
			}
			fg := row.Figures
			if fg.Met != 1 || fg.Breached != 1 || fg.AtRisk != 1 || *fg.Compliance != 0.5 || *fg.MedianHours != 0.5 || *fg.P90Hours != 2 {
				t.Fatalf("billing first response %+v (median %v, p90 %v)", fg, *fg.MedianHours, *fg.P90Hours)
			}
		})
		t.Run("per standard and per agreement", func(t *testing.T) {
			srow := findRow(rep.Standards, func(r commit.StandardRow) bool { return r.StandardID == st.ID })
			if srow == nil || srow.Standard != "Facturation" || srow.Met != 1 {
				t.Fatalf("standards %+v", rep.Standards)
			}
			arow := findRow(rep.Agreements, func(r commit.AgreementRow) bool {
				return r.AgreementID == ag.ID && r.Kind == commit.KindConsultResolution
			})
			if arow == nil || arow.Met != 1 {
				t.Fatalf("agreements %+v", rep.Agreements)
			}
		})
		t.Run("the matrix says who keeps their promises to whom", func(t *testing.T) {
			if len(rep.Matrix) != 1 || rep.Matrix[0].ProviderDepartmentID != f.itd.ID || rep.Matrix[0].CustomerDepartmentID != f.billing.ID ||
				rep.Matrix[0].Met != 2 || rep.Matrix[0].Provider != "IT" || rep.Matrix[0].Customer != "Billing" {
				t.Fatalf("matrix %+v", rep.Matrix)
			}
		})
		t.Run("promises kept", func(t *testing.T) {
			if len(rep.Promises) != 1 || rep.Promises[0].Kept != 1 || rep.Promises[0].DepartmentID != f.billing.ID {
				t.Fatalf("promises %+v", rep.Promises)
			}
		})
		t.Run("a reversed period is refused; requesters read no figures", func(t *testing.T) {
			_, err := s.Compliance(ctx, f.agent, commit.ReportFilter{From: at(t, "2025-04-01 00:00 -0400"), To: at(t, "2025-03-01 00:00 -0500")})
			wantCode(t, err, desk.CodeInvalid, "from")
			_, err = s.Compliance(ctx, f.alice, commit.ReportFilter{From: at(t, "2025-03-01 00:00 -0500"), To: at(t, "2025-04-01 00:00 -0400")})
			wantCode(t, err, desk.CodeForbidden)
		})
	})
}

func findRow[R any](rows []R, match func(R) bool) *R {
	for i := range rows {
		if match(rows[i]) {
			return &rows[i]
		}
	}
	return nil
}
