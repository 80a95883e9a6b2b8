package api

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHandoff(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		open := func() int64 {
			return num(h.createRequest(t, h.alice, map[string]any{"subject": "Remboursement", "body": "J'ai payé deux fois."}))
		}
		t.Run("NewOwnerIsToldToRequester", func(t *testing.T) {
			n := open()
			ho := h.call(t, h.agent, "POST", reqPath(n, "/handoffs"), map[string]any{
				"to_department": "billing", "to_agent_id": h.agentID, "reason": "Question de facturation"}).want(t, 201).JSON(t)
			if ho["from_department"] != "Front desk" || ho["to_department"] != "Facturation" || ho["to_agent"] != "Gilles Tremblay" {
				t.Fatalf("handoff %v", ho)
			}
			d := h.call(t, h.alice, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			if d["department"] != "Facturation" || int64(d["department_id"].(float64)) != h.billing.ID {
				t.Fatalf("requester sees owner %v", d["department"])
			}
			ev := event(d, "handed_off")
			if ev == nil || ev["public"] != true {
				t.Fatalf("requester does not see the handoff event: %v", d["events"])
			}
			if b, _ := json.Marshal(ev); !strings.Contains(string(b), "Facturation") || !strings.Contains(string(b), "Gilles Tremblay") {
				t.Fatalf("handoff event does not name the new owner: %s", b)
			}
		})
		t.Run("ByDepartmentID", func(t *testing.T) {
			ho := h.call(t, h.agent, "POST", reqPath(open(), "/handoffs"), map[string]any{
				"to_department_id": h.shipping.ID, "reason": "Livraison"}).want(t, 201).JSON(t)
			if ho["to_department"] != "Expédition" {
				t.Fatalf("handoff %v", ho)
			}
		})
		t.Run("ErrBadTarget", func(t *testing.T) {
			n := open()
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/handoffs"), map[string]any{"to_department": "nowhere", "reason": "x"}), "to_department")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/handoffs"), map[string]any{"to_department_id": 999999, "reason": "x"}), "to_department_id")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/handoffs"), map[string]any{"to_department": "billing"}), "reason")
			r := h.call(t, h.agent, "POST", reqPath(n, "/handoffs"), map[string]any{
				"to_department": "shipping", "to_agent_id": h.agentID, "reason": "x"}).want(t, 422)
			if _, field := r.Problem(t); field != "to_agent_id" {
				t.Fatalf("agent outside the department: field %q", field)
			}
		})
		t.Run("ErrOnlyWorkingAgentsHandOff", func(t *testing.T) {
			n := open()
			in := map[string]any{"to_department": "billing", "reason": "x"}
			h.call(t, h.readOnly, "POST", reqPath(n, "/handoffs"), in).want(t, 403)
			if r := h.call(t, h.alice, "POST", reqPath(n, "/handoffs"), in); r.Status != 403 && r.Status != 404 {
				t.Fatalf("requester handoff: %d", r.Status)
			}
			h.call(t, h.bob, "POST", reqPath(n, "/handoffs"), in).want(t, 404)
			if d := h.call(t, h.agent, "GET", reqPath(n, ""), nil).JSON(t); d["department"] != "Front desk" {
				t.Fatalf("refused handoffs moved the request to %v", d["department"])
			}
		})
	})
}

func TestMerge(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		open := func() int64 {
			return num(h.createRequest(t, h.alice, map[string]any{"subject": "Commande 4512", "body": "Où est ma commande ?"}))
		}
		t.Run("DuplicateIsClosedAndLinked", func(t *testing.T) {
			dup, keep := open(), open()
			m := h.call(t, h.agent, "POST", reqPath(dup, "/merge"), map[string]any{"into": keep}).want(t, 200).JSON(t)
			if m["status"] != "closed" || int64(m["merged_into"].(float64)) != keep {
				t.Fatalf("merged %v", m)
			}
			if d := h.call(t, h.agent, "GET", reqPath(keep, ""), nil).JSON(t); event(d, "merged_from") == nil {
				t.Fatalf("the surviving request does not record the merge: %v", d["events"])
			}
			r := h.call(t, h.alice, "POST", reqPath(dup, "/messages"), map[string]any{"body": "Encore moi"}).want(t, 409)
			if code, _ := r.Problem(t); code != "conflict" {
				t.Fatalf("writing to a merged request: %s", code)
			}
		})
		t.Run("ErrBadTarget", func(t *testing.T) {
			n := open()
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/merge"), map[string]any{}), "into")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/merge"), map[string]any{"into": n}), "into")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/merge"), map[string]any{"into": 99999}), "into")
			keep := open()
			h.call(t, h.agent, "POST", reqPath(n, "/merge"), map[string]any{"into": keep}).want(t, 200)
			h.call(t, h.agent, "POST", reqPath(n, "/merge"), map[string]any{"into": keep}).want(t, 409)
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(open(), "/merge"), map[string]any{"into": n}), "into")
		})
		t.Run("ErrOnlyWorkingAgentsMerge", func(t *testing.T) {
			a, b := open(), open()
			h.call(t, h.readOnly, "POST", reqPath(a, "/merge"), map[string]any{"into": b}).want(t, 403)
			if r := h.call(t, h.alice, "POST", reqPath(a, "/merge"), map[string]any{"into": b}); r.Status != 403 && r.Status != 404 {
				t.Fatalf("requester merge: %d", r.Status)
			}
			h.call(t, h.bob, "POST", reqPath(a, "/merge"), map[string]any{"into": b}).want(t, 404)
			if d := h.call(t, h.agent, "GET", reqPath(a, ""), nil).JSON(t); d["status"] != "new" {
				t.Fatalf("refused merges changed the request: %v", d["status"])
			}
		})
	})
}

// event returns the first event of type typ in request detail d, or nil.
func event(d map[string]any, typ string) map[string]any {
	for _, e := range d["events"].([]any) {
		if m := e.(map[string]any); m["type"] == typ {
			return m
		}
	}
	return nil
}
