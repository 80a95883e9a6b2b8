package api

import (
	"fmt"
	"testing"
)

func TestRequestMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		mine := num(h.createRequest(t, h.alice, map[string]any{"subject": "Livraison manquante"}))
		path := fmt.Sprintf("/api/v1/requests/%d/mail", mine)
		t.Run("AgentsSeeTheQueuedAcknowledgement", func(t *testing.T) {
			list := h.call(t, h.readOnly, "GET", path, nil).want(t, 200).JSON(t)["mail"].([]any)
			if len(list) != 1 {
				t.Fatalf("mail %v, want the acknowledgement", list)
			}
			m := list[0].(map[string]any)
			if m["kind"] != "ack" || m["state"] != "queued" || m["to"] != "alice@acme.example" || m["attempts"] != 0.0 {
				t.Fatalf("acknowledgement %v: want queued (no relay), no attempt yet", m)
			}
			d := h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/requests/%d", mine), nil).want(t, 200).JSON(t)
			if got, _ := d["mail"].([]any); len(got) != 1 {
				t.Fatalf("the request shows agents its mail: %v", d["mail"])
			}
		})
		t.Run("ErrRequestersNeverSeeIt", func(t *testing.T) {
			h.call(t, h.alice, "GET", path, nil).want(t, 404) // their own request
			h.call(t, h.bob, "GET", path, nil).want(t, 404)   // someone else's
			if d := h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/requests/%d", mine), nil).want(t, 200).JSON(t); d["mail"] != nil {
				t.Fatalf("a requester sees the outbox on their request: %v", d["mail"])
			}
		})
		t.Run("ErrUnknownRequest", func(t *testing.T) {
			h.call(t, h.agent, "GET", "/api/v1/requests/999999/mail", nil).want(t, 404)
		})
	})
}

func TestMailAddressesAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		var id int64
		t.Run("AdminMapsAnAddressAgentsReadIt", func(t *testing.T) {
			m := h.call(t, h.admin, "POST", "/api/v1/mail-addresses",
				map[string]any{"address": "Factures", "department_id": h.billing.ID}).want(t, 201).JSON(t)
			id = int64(m["id"].(float64))
			if m["address"] != "factures" || m["department"] != "Facturation" {
				t.Fatalf("added %v", m)
			}
			list := h.call(t, h.readOnly, "GET", "/api/v1/mail-addresses", nil).want(t, 200).JSON(t)["mail_addresses"].([]any)
			if len(list) != 1 || list[0].(map[string]any)["department_id"] != float64(h.billing.ID) {
				t.Fatalf("list %v", list)
			}
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			post := func(body map[string]any) resp { return h.call(t, h.admin, "POST", "/api/v1/mail-addresses", body) }
			wantInvalid(t, post(map[string]any{"address": "not an address", "department_id": h.billing.ID}), "address")
			wantInvalid(t, post(map[string]any{"address": "support+12", "department_id": h.billing.ID}), "address")
			wantInvalid(t, post(map[string]any{"address": "comptes"}), "department_id")
			wantInvalid(t, post(map[string]any{"address": "comptes", "department_id": 999999}), "department_id")
			post(map[string]any{"address": "factures", "department_id": h.shipping.ID}).want(t, 409)
		})
		t.Run("ErrOnlyAdminsChangeIt", func(t *testing.T) {
			for _, tok := range []string{h.agent, h.readOnly, h.alice} {
				h.call(t, tok, "POST", "/api/v1/mail-addresses", map[string]any{"address": "envois", "department_id": h.shipping.ID}).want(t, 403)
				h.call(t, tok, "DELETE", fmt.Sprintf("/api/v1/mail-addresses/%d", id), nil).want(t, 403)
			}
			h.call(t, h.alice, "GET", "/api/v1/mail-addresses", nil).want(t, 403)
		})
		t.Run("AdminRemovesIt", func(t *testing.T) {
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/mail-addresses/%d", id), nil).want(t, 204)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/mail-addresses/%d", id), nil).want(t, 404)
			if list := h.call(t, h.agent, "GET", "/api/v1/mail-addresses", nil).JSON(t)["mail_addresses"].([]any); len(list) != 0 {
				t.Fatalf("still listed: %v", list)
			}
		})
	})
}
