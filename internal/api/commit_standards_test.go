package api

import (
	"fmt"
	"testing"
)

func TestServiceStandards(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		clock.Set(t, "2025-03-03 09:00 -0500")
		std := h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "Facturation",
			"conditions": map[string]any{"department_id": h.billing.ID}, "first_response": "4h", "next_response": "2h",
			"resolution": "2d"}).want(t, 201).JSON(t)
		path := fmt.Sprintf("/api/v1/service-standards/%d", id(std))
		t.Run("RequestShowsItsTargetsToAgentAndRequester", func(t *testing.T) {
			r := h.createRequest(t, h.alice, map[string]any{"subject": "Facture", "department": "billing"})
			wantTime(t, r, "first_response_due", "2025-03-03 13:00 -0500")
			wantTime(t, r, "resolution_due", "2025-03-05 09:00 -0500")
			if r["first_response_state"] != "running" || int64(r["service_standard_id"].(float64)) != id(std) {
				t.Fatalf("request %v", r)
			}
			d := h.call(t, h.alice, "GET", reqPath(num(r), ""), nil).want(t, 200).JSON(t)
			wantTime(t, d, "first_response_due", "2025-03-03 13:00 -0500")
			page := h.call(t, h.agent, "GET", "/api/v1/requests?department=billing", nil).want(t, 200).JSON(t)
			first := page["requests"].([]any)[0].(map[string]any)
			if first["first_response_state"] != "running" {
				t.Fatalf("list entry %v", first)
			}
		})
		t.Run("WaitingOnTheRequesterPausesAndTheirReplyResumes", func(t *testing.T) {
			r := h.createRequest(t, h.alice, map[string]any{"subject": "Remboursement", "department": "billing"})
			n := num(r)
			clock.Set(t, "2025-03-03 10:00 -0500")
			h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"body": "Quel numéro de facture ?"}).want(t, 201)
			h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "waiting_requester"}).want(t, 200)
			d := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			if d["first_response_state"] != "met" || d["resolution_state"] != "paused" {
				t.Fatalf("while waiting: %v / %v", d["first_response_state"], d["resolution_state"])
			}
			wantTime(t, d, "resolution_due", "")
			clock.Set(t, "2025-03-04 09:00 -0500")
			h.call(t, h.alice, "POST", reqPath(n, "/messages"), map[string]any{"body": "F-2025-0042"}).want(t, 201)
			d = h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			wantTime(t, d, "next_response_due", "2025-03-04 11:00 -0500")
			// 17 business hours, 1 spent on Monday: 16 from Tuesday 09:00.
			wantTime(t, d, "resolution_due", "2025-03-05 16:30 -0500")
		})
		t.Run("ChangingTheStandardMovesTheDueTimes", func(t *testing.T) {
			clock.Set(t, "2025-03-03 09:00 -0500")
			r := h.createRequest(t, h.alice, map[string]any{"subject": "Changement", "department": "billing"})
			got := h.call(t, h.admin, "PATCH", path, map[string]any{"first_response": "1h"}).want(t, 200).JSON(t)
			if got["first_response"] != "1h" || got["resolution"] != "2d" {
				t.Fatalf("patched standard %v", got)
			}
			wantTime(t, h.call(t, h.agent, "GET", reqPath(num(r), ""), nil).JSON(t), "first_response_due", "2025-03-03 10:00 -0500")
		})
		t.Run("ErrBadStandardsAreRefusedAndNothingSaved", func(t *testing.T) {
			before := len(h.call(t, h.agent, "GET", "/api/v1/service-standards", nil).want(t, 200).JSON(t)["service_standards"].([]any))
			for field, body := range map[string]map[string]any{
				"first_response":             {"name": "x", "first_response": "0h"},
				"next_response":              {"name": "x", "next_response": "-2h"},
				"resolution":                 {"name": "x", "resolution": "bientôt"},
				"conditions.department_id":   {"name": "x", "first_response": "1h", "conditions": map[string]any{"department_id": 999999}},
				"conditions.organisation_id": {"name": "x", "first_response": "1h", "conditions": map[string]any{"organisation_id": 999999}},
				"conditions.priority":        {"name": "x", "first_response": "1h", "conditions": map[string]any{"priority": "asap"}},
				"calendar_id":                {"name": "x", "first_response": "1h", "calendar_id": 999999},
				"name":                       {"first_response": "1h"},
			} {
				wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/service-standards", body), field)
			}
			// Internal requesters belong to no organisation: these conditions would match nothing.
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "x", "first_response": "1h",
				"conditions": map[string]any{"requester_kind": "internal", "organisation_id": h.acme.ID}}), "conditions.organisation_id")
			r := h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "Doublon",
				"conditions": map[string]any{"department_id": h.billing.ID}, "resolution": "1d"}).want(t, 409)
			if _, field := r.Problem(t); field != "conditions" {
				t.Fatalf("duplicate conditions: field %q", field)
			}
			after := len(h.call(t, h.agent, "GET", "/api/v1/service-standards", nil).JSON(t)["service_standards"].([]any))
			if after != before {
				t.Fatalf("%d standards before, %d after refused ones", before, after)
			}
		})
		t.Run("ErrOnlyAdminsManageOnlyAgentsRead", func(t *testing.T) {
			h.call(t, h.agent, "POST", "/api/v1/service-standards", map[string]any{"name": "x", "first_response": "1h"}).want(t, 403)
			h.call(t, h.agent, "PATCH", path, map[string]any{"name": "x"}).want(t, 403)
			h.call(t, h.agent, "DELETE", path, nil).want(t, 403)
			h.call(t, h.alice, "GET", "/api/v1/service-standards", nil).want(t, 403)
			h.call(t, h.alice, "GET", path, nil).want(t, 403)
			h.call(t, h.agent, "GET", path, nil).want(t, 200)
			h.call(t, h.agent, "GET", "/api/v1/service-standards/999999", nil).want(t, 404)
			h.call(t, h.admin, "PATCH", "/api/v1/service-standards/999999", map[string]any{"name": "x"}).want(t, 404)
			h.call(t, h.admin, "DELETE", "/api/v1/service-standards/999999", nil).want(t, 404)
		})
		t.Run("DeleteOnlyWhatNoClockUsed", func(t *testing.T) {
			h.call(t, h.admin, "DELETE", path, nil).want(t, 409)
			spare := h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "Inutilisé",
				"conditions": map[string]any{"channel": "phone", "priority": "low"}, "first_response": "8h"}).want(t, 201).JSON(t)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/service-standards/%d", id(spare)), nil).want(t, 204)
			h.call(t, h.admin, "PATCH", path, map[string]any{"active": false}).want(t, 200)
		})
		t.Run("ErrDuplicateOnPatch", func(t *testing.T) {
			a := h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "A",
				"conditions": map[string]any{"channel": "email"}, "first_response": "8h"}).want(t, 201).JSON(t)
			h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "B",
				"conditions": map[string]any{"channel": "web"}, "first_response": "8h"}).want(t, 201)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/service-standards/%d", id(a)),
				map[string]any{"conditions": map[string]any{"channel": "web"}}).want(t, 409)
			wantInvalid(t, h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/service-standards/%d", id(a)),
				map[string]any{"first_response": nil}), "first_response")
		})
	})
}
