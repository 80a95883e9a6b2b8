package api

import (
	"testing"
)

func TestUpdateRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		open := func() int64 {
			return num(h.createRequest(t, h.alice, map[string]any{"subject": "Ma commande n'est pas arrivée"}))
		}
		t.Run("ErrCloseWithoutReply", func(t *testing.T) {
			n := open()
			for _, status := range []string{"solved", "closed"} {
				r := h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": status}).want(t, 409)
				if code, _ := r.Problem(t); code != "close_without_reply" {
					t.Fatalf("code %s", code)
				}
			}
			if m := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t); m["status"] != "new" {
				t.Fatalf("a refused close changed the status to %v", m["status"])
			}
		})
		t.Run("CloseAfterPublicReply", func(t *testing.T) {
			n := open()
			h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"visibility": "internal", "body": "À vérifier"}).want(t, 201)
			h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "solved"}).want(t, 409)
			h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"body": "Votre colis part demain."}).want(t, 201)
			m := h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "closed"}).want(t, 200).JSON(t)
			if m["status"] != "closed" || m["public_replies"].(float64) < 1 {
				t.Fatalf("after reply: %v", m)
			}
			r := h.call(t, h.alice, "POST", reqPath(n, "/messages"), map[string]any{"body": "Merci !"}).want(t, 409)
			if code, _ := r.Problem(t); code != "conflict" {
				t.Fatalf("writing to a closed request: %s", code)
			}
		})
		t.Run("SpamClosesWithoutReply", func(t *testing.T) {
			n := open()
			h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"spam": true}).want(t, 200)
			m := h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "closed"}).want(t, 200).JSON(t)
			if m["status"] != "closed" || m["spam"] != true {
				t.Fatalf("spam close: %v", m)
			}
		})
		t.Run("AssignAndUnassign", func(t *testing.T) {
			n := open()
			m := h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"agent_id": h.agentID, "priority": "urgent",
				"tags": []string{"Retard", "retard", "colis"}, "contact_reason": "livraison"}).want(t, 200).JSON(t)
			if m["agent"] != "Gilles Tremblay" || m["priority"] != "urgent" || len(m["tags"].([]any)) != 2 || m["contact_reason"] != "livraison" {
				t.Fatalf("after patch: %v", m)
			}
			m = h.call(t, h.agent, "PATCH", reqPath(n, ""), `{"agent_id": null}`).want(t, 200).JSON(t)
			if _, ok := m["agent_id"]; ok {
				t.Fatalf("agent_id null did not unassign: %v", m)
			}
			d := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			if !hasEvent(d, "agent.assigned") || !hasEvent(d, "priority.changed") {
				t.Fatalf("changes left no events: %v", d["events"])
			}
		})
		t.Run("ErrAssignNonAgent", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "PATCH", reqPath(open(), ""), map[string]any{"agent_id": h.bobID}), "agent_id")
		})
		t.Run("ErrBadValuesAreNamed", func(t *testing.T) {
			n := open()
			wantInvalid(t, h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "done"}), "status")
			wantInvalid(t, h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"priority": "asap"}), "priority")
			wantInvalid(t, h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"agent_id": "gilles"}), "agent_id")
			wantInvalid(t, h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"owner": 1}), "owner")
		})
		t.Run("ErrReadOnlyAgentCannotChange", func(t *testing.T) {
			r := h.call(t, h.readOnly, "PATCH", reqPath(open(), ""), map[string]any{"priority": "high"}).want(t, 403)
			if code, _ := r.Problem(t); code != "forbidden" {
				t.Fatalf("code %s", code)
			}
		})
		t.Run("ErrRequesterCannotChange", func(t *testing.T) {
			n := open()
			if r := h.call(t, h.alice, "PATCH", reqPath(n, ""), map[string]any{"priority": "urgent"}); r.Status != 403 && r.Status != 404 {
				t.Fatalf("owner requester patch: %d", r.Status)
			}
			h.call(t, h.bob, "PATCH", reqPath(n, ""), map[string]any{"priority": "urgent"}).want(t, 404)
			if m := h.call(t, h.agent, "GET", reqPath(n, ""), nil).JSON(t); m["priority"] != "normal" {
				t.Fatalf("priority changed to %v", m["priority"])
			}
		})
		t.Run("ErrUnknownRequest", func(t *testing.T) {
			h.call(t, h.agent, "PATCH", reqPath(99999, ""), map[string]any{"priority": "high"}).want(t, 404)
			h.call(t, h.agent, "GET", "/api/v1/requests/abc", nil).want(t, 404)
		})
	})
}

// hasEvent reports whether request detail d has an event of type typ.
func hasEvent(d map[string]any, typ string) bool {
	for _, e := range d["events"].([]any) {
		if e.(map[string]any)["type"] == typ {
			return true
		}
	}
	return false
}
