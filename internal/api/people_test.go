package api

import (
	"fmt"
	"testing"
)

func TestPeople(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		var id int64
		t.Run("AdminCreates", func(t *testing.T) {
			r := h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"name": "Hélène Bouchard",
				"emails":          []string{"Helene@Acme.example", "helene.b@acme.example", "helene@acme.example"},
				"organisation_id": h.acme.ID, "language": "en"}).want(t, 201)
			m := r.JSON(t)
			id = int64(m["id"].(float64))
			if m["kind"] != "external" || len(m["emails"].([]any)) != 2 || m["emails"].([]any)[0] != "helene@acme.example" {
				t.Fatalf("created %v", m)
			}
			if r.Header.Get("Location") != fmt.Sprintf("/api/v1/people/%d", id) {
				t.Fatalf("Location %q", r.Header.Get("Location"))
			}
		})
		t.Run("SearchByNameOrEmail", func(t *testing.T) {
			for q, want := range map[string]int{"hél": 1, "acme.example": 2, "zzz": 0, "": 8} {
				m := h.call(t, h.agent, "GET", "/api/v1/people?q="+q, nil).want(t, 200).JSON(t)
				if n := len(m["people"].([]any)); n != want {
					t.Errorf("q=%q: %d people, want %d", q, n, want)
				}
			}
			m := h.call(t, h.agent, "GET", "/api/v1/people?limit=2", nil).want(t, 200).JSON(t)
			if n := len(m["people"].([]any)); n != 2 {
				t.Fatalf("limit=2 gave %d", n)
			}
		})
		t.Run("AdminChangesAndClearsOrganisation", func(t *testing.T) {
			m := h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/people/%d", id), `{"name":"Hélène B.","organisation_id":null}`).want(t, 200).JSON(t)
			if m["name"] != "Hélène B." || m["organisation_id"] != nil || m["language"] != "en" {
				t.Fatalf("patched %v", m)
			}
			if m := h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/people/%d", id), nil).want(t, 200).JSON(t); m["name"] != "Hélène B." {
				t.Fatalf("read %v", m)
			}
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"emails": []string{"not-an-email"}}), "email")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"name": "x"}), "emails")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"emails": []string{"a@b.example"}, "kind": "robot"}), "kind")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"emails": []string{"a@b.example"}, "phone": "555"}), "phone")
			wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"emails": []string{"a@b.example"}, "organisation_id": 0}), "organisation_id")
			wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/people?limit=0", nil), "limit")
			h.call(t, h.admin, "POST", "/api/v1/people", map[string]any{"emails": []string{"ALICE@acme.example"}}).want(t, 409)
			h.call(t, h.admin, "PATCH", fmt.Sprintf("/api/v1/people/%d", id), map[string]any{"emails": []string{"bob@beta.example"}}).want(t, 409)
			h.call(t, h.admin, "PATCH", "/api/v1/people/999999", map[string]any{"name": "x"}).want(t, 404)
			h.call(t, h.admin, "GET", "/api/v1/people/999999", nil).want(t, 404)
		})
		t.Run("ErrNonAdminCannotWrite", func(t *testing.T) {
			for _, tok := range []string{h.agent, h.readOnly, h.alice} {
				h.call(t, tok, "POST", "/api/v1/people", map[string]any{"emails": []string{"z@z.example"}}).want(t, 403)
				h.call(t, tok, "PATCH", fmt.Sprintf("/api/v1/people/%d", id), map[string]any{"name": "Z"}).want(t, 403)
			}
		})
	})
}
