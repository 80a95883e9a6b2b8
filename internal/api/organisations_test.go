package api

import (
	"fmt"
	"testing"
)

func TestOrganisations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		var id int64
		t.Run("AdminCreatesReadsAndChanges", func(t *testing.T) {
			r := h.call(t, h.admin, "POST", "/api/v1/organisations", map[string]any{"name": " Quincaillerie Roy ", "domain": "Roy.example"}).want(t, 201)
			m := r.JSON(t)
			id = int64(m["id"].(float64))
			if m["name"] != "Quincaillerie Roy" || m["domain"] != "roy.example" || m["shared_requests"] != false {
				t.Fatalf("created %v", m)
			}
			if r.Header.Get("Location") != fmt.Sprintf("/api/v1/organisations/%d", id) {
				t.Fatalf("Location %q", r.Header.Get("Location"))
			}
			m = h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/organisations/%d", id), map[string]any{"shared_requests": true}).want(t, 200).JSON(t)
			if m["shared_requests"] != true || m["name"] != "Quincaillerie Roy" {
				t.Fatalf("patched %v", m)
			}
			list := h.call(t, h.agent, "GET", "/api/v1/organisations", nil).want(t, 200).JSON(t)
			if n := len(list["organisations"].([]any)); n != 4 {
				t.Fatalf("%d organisations, want 4", n)
			}
			h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/organisations/%d", id), nil).want(t, 200)
		})
		t.Run("ErrNonAdminCannotWrite", func(t *testing.T) {
			for _, tok := range []string{h.agent, h.readOnly, h.alice} {
				h.call(t, tok, "POST", "/api/v1/organisations", map[string]any{"name": "X"}).want(t, 403)
				h.call(t, tok, "PATCH", fmt.Sprintf("/api/v1/organisations/%d", h.acme.ID), map[string]any{"shared_requests": true}).want(t, 403)
				h.call(t, tok, "DELETE", fmt.Sprintf("/api/v1/organisations/%d", id), nil).want(t, 403)
			}
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/organisations", map[string]any{"name": "  "}), "name")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/organisations", map[string]any{"name": "x", "shared": true}), "shared")
			h.call(t, h.admin, "POST", "/api/v1/organisations", map[string]any{"name": "Acme bis", "domain": "acme.example"}).want(t, 409)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/organisations/%d", h.beta.ID), map[string]any{"domain": "acme.example"}).want(t, 409)
			h.call(t, h.admin, "GET", "/api/v1/organisations/999999", nil).want(t, 404)
			h.call(t, h.admin, "PATCH", "/api/v1/organisations/999999", map[string]any{"name": "x"}).want(t, 404)
		})
		t.Run("DeleteOnlyWithoutPeople", func(t *testing.T) {
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/organisations/%d", h.acme.ID), nil).want(t, 409)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/organisations/%d", id), nil).want(t, 204)
			h.call(t, h.admin, "GET", fmt.Sprintf("/api/v1/organisations/%d", id), nil).want(t, 404)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/organisations/%d", id), nil).want(t, 404)
		})
	})
}
