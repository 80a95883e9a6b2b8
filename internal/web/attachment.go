package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"guichet/internal/desk"
)

// handleAttachment sends an attachment's content if the actor may see its
// message. It is always a download in a sandbox, never a page of this origin,
// so a hostile HTML or SVG file cannot run here.
func (s *server) handleAttachment(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return desk.NotFound("attachment")
	}
	att, rc, err := s.store.Attachment(r.Context(), st.actor, id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	ct := att.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" {
		ct = "application/octet-stream"
	}
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": att.Filename})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", fmt.Sprintf("%q", att.SHA256))
	if _, err := io.Copy(w, rc); err != nil {
		s.log.WarnContext(r.Context(), "web: send attachment", "id", id, "err", err)
	}
	return nil
}
