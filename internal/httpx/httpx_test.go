package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func TestStatus(t *testing.T) {
	for _, c := range []struct {
		err  error
		code desk.Code
		want int
	}{
		{desk.Invalid("email", "bad"), desk.CodeInvalid, 422},
		{fmt.Errorf("store: wrap: %w", desk.NotFound("request")), desk.CodeNotFound, 404},
		{desk.Errorf(desk.CodeCloseWithoutReply, "no reply"), desk.CodeCloseWithoutReply, 409},
		{desk.Errorf(CodeRateLimited, "slow down"), CodeRateLimited, 429},
		{errors.New("pq: connection refused"), desk.CodeInternal, 500},
		{desk.Errorf("made_up", "?"), desk.CodeInternal, 500},
	} {
		if code, got := Status(c.err); code != c.code || got != c.want {
			t.Errorf("Status(%v) = %s %d; want %s %d", c.err, code, got, c.code, c.want)
		}
	}
}

func TestServeAttachmentIsASandboxedDownload(t *testing.T) {
	w := httptest.NewRecorder()
	att := &desk.Attachment{Filename: "facture 12.html", ContentType: "text/html", Size: 30, SHA256: "ab"}
	if err := ServeAttachment(w, att, strings.NewReader("<script>alert(1)</script>....")); err != nil {
		t.Fatal(err)
	}
	h := w.Result().Header
	if w.Code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("not a sandboxed download: %d %v", w.Code, h)
	}
}
