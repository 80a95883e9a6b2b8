package api

import (
	"fmt"
	"testing"
)

// TestRequesterDirectoryView: a requester sees the departments (to know who
// serves them), themselves and their organisation, and nobody else.
func TestRequesterDirectoryView(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		t.Run("DepartmentsArePublicToRequesters", func(t *testing.T) {
			m := h.call(t, h.alice, "GET", "/api/v1/departments", nil).want(t, 200).JSON(t)
			if n := len(m["departments"].([]any)); n != 3 {
				t.Fatalf("%d departments", n)
			}
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/departments/%d", h.billing.ID), nil).want(t, 200)
		})
		t.Run("OnlyTheirOrganisation", func(t *testing.T) {
			m := h.call(t, h.alice, "GET", "/api/v1/organisations", nil).want(t, 200).JSON(t)
			if list := m["organisations"].([]any); len(list) != 1 || list[0].(map[string]any)["name"] != "Acme" {
				t.Fatalf("alice sees organisations %v", list)
			}
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/organisations/%d", h.acme.ID), nil).want(t, 200)
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/organisations/%d", h.beta.ID), nil).want(t, 404)
		})
		t.Run("OnlyThemselves", func(t *testing.T) {
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/people/%d", h.aliceID), nil).want(t, 200)
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/people/%d", h.bobID), nil).want(t, 404)
			h.call(t, h.alice, "GET", "/api/v1/people?q=bob", nil).want(t, 403)
		})
		t.Run("NoAgents", func(t *testing.T) {
			h.call(t, h.alice, "GET", "/api/v1/agents", nil).want(t, 403)
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/agents/%d", h.agentID), nil).want(t, 404)
		})
	})
}
