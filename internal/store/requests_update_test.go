package store_test

import (
	"slices"
	"testing"

	"guichet/internal/desk"
)

func ptr[T any](v T) *T { return &v }

func eventTypes(d *desk.RequestDetail) []string {
	var out []string
	for _, e := range d.Events {
		out = append(out, e.Type)
	}
	return out
}

func TestUpdateRequest(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("no request closed without an answer", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			for _, st := range []desk.Status{desk.StatusSolved, desk.StatusClosed} {
				_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: ptr(st)})
				wantCode(t, err, desk.CodeCloseWithoutReply, "status")
			}
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Voici la réponse"})
			must(t, err)
			got, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: ptr(desk.StatusSolved)})
			must(t, err)
			if got.Status != desk.StatusSolved || got.SolvedAt == nil {
				t.Fatalf("request = %+v", got)
			}
		})
		t.Run("spam closes without a reply, in the same patch", func(t *testing.T) {
			r := f.open(t, "Buy now", "cheap", f.carol)
			got, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Spam: ptr(true), Status: ptr(desk.StatusClosed)})
			must(t, err)
			if !got.Spam || got.Status != desk.StatusClosed {
				t.Fatalf("request = %+v", got)
			}
		})
		t.Run("every change is an event with old and new values", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Priority: ptr(desk.PriorityUrgent),
				AgentID: ptr(f.agent.PersonID), Tags: &[]string{"b", "a"}, ContactReason: ptr("billing"), Status: ptr(desk.StatusOpen)})
			must(t, err)
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if d.Priority != desk.PriorityUrgent || d.Agent != "Gaston Agent" || !slices.Equal(d.Tags, []string{"a", "b"}) ||
				d.ContactReason != "billing" || d.Status != desk.StatusOpen || !d.UpdatedAt.After(r.UpdatedAt) {
				t.Fatalf("request = %+v", d.Request)
			}
			types := eventTypes(d)
			for _, want := range []string{desk.EventStatusChanged, desk.EventPriorityChanged, desk.EventAssigned,
				desk.EventTagsChanged, desk.EventReasonChanged} {
				if !slices.Contains(types, want) {
					t.Errorf("no %s event in %v", want, types)
				}
			}
			for _, e := range d.Events {
				if e.Type == desk.EventPriorityChanged && (e.Data["from"] != "normal" || e.Data["to"] != "urgent" || e.Public) {
					t.Errorf("priority event = %+v", e)
				}
			}
		})
		t.Run("a patch that changes nothing writes nothing", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			before := s.CountRows(t, "events")
			got, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Priority: ptr(desk.PriorityNormal), Tags: &[]string{}})
			must(t, err)
			if s.CountRows(t, "events") != before || !got.UpdatedAt.Equal(r.UpdatedAt) {
				t.Fatalf("no-op patch wrote: %+v", got)
			}
		})
		t.Run("only active agents are assigned", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			for _, id := range []int64{f.alice.PersonID, 99999} {
				_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{AgentID: ptr(id)})
				wantCode(t, err, desk.CodeInvalid, "agent_id")
			}
			got, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{AgentID: ptr(f.billingAgent.PersonID)})
			must(t, err)
			got, err = s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{AgentID: ptr(int64(0))})
			must(t, err)
			if got.AgentID != nil || got.Agent != "" {
				t.Fatalf("not unassigned: %+v", got)
			}
		})
		t.Run("bad patches are invalid", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: ptr(desk.Status("done"))})
			wantCode(t, err, desk.CodeInvalid, "status")
			_, err = s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Tags: &[]string{"a,b"}})
			wantCode(t, err, desk.CodeInvalid, "tags")
			_, err = s.UpdateRequest(ctx, f.agent, 123456, desk.RequestPatch{Priority: ptr(desk.PriorityHigh)})
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("requesters and read-only agents change nothing", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			p := desk.RequestPatch{Priority: ptr(desk.PriorityUrgent)}
			_, err := s.UpdateRequest(ctx, f.readOnly, r.Number, p)
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.UpdateRequest(ctx, f.alice, r.Number, p)
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.UpdateRequest(ctx, f.carol, r.Number, p)
			wantCode(t, err, desk.CodeNotFound)
		})
	})
}

func TestHandoff(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("the requester is told who owns the request now", func(t *testing.T) {
			r := f.open(t, "Facture en double", "Deux factures", f.alice)
			h, err := s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID,
				ToAgentID: f.billingAgent.PersonID, Reason: "factures: pas notre service"})
			must(t, err)
			if h.FromDepartmentID != f.frontDesk.ID || h.ToDepartment != "Billing" || h.ToAgent != "Bill Payne" || h.ByID != f.agent.PersonID {
				t.Fatalf("handoff = %+v", h)
			}
			d, err := s.Request(ctx, f.alice, r.Number)
			must(t, err)
			if d.DepartmentID != f.billing.ID || d.Agent != "Bill Payne" {
				t.Fatalf("owner = %s / %s", d.Department, d.Agent)
			}
			var seen bool
			for _, e := range d.Events {
				if e.Type == desk.EventHandedOff {
					seen = e.Public && e.Data["to_department"] == "Billing" && e.Data["to_agent"] == "Bill Payne" && e.Data["reason"] == nil
				}
			}
			if !seen {
				t.Fatalf("requester events = %+v", d.Events)
			}
			agent, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if len(agent.Handoffs) != 1 || agent.Handoffs[0].Reason != "factures: pas notre service" || agent.Handoffs[0].AcceptedAt != nil {
				t.Fatalf("handoffs = %+v", agent.Handoffs)
			}
		})
		t.Run("accepted when the new owner works on it", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			_, err := s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID, Reason: "billing"})
			must(t, err)
			_, err = s.AddMessage(ctx, f.billingAgent, r.Number, desk.NewMessage{Body: "Je m'en occupe"})
			must(t, err)
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if d.Handoffs[0].AcceptedAt == nil || d.AgentID != nil {
				t.Fatalf("handoff = %+v, agent %v", d.Handoffs[0], d.AgentID)
			}
		})
		t.Run("bad targets are invalid and change nothing", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			before, handoffs := s.CountRows(t, "events"), s.CountRows(t, "handoffs")
			_, err := s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: 999, Reason: "x"})
			wantCode(t, err, desk.CodeInvalid, "to_department_id")
			_, err = s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID, ToAgentID: f.agent.PersonID, Reason: "x"})
			wantCode(t, err, desk.CodeInvalid, "to_agent_id")
			_, err = s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.frontDesk.ID, Reason: "x"})
			wantCode(t, err, desk.CodeInvalid, "to_department_id")
			_, err = s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID})
			wantCode(t, err, desk.CodeInvalid, "reason")
			_, err = s.Handoff(ctx, f.alice, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID, Reason: "x"})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.Handoff(ctx, f.carol, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID, Reason: "x"})
			wantCode(t, err, desk.CodeNotFound)
			if s.CountRows(t, "events") != before || s.CountRows(t, "handoffs") != handoffs {
				t.Fatal("a refused handoff wrote something")
			}
		})
	})
}

func TestMerge(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		keep := f.open(t, "Panne réseau", "Le réseau est en panne", f.alice)
		dup := f.open(t, "Réseau", "Plus de réseau", f.alice)
		t.Run("closes the duplicate without a reply and links both", func(t *testing.T) {
			got, err := s.Merge(ctx, f.agent, dup.Number, desk.MergeInput{Into: keep.Number})
			must(t, err)
			if got.Status != desk.StatusClosed || got.MergedInto == nil || *got.MergedInto != keep.Number {
				t.Fatalf("duplicate = %+v", got)
			}
			d, err := s.Request(ctx, f.alice, dup.Number)
			must(t, err)
			if !slices.Contains(eventTypes(d), desk.EventMerged) {
				t.Fatalf("requester events = %v", eventTypes(d))
			}
			k, err := s.Request(ctx, f.agent, keep.Number)
			must(t, err)
			if !slices.Contains(eventTypes(k), desk.EventMergedFrom) || k.Status != desk.StatusNew {
				t.Fatalf("survivor = %+v %v", k.Request, eventTypes(k))
			}
			_, err = s.AddMessage(ctx, f.alice, dup.Number, desk.NewMessage{Body: "encore"})
			wantCode(t, err, desk.CodeConflict)
		})
		t.Run("bad merges are refused", func(t *testing.T) {
			other := f.open(t, "x", "y", f.carol)
			_, err := s.Merge(ctx, f.agent, dup.Number, desk.MergeInput{Into: other.Number})
			wantCode(t, err, desk.CodeConflict)
			_, err = s.Merge(ctx, f.agent, other.Number, desk.MergeInput{Into: other.Number})
			wantCode(t, err, desk.CodeInvalid, "into")
			_, err = s.Merge(ctx, f.agent, other.Number, desk.MergeInput{Into: 424242})
			wantCode(t, err, desk.CodeInvalid, "into")
			_, err = s.Merge(ctx, f.agent, other.Number, desk.MergeInput{Into: dup.Number})
			wantCode(t, err, desk.CodeInvalid, "into")
			_, err = s.Merge(ctx, f.readOnly, other.Number, desk.MergeInput{Into: keep.Number})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.Merge(ctx, f.alice, other.Number, desk.MergeInput{Into: keep.Number})
			wantCode(t, err, desk.CodeNotFound)
		})
	})
}
