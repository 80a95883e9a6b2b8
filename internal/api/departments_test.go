package api

import (
	"fmt"
	"testing"
)

func TestDepartments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		t.Run("AgentsListThem", func(t *testing.T) {
			m := h.call(t, h.readOnly, "GET", "/api/v1/departments", nil).want(t, 200).JSON(t)
			if n := len(m["departments"].([]any)); n != 3 {
				t.Fatalf("%d departments, want front desk, billing and shipping", n)
			}
		})
		var id int64
		t.Run("AdminCreatesReadsAndChanges", func(t *testing.T) {
			r := h.call(t, h.admin, "POST", "/api/v1/departments", map[string]any{
				"slug": "IT", "name": "Informatique", "handles": "ordinateurs, imprimantes"}).want(t, 201)
			m := r.JSON(t)
			id = int64(m["id"].(float64))
			if m["slug"] != "it" || m["front_desk"] != false || r.Header.Get("Location") != fmt.Sprintf("/api/v1/departments/%d", id) {
				t.Fatalf("created %v at %s", m, r.Header.Get("Location"))
			}
			m = h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/departments/%d", id), map[string]any{"name": "Soutien informatique"}).want(t, 200).JSON(t)
			if m["name"] != "Soutien informatique" || m["handles"] != "ordinateurs, imprimantes" {
				t.Fatalf("patch changed more than the name: %v", m)
			}
			if m := h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/departments/%d", id), nil).want(t, 200).JSON(t); m["name"] != "Soutien informatique" {
				t.Fatalf("read %v", m)
			}
		})
		t.Run("FrontDeskMovesButNeverDisappears", func(t *testing.T) {
			path := func(id int64) string { return fmt.Sprintf("/api/v1/departments/%d", id) }
			wantInvalid(t, h.call(t, h.admin, "PATCH", path(h.frontDesk.ID), map[string]any{"front_desk": false}), "front_desk")
			if m := h.call(t, h.admin, "PATCH", path(id), map[string]any{"front_desk": true}).want(t, 200).JSON(t); m["front_desk"] != true {
				t.Fatalf("moved: %v", m)
			}
			if m := h.call(t, h.admin, "GET", path(h.frontDesk.ID), nil).JSON(t); m["front_desk"] != false {
				t.Fatalf("two front desks: %v", m)
			}
			h.call(t, h.admin, "PATCH", path(h.frontDesk.ID), map[string]any{"front_desk": true}).want(t, 200)
		})
		t.Run("ErrNonAdminCannotWrite", func(t *testing.T) {
			for _, tok := range []string{h.agent, h.readOnly, h.alice} {
				h.call(t, tok, "POST", "/api/v1/departments", map[string]any{"slug": "legal", "name": "Juridique"}).want(t, 403)
				h.call(t, tok, "PATCH", fmt.Sprintf("/api/v1/departments/%d", h.billing.ID), map[string]any{"name": "Compta"}).want(t, 403)
				h.call(t, tok, "DELETE", fmt.Sprintf("/api/v1/departments/%d", id), nil).want(t, 403)
			}
			if m := h.call(t, h.admin, "GET", fmt.Sprintf("/api/v1/departments/%d", h.billing.ID), nil).JSON(t); m["name"] != "Facturation" {
				t.Fatalf("refused patch renamed billing to %v", m["name"])
			}
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/departments", map[string]any{"slug": "Not A Slug!", "name": "x"}), "slug")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/departments", map[string]any{"slug": "legal"}), "name")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/departments", map[string]any{"slug": "legal", "name": "x", "front_desk": true}), "front_desk")
			h.call(t, h.admin, "POST", "/api/v1/departments", map[string]any{"slug": "billing", "name": "Autre"}).want(t, 409)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/departments/%d", id), map[string]any{"slug": "billing"}).want(t, 409)
			h.call(t, h.admin, "PATCH", "/api/v1/departments/999999", map[string]any{"name": "x"}).want(t, 404)
			h.call(t, h.admin, "DELETE", "/api/v1/departments/999999", nil).want(t, 404)
			h.call(t, h.admin, "GET", "/api/v1/departments/999999", nil).want(t, 404)
		})
		t.Run("DeleteUnlessItOwnsRequestsOrIsFrontDesk", func(t *testing.T) {
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/departments/%d", h.frontDesk.ID), nil).want(t, 409)
			h.createRequest(t, h.agent, map[string]any{"subject": "Facture", "department": "billing",
				"requester": map[string]any{"email": "alice@acme.example"}})
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/departments/%d", h.billing.ID), nil).want(t, 409)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/departments/%d", id), nil).want(t, 204)
			h.call(t, h.admin, "GET", fmt.Sprintf("/api/v1/departments/%d", id), nil).want(t, 404)
		})
	})
}
