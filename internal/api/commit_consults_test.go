package api

import (
	"fmt"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func TestConsults(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		shipperID, shipper := h.addAgent(t, "Sam Expédition", "sam@guichet.example", desk.RoleAgent, h.shipping.ID)
		_ = shipperID
		ag := h.call(t, h.admin, "POST", "/api/v1/agreements", map[string]any{"name": "Expédition → accueil",
			"provider_department_id": h.shipping.ID, "customer_department_id": h.frontDesk.ID,
			"response": "1h", "resolution": "1d"}).want(t, 201).JSON(t)
		clock.Set(t, "2025-03-03 09:00 -0500")
		n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Colis abîmé", "body": "Le colis est arrivé écrasé."}))
		var c map[string]any
		t.Run("ConsultRunsUnderTheAgreementAndTheRequestWaits", func(t *testing.T) {
			c = h.call(t, h.agent, "POST", reqPath(n, "/consults"), map[string]any{"to_department": "shipping",
				"question": "Le transporteur a-t-il signalé un dommage ?"}).want(t, 201).JSON(t)
			if int64(c["agreement_id"].(float64)) != id(ag) || c["state"] != "open" || c["to_department"] != "Expédition" {
				t.Fatalf("consult %v", c)
			}
			wantTime(t, c, "response_due", "2025-03-03 10:00 -0500")
			wantTime(t, c, "resolution_due", "2025-03-04 09:00 -0500")
			d := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			w, _ := d["waiting_on"].(map[string]any)
			if d["status"] != "waiting_department" || d["department"] != "Front desk" || w == nil || w["department"] != "Expédition" {
				t.Fatalf("parent %v owner %v waiting on %v", d["status"], d["department"], d["waiting_on"])
			}
			wantTime(t, w, "until", "2025-03-04 09:00 -0500")
			q := h.call(t, shipper, "GET", "/api/v1/consults?department=shipping", nil).want(t, 200).JSON(t)["consults"].([]any)
			if len(q) != 1 || id(q[0].(map[string]any)) != id(c) {
				t.Fatalf("shipping's queue %v", q)
			}
			wantInvalid(t, h.call(t, shipper, "GET", "/api/v1/consults", nil), "department")
			wantInvalid(t, h.call(t, shipper, "GET", "/api/v1/consults?department=nowhere", nil), "department")
		})
		t.Run("RequesterSeesWhoTheyWaitOnButNotTheConsult", func(t *testing.T) {
			d := h.call(t, h.alice, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			if w, _ := d["waiting_on"].(map[string]any); w == nil || w["department"] != "Expédition" {
				t.Fatalf("requester's view %v", d["waiting_on"])
			}
			if b := string(h.call(t, h.alice, "GET", reqPath(n, ""), nil).Body); strings.Contains(b, "transporteur") {
				t.Fatal("the requester sees the consult's question")
			}
			h.call(t, h.alice, "GET", reqPath(n, "/consults"), nil).want(t, 403)
			h.call(t, h.bob, "GET", reqPath(n, "/consults"), nil).want(t, 404)
			h.call(t, h.alice, "GET", "/api/v1/consults?department=shipping", nil).want(t, 403)
			h.call(t, h.alice, "POST", reqPath(n, fmt.Sprintf("/consults/%d/answer", id(c))), map[string]any{"answer": "x"}).want(t, 404)
		})
		t.Run("ErrConsultingOwnDepartmentOrAsARequester", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/consults"), map[string]any{"to_department_id": h.frontDesk.ID, "question": "?"}), "to_department_id")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/consults"), map[string]any{"to_department": "nowhere", "question": "?"}), "to_department")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/consults"), map[string]any{"to_department": "billing"}), "question")
			h.call(t, h.alice, "POST", reqPath(n, "/consults"), map[string]any{"to_department": "billing", "question": "?"}).want(t, 403)
			h.call(t, h.readOnly, "POST", reqPath(n, "/consults"), map[string]any{"to_department": "billing", "question": "?"}).want(t, 403)
			h.call(t, h.agent, "POST", reqPath(999999, "/consults"), map[string]any{"to_department": "billing", "question": "?"}).want(t, 404)
			list := h.call(t, h.agent, "GET", reqPath(n, "/consults"), nil).want(t, 200).JSON(t)["consults"].([]any)
			if len(list) != 1 {
				t.Fatalf("refused consults were saved: %v", list)
			}
		})
		t.Run("TheAnswerComesBackAndTheRequestResumes", func(t *testing.T) {
			answer := reqPath(n, fmt.Sprintf("/consults/%d/answer", id(c)))
			h.call(t, h.agent, "POST", answer, map[string]any{"answer": "Oui"}).want(t, 403)
			clock.Set(t, "2025-03-03 09:30 -0500")
			got := h.call(t, shipper, "POST", answer, map[string]any{"answer": "Dommage signalé, on réexpédie.", "final": true}).want(t, 200).JSON(t)
			if got["state"] != "answered" || got["response_state"] != "met" || got["resolution_state"] != "met" {
				t.Fatalf("answered consult %v", got)
			}
			d := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			if d["status"] != "open" || d["waiting_on"] != nil || !strings.Contains(bodies(d), "on réexpédie") {
				t.Fatalf("parent after the answer: %v %v", d["status"], d["waiting_on"])
			}
			if strings.Contains(bodies(h.call(t, h.alice, "GET", reqPath(n, ""), nil).JSON(t)), "on réexpédie") {
				t.Fatal("the requester sees the consult's answer")
			}
			h.call(t, shipper, "POST", answer, map[string]any{"answer": "encore"}).want(t, 409)
			h.call(t, shipper, "POST", reqPath(n, "/consults/999999/answer"), map[string]any{"answer": "x"}).want(t, 404)
		})
		t.Run("ErrConsultOnAClosedRequest", func(t *testing.T) {
			h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"body": "On vous réexpédie le colis."}).want(t, 201)
			h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "solved"}).want(t, 200)
			h.call(t, h.agent, "POST", reqPath(n, "/consults"), map[string]any{"to_department": "billing", "question": "?"}).want(t, 409)
		})
	})
}

func TestAgreements(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		ag := h.call(t, h.admin, "POST", "/api/v1/agreements", map[string]any{"name": "Facturation → accueil",
			"provider_department_id": h.billing.ID, "response": "4h"}).want(t, 201).JSON(t)
		path := fmt.Sprintf("/api/v1/agreements/%d", id(ag))
		if ag["active"] != true || ag["response"] != "4h" {
			t.Fatalf("agreement %v", ag)
		}
		t.Run("ErrBadAgreementsAreRefused", func(t *testing.T) {
			for field, body := range map[string]map[string]any{
				"provider_department_id": {"name": "x", "response": "1h"},
				"customer_department_id": {"name": "x", "provider_department_id": h.billing.ID, "customer_department_id": h.billing.ID, "response": "1h"},
				"response":               {"name": "x", "provider_department_id": h.billing.ID, "response": "0m"},
				"resolution":             {"name": "x", "provider_department_id": h.billing.ID, "resolution": "-1d"},
				"calendar_id":            {"name": "x", "provider_department_id": h.billing.ID, "response": "1h", "calendar_id": 999999},
			} {
				wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/agreements", body), field)
			}
			h.call(t, h.admin, "POST", "/api/v1/agreements", map[string]any{"name": "doublon",
				"provider_department_id": h.billing.ID, "resolution": "1d"}).want(t, 409)
			h.call(t, h.agent, "POST", "/api/v1/agreements", map[string]any{"name": "x",
				"provider_department_id": h.shipping.ID, "resolution": "1d"}).want(t, 403)
			if list := h.call(t, h.agent, "GET", "/api/v1/agreements", nil).want(t, 200).JSON(t)["agreements"].([]any); len(list) != 1 {
				t.Fatalf("agreements %v", list)
			}
		})
		t.Run("ErrPatchIntoADuplicate", func(t *testing.T) {
			other := h.call(t, h.admin, "POST", "/api/v1/agreements", map[string]any{"name": "Pour l'expédition",
				"provider_department_id": h.billing.ID, "customer_department_id": h.frontDesk.ID, "response": "1h"}).want(t, 201).JSON(t)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agreements/%d", id(other)),
				map[string]any{"customer_department_id": nil}).want(t, 409)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agreements/%d", id(other)), map[string]any{"active": false}).want(t, 200)
		})
		t.Run("PatchReadDelete", func(t *testing.T) {
			got := h.call(t, h.admin, "PATCH", path, map[string]any{"customer_department_id": h.shipping.ID, "resolution": "2d"}).want(t, 200).JSON(t)
			if int64(got["customer_department_id"].(float64)) != h.shipping.ID || got["resolution"] != "2d" {
				t.Fatalf("patched %v", got)
			}
			h.call(t, h.alice, "GET", path, nil).want(t, 403)
			h.call(t, h.alice, "GET", "/api/v1/agreements", nil).want(t, 403)
			h.call(t, h.agent, "GET", path, nil).want(t, 200)
			h.call(t, h.agent, "PATCH", path, map[string]any{"name": "x"}).want(t, 403)
			h.call(t, h.admin, "PATCH", "/api/v1/agreements/999999", map[string]any{"name": "x"}).want(t, 404)
			h.call(t, h.admin, "DELETE", path, nil).want(t, 204)
			h.call(t, h.agent, "GET", path, nil).want(t, 404)
			h.call(t, h.admin, "DELETE", path, nil).want(t, 404)
			h.call(t, h.agent, "DELETE", path, nil).want(t, 403)
		})
		t.Run("ErrDeleteOnceUsed", func(t *testing.T) {
			used := h.call(t, h.admin, "POST", "/api/v1/agreements", map[string]any{"name": "Expédition",
				"provider_department_id": h.shipping.ID, "response": "1h"}).want(t, 201).JSON(t)
			n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Livraison"}))
			h.call(t, h.agent, "POST", reqPath(n, "/consults"), map[string]any{"to_department_id": h.shipping.ID, "question": "?"}).want(t, 201)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/agreements/%d", id(used)), nil).want(t, 409)
		})
	})
}
