package store_test

import (
	"slices"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// chainFor is billing's chain: owner at once, leads after 1 h, the manager
// (Ada, the admin) after 2 h; pickup within 2 h, acceptance within 1 h.
func (f *commitFixture) chainFor(t *testing.T, dept int64, leads ...int64) commit.Escalation {
	t.Helper()
	e := commit.Escalation{DepartmentID: dept, PickupWithin: target(t, "2h"), AcceptWithin: target(t, "1h"),
		RemindBefore: target(t, "1h"), LeadIDs: leads, ManagerID: &f.admin.PersonID,
		Steps: []commit.Step{{Notify: commit.NotifyOwner}, {Notify: commit.NotifyLeads, After: target(t, "1h")},
			{Notify: commit.NotifyManager, After: target(t, "2h")}}}
	must(t, f.s.SetEscalation(ctx, f.admin, &e))
	return e
}

func TestSetEscalation(t *testing.T) {
	eachCommit(t, func(t *testing.T, f *commitFixture) {
		s := f.s
		t.Run("UnconfiguredIsTheDefault", func(t *testing.T) {
			e, err := s.Escalation(ctx, f.agent, f.billing.ID)
			must(t, err)
			if e.Configured || len(e.Steps) != 1 || e.Steps[0].Notify != commit.NotifyOwner || e.RemindBefore.Duration != time.Hour {
				t.Fatalf("default chain %+v", e)
			}
		})
		t.Run("SavedWithItsLeads", func(t *testing.T) {
			f.chainFor(t, f.billing.ID, f.billingAgent.PersonID)
			e, err := s.Escalation(ctx, f.agent, f.billing.ID)
			must(t, err)
			if !e.Configured || !slices.Equal(e.LeadIDs, []int64{f.billingAgent.PersonID}) || len(e.Steps) != 3 ||
				e.PickupWithin.String() != "2h" || *e.ManagerID != f.admin.PersonID {
				t.Fatalf("chain %+v", e)
			}
		})
		t.Run("AnAgentUpdateKeepsTheLeadRole", func(t *testing.T) {
			ag, err := s.Agent(ctx, f.admin, f.billingAgent.PersonID)
			must(t, err)
			ag.DepartmentIDs = append(ag.DepartmentIDs, f.itd.ID)
			must(t, s.UpdateAgent(ctx, f.admin, ag))
			e, err := s.Escalation(ctx, f.agent, f.billing.ID)
			must(t, err)
			if !slices.Equal(e.LeadIDs, []int64{f.billingAgent.PersonID}) {
				t.Fatalf("leads after the agent's update %v", e.LeadIDs)
			}
		})
		bad := func(mod func(*commit.Escalation)) commit.Escalation {
			e := commit.Escalation{DepartmentID: f.itd.ID, Steps: []commit.Step{{Notify: commit.NotifyOwner}}}
			mod(&e)
			return e
		}
		for _, tt := range []struct {
			name  string
			e     commit.Escalation
			field string
		}{
			{"a lead who is not a member", bad(func(e *commit.Escalation) { e.LeadIDs = []int64{f.agent.PersonID} }), "lead_ids"},
			{"an unknown manager", bad(func(e *commit.Escalation) { e.ManagerID = ptr(int64(99999)) }), "manager_id"},
			{"a requester as manager", bad(func(e *commit.Escalation) { e.ManagerID = &f.alice.PersonID }), "manager_id"},
			{"an unknown parent", bad(func(e *commit.Escalation) { e.ParentDepartmentID = ptr(int64(99999)) }), "parent_department_id"},
			{"steps out of order", bad(func(e *commit.Escalation) {
				e.Steps = []commit.Step{{Notify: commit.NotifyLeads}, {Notify: commit.NotifyOwner}}
			}), "steps[1].notify"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, s.SetEscalation(ctx, f.admin, &tt.e), desk.CodeInvalid, tt.field)
				if e, err := s.Escalation(ctx, f.agent, f.itd.ID); err != nil || e.Configured {
					t.Fatalf("saved anyway: %+v %v", e, err)
				}
			})
		}
		t.Run("ParentsMayNotLoop", func(t *testing.T) {
			it := commit.Escalation{DepartmentID: f.itd.ID, ParentDepartmentID: &f.billing.ID, Steps: []commit.Step{{Notify: commit.NotifyOwner}}}
			must(t, s.SetEscalation(ctx, f.admin, &it))
			billing, err := s.Escalation(ctx, f.agent, f.billing.ID)
			must(t, err)
			billing.ManagerID, billing.ParentDepartmentID = nil, &f.itd.ID
			wantCode(t, s.SetEscalation(ctx, f.admin, billing), desk.CodeInvalid, "parent_department_id")
			after, err := s.Escalation(ctx, f.agent, f.billing.ID)
			must(t, err)
			if after.ParentDepartmentID != nil || after.ManagerID == nil {
				t.Fatalf("the refused chain was saved: %+v", after)
			}
		})
		t.Run("AdminsOnly", func(t *testing.T) {
			e := commit.Escalation{DepartmentID: f.billing.ID, Steps: []commit.Step{{Notify: commit.NotifyOwner}}}
			wantCode(t, s.SetEscalation(ctx, f.agent, &e), desk.CodeForbidden)
			_, err := s.Escalation(ctx, f.alice, f.billing.ID)
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.Escalation(ctx, f.agent, 99999)
			wantCode(t, err, desk.CodeNotFound)
		})
	})
}
