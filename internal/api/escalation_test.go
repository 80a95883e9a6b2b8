package api

import (
	"fmt"
	"testing"
)

func TestEscalationChains(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		billing := fmt.Sprintf("/api/v1/departments/%d/escalation", h.billing.ID)
		shipping := fmt.Sprintf("/api/v1/departments/%d/escalation", h.shipping.ID)
		chain := map[string]any{"pickup_within": "2h", "remind_before": "30m", "lead_ids": []int64{h.agentID},
			"manager_id": h.adminID, "steps": []map[string]any{{"notify": "owner"}, {"notify": "leads", "after": "1h"},
				{"notify": "manager", "after": "4h"}}}
		t.Run("DefaultUntilSaved", func(t *testing.T) {
			got := h.call(t, h.agent, "GET", billing, nil).want(t, 200).JSON(t)
			if got["configured"] != false || len(got["steps"].([]any)) != 1 {
				t.Fatalf("default chain %v", got)
			}
		})
		t.Run("SavedByAnAdmin", func(t *testing.T) {
			got := h.call(t, h.admin, "PUT", billing, chain).want(t, 200).JSON(t)
			steps := got["steps"].([]any)
			if got["configured"] != true || got["pickup_within"] != "2h" || len(steps) != 3 ||
				steps[1].(map[string]any)["after"] != "1h" || got["lead_ids"].([]any)[0].(float64) != float64(h.agentID) {
				t.Fatalf("saved chain %v", got)
			}
			h.call(t, h.agent, "PUT", billing, chain).want(t, 403)
			h.call(t, h.alice, "GET", billing, nil).want(t, 403)
			h.call(t, h.admin, "GET", "/api/v1/departments/999999/escalation", nil).want(t, 404)
		})
		t.Run("ErrBadChainsSaveNothing", func(t *testing.T) {
			for field, body := range map[string]map[string]any{
				"steps[0].after":       {"steps": []map[string]any{{"notify": "owner", "after": "soon"}}},
				"steps[1].notify":      {"steps": []map[string]any{{"notify": "leads"}, {"notify": "owner"}}},
				"steps[1].after":       {"steps": []map[string]any{{"notify": "owner", "after": "2h"}, {"notify": "leads", "after": "1h"}}},
				"lead_ids":             {"lead_ids": []int64{h.readOnlyID}, "steps": []map[string]any{{"notify": "owner"}}},
				"manager_id":           {"manager_id": 999999, "steps": []map[string]any{{"notify": "owner"}}},
				"parent_department_id": {"parent_department_id": h.shipping.ID, "steps": []map[string]any{{"notify": "owner"}}},
				"pickup_within":        {"pickup_within": "-1h", "steps": []map[string]any{{"notify": "owner"}}},
			} {
				if field == "parent_department_id" { // shipping escalates to billing: billing may not escalate to shipping
					h.call(t, h.admin, "PUT", shipping, map[string]any{"parent_department_id": h.billing.ID,
						"steps": []map[string]any{{"notify": "owner"}}}).want(t, 200)
				}
				wantInvalid(t, h.call(t, h.admin, "PUT", billing, body), field)
			}
			got := h.call(t, h.agent, "GET", billing, nil).want(t, 200).JSON(t)
			if got["pickup_within"] != "2h" || got["parent_department_id"] != nil || len(got["steps"].([]any)) != 3 {
				t.Fatalf("a refused chain changed the saved one: %v", got)
			}
		})
		t.Run("NotificationsForTheAgentOnly", func(t *testing.T) {
			clock.Set(t, "2025-03-03 09:00 -0500")
			n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Facture en double", "department": "billing"}))
			clock.Set(t, "2025-03-03 11:00 -0500")
			if _, err := h.store.FireDue(t.Context(), 100); err != nil {
				t.Fatal(err)
			}
			list := h.call(t, h.agent, "GET", "/api/v1/notifications", nil).want(t, 200).JSON(t)
			items := list["notifications"].([]any)
			if list["unread"].(float64) != 1 || len(items) != 1 {
				t.Fatalf("the lead's notifications %v", list)
			}
			first := items[0].(map[string]any)
			if first["trigger"] != "unpicked" || first["level"] != "leads" || num(map[string]any{"number": first["request_number"]}) != n ||
				first["within"] != "2h" || first["subject"] != "Facture en double" {
				t.Fatalf("notification %v", first)
			}
			if got := h.call(t, h.admin, "GET", "/api/v1/notifications?unread=true", nil).want(t, 200).JSON(t); got["unread"].(float64) != 0 {
				t.Fatalf("the manager is told before their step: %v", got)
			}
			h.call(t, h.alice, "GET", "/api/v1/notifications", nil).want(t, 403)
			h.call(t, h.alice, "POST", "/api/v1/notifications/read", nil).want(t, 403)
			if event(h.call(t, h.alice, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t), "escalation.notified") != nil {
				t.Fatal("the requester sees the escalation in the history")
			}
			if event(h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t), "escalation.notified") == nil {
				t.Fatal("the agent does not see the escalation in the history")
			}
			wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/notifications?limit=x", nil), "limit")
			read := h.call(t, h.agent, "POST", "/api/v1/notifications/read", map[string]any{"ids": []float64{first["id"].(float64)}}).want(t, 200).JSON(t)
			if read["unread"].(float64) != 0 {
				t.Fatalf("after reading: %v", read)
			}
			h.call(t, h.agent, "POST", "/api/v1/notifications/read", nil).want(t, 200)
		})
	})
}
