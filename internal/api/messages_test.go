package api

import (
	"strings"
	"testing"
)

func TestMessagesAndVisibility(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Accès au portail", "body": "Je n'arrive pas à me connecter."}))
		note := h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{
			"visibility": "internal", "body": "Note interne : compte bloqué par la sécurité"}).want(t, 201).JSON(t)
		reply := h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{
			"body": "Votre accès est rétabli.", "body_html": `<p>Votre accès est <b>rétabli</b>.<script>alert(1)</script></p>`}).want(t, 201).JSON(t)

		t.Run("KindsFollowAuthorAndVisibility", func(t *testing.T) {
			if note["kind"] != "note" || reply["kind"] != "reply" || reply["visibility"] != "public" {
				t.Fatalf("note %v, reply %v", note, reply)
			}
			if strings.Contains(reply["body_html"].(string), "script") {
				t.Fatalf("HTML not sanitised: %v", reply["body_html"])
			}
		})
		t.Run("AgentSeesEverything", func(t *testing.T) {
			d := h.call(t, h.readOnly, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
			if !strings.Contains(bodies(d), "compte bloqué") || !strings.Contains(bodies(d), "rétabli") {
				t.Fatalf("agent view lacks a message: %s", bodies(d))
			}
		})
		t.Run("RequesterNeverSeesInternalNote", func(t *testing.T) {
			r := h.call(t, h.alice, "GET", reqPath(n, ""), nil).want(t, 200)
			if strings.Contains(string(r.Body), "compte bloqué") {
				t.Fatalf("internal note leaked to the requester: %s", r.Body)
			}
			d := r.JSON(t)
			if !strings.Contains(bodies(d), "rétabli") {
				t.Fatalf("requester does not see the reply: %s", bodies(d))
			}
			for _, e := range d["events"].([]any) {
				if e.(map[string]any)["public"] != true {
					t.Fatalf("requester sees a non-public event: %v", e)
				}
			}
			list := h.call(t, h.alice, "GET", "/api/v1/requests", nil).want(t, 200)
			if strings.Contains(string(list.Body), "compte bloqué") {
				t.Fatalf("internal note leaked in the list: %s", list.Body)
			}
		})
		t.Run("ErrOtherRequesterGetsNotFound", func(t *testing.T) {
			r := h.call(t, h.bob, "GET", reqPath(n, ""), nil).want(t, 404)
			if code, _ := r.Problem(t); code != "not_found" {
				t.Fatalf("code %s", code)
			}
			h.call(t, h.bob, "POST", reqPath(n, "/messages"), map[string]any{"body": "coucou"}).want(t, 404)
			h.call(t, h.carol, "GET", reqPath(n, ""), nil).want(t, 404)
		})
		t.Run("SharedOrganisationReadsEachOther", func(t *testing.T) {
			m := num(h.createRequest(t, h.dave, map[string]any{"subject": "Inscription de la classe de 5e"}))
			h.call(t, h.carol, "GET", reqPath(m, ""), nil).want(t, 200)
		})
		t.Run("RequesterReplyReopens", func(t *testing.T) {
			h.call(t, h.agent, "PATCH", reqPath(n, ""), map[string]any{"status": "solved"}).want(t, 200)
			msg := h.call(t, h.alice, "POST", reqPath(n, "/messages"), map[string]any{"body": "Toujours bloquée !"}).want(t, 201).JSON(t)
			if msg["kind"] != "requester" {
				t.Fatalf("kind %v", msg["kind"])
			}
			if d := h.call(t, h.alice, "GET", reqPath(n, ""), nil).JSON(t); d["status"] == "solved" {
				t.Fatal("the requester's message did not reopen the request")
			}
		})
		t.Run("ErrRequesterCannotWriteInternalNote", func(t *testing.T) {
			r := h.call(t, h.alice, "POST", reqPath(n, "/messages"), map[string]any{"visibility": "internal", "body": "psst"}).want(t, 403)
			if code, _ := r.Problem(t); code != "forbidden" {
				t.Fatalf("code %s", code)
			}
		})
		t.Run("ErrReadOnlyAgentCannotWrite", func(t *testing.T) {
			h.call(t, h.readOnly, "POST", reqPath(n, "/messages"), map[string]any{"body": "Bonjour"}).want(t, 403)
		})
		t.Run("ErrBadMessage", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"body": "  "}), "body")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"body": "x", "visibility": "secret"}), "visibility")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"body": "x", "to": "all"}), "to")
			h.call(t, h.agent, "POST", reqPath(99999, "/messages"), map[string]any{"body": "x"}).want(t, 404)
		})
	})
}

// bodies joins the bodies of a request detail's messages.
func bodies(d map[string]any) string {
	var b strings.Builder
	for _, m := range d["messages"].([]any) {
		b.WriteString(m.(map[string]any)["body"].(string))
		b.WriteString("\n")
	}
	return b.String()
}
