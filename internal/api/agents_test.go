package api

import (
	"fmt"
	"testing"
)

func TestAgents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		var id int64
		t.Run("AdminMakesANewcomerAnAgent", func(t *testing.T) {
			people := h.countPeople(t)
			r := h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"email": "Marc@Guichet.example", "name": "Marc Lavoie",
				"role": "agent", "department_ids": []int64{h.billing.ID, h.shipping.ID}}).want(t, 201)
			m := r.JSON(t)
			id = int64(m["person_id"].(float64))
			if m["name"] != "Marc Lavoie" || m["email"] != "marc@guichet.example" || m["active"] != true || len(m["department_ids"].([]any)) != 2 {
				t.Fatalf("created %v", m)
			}
			if r.Header.Get("Location") != fmt.Sprintf("/api/v1/agents/%d", id) || h.countPeople(t) != people+1 {
				t.Fatalf("Location %q, people %d→%d", r.Header.Get("Location"), people, h.countPeople(t))
			}
		})
		t.Run("AdminMakesAnExistingPersonAnAgent", func(t *testing.T) {
			m := h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"person_id": h.bobID, "role": "read-only"}).want(t, 201).JSON(t)
			if m["role"] != "read-only" || m["name"] != "Bob Roy" {
				t.Fatalf("created %v", m)
			}
		})
		t.Run("ListGetAndChange", func(t *testing.T) {
			list := h.call(t, h.readOnly, "GET", "/api/v1/agents", nil).want(t, 200).JSON(t)
			if n := len(list["agents"].([]any)); n != 5 {
				t.Fatalf("%d agents, want 5", n)
			}
			m := h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agents/%d", id), map[string]any{"role": "admin", "department_ids": []int64{h.frontDesk.ID}}).want(t, 200).JSON(t)
			if m["role"] != "admin" || len(m["department_ids"].([]any)) != 1 || m["active"] != true {
				t.Fatalf("patched %v", m)
			}
			m = h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agents/%d", id), map[string]any{"active": false}).want(t, 200).JSON(t)
			if m["active"] != false || m["role"] != "admin" {
				t.Fatalf("deactivated %v", m)
			}
			h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/agents/%d", id), nil).want(t, 200)
		})
		t.Run("ErrLastActiveAdminStays", func(t *testing.T) {
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agents/%d", h.adminID), map[string]any{"role": "agent"}).want(t, 409)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agents/%d", h.adminID), map[string]any{"active": false}).want(t, 409)
			h.call(t, h.admin, "PATCH", "/api/v1/agents/999999", map[string]any{"active": false}).want(t, 404)
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"email": "x@guichet.example", "role": "boss"}), "role")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"email": "x@guichet.example", "department_ids": []int64{999999}}), "department_ids")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"email": "not-an-email"}), "email")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"person_id": 999999}), "person_id")
			wantInvalid(t, h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/agents/%d", id), map[string]any{"role": "boss"}), "role")
			h.call(t, h.admin, "POST", "/api/v1/agents", map[string]any{"person_id": h.agentID}).want(t, 409)
			h.call(t, h.admin, "GET", fmt.Sprintf("/api/v1/agents/%d", h.aliceID), nil).want(t, 404)
			if n := len(h.call(t, h.admin, "GET", "/api/v1/people?q=x@guichet", nil).JSON(t)["people"].([]any)); n != 0 {
				t.Fatal("a refused agent left a person behind")
			}
		})
		t.Run("ErrNonAdminCannotWrite", func(t *testing.T) {
			people := h.countPeople(t)
			for _, tok := range []string{h.agent, h.readOnly, h.alice} {
				h.call(t, tok, "POST", "/api/v1/agents", map[string]any{"email": "y@guichet.example", "name": "Y"}).want(t, 403)
				h.call(t, tok, "PATCH", fmt.Sprintf("/api/v1/agents/%d", h.agentID), map[string]any{"role": "admin"}).want(t, 403)
			}
			if h.countPeople(t) != people {
				t.Fatal("a refused agent left a person behind")
			}
			if m := h.call(t, h.agent, "GET", "/api/v1/me", nil).JSON(t); m["role"] != "agent" {
				t.Fatalf("agent promoted themselves: %v", m)
			}
		})
	})
}
