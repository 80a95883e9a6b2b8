package api

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"testing"
)

func TestAttachments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		photo := []byte("\x89PNG\r\n\x1a\n photo du colis écrasé")
		n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Colis écrasé", "attachments": []map[string]any{
			{"filename": "colis écrasé.png", "content_type": "image/png", "content_base64": base64.StdEncoding.EncodeToString(photo)}}}))
		secret := []byte("<html><script>alert('x')</script>rapport interne</html>")
		h.call(t, h.agent, "POST", reqPath(n, "/messages"), map[string]any{"visibility": "internal", "body": "Rapport du transporteur",
			"attachments": []map[string]any{{"filename": "rapport.html", "content_type": "text/html",
				"content_base64": base64.StdEncoding.EncodeToString(secret)}}}).want(t, 201)
		d := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
		public, internal := attachmentID(t, d, "colis écrasé.png"), attachmentID(t, d, "rapport.html")

		t.Run("RequesterDownloadsTheirs", func(t *testing.T) {
			r := h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/attachments/%d", public), nil).want(t, 200)
			if !bytes.Equal(r.Body, photo) || r.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("got %q as %s", r.Body, r.Header.Get("Content-Type"))
			}
			if cd := r.Header.Get("Content-Disposition"); cd == "" || cd[:10] != "attachment" {
				t.Fatalf("Content-Disposition %q", cd)
			}
		})
		t.Run("ContentIsNeverRenderedAsAPage", func(t *testing.T) {
			r := h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/attachments/%d", internal), nil).want(t, 200)
			if !bytes.Equal(r.Body, secret) {
				t.Fatalf("got %q", r.Body)
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Security-Policy") == "" {
				t.Fatalf("HTML attachment served without sandbox headers: %v", r.Header)
			}
		})
		t.Run("ErrRequesterCannotReadInternalAttachment", func(t *testing.T) {
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/attachments/%d", internal), nil).want(t, 404)
		})
		t.Run("ErrOtherRequesterCannotRead", func(t *testing.T) {
			h.call(t, h.bob, "GET", fmt.Sprintf("/api/v1/attachments/%d", public), nil).want(t, 404)
			h.call(t, h.agent, "GET", "/api/v1/attachments/999999", nil).want(t, 404)
		})
		t.Run("ErrNoToken", func(t *testing.T) {
			h.call(t, "", "GET", fmt.Sprintf("/api/v1/attachments/%d", public), nil).want(t, 401)
		})
	})
}

// attachmentID finds the id of the attachment named filename in request detail d.
func attachmentID(t *testing.T, d map[string]any, filename string) int64 {
	t.Helper()
	for _, m := range d["messages"].([]any) {
		for _, a := range m.(map[string]any)["attachments"].([]any) {
			if a := a.(map[string]any); a["filename"] == filename {
				return int64(a["id"].(float64))
			}
		}
	}
	t.Fatalf("no attachment %q in %v", filename, d["messages"])
	return 0
}
