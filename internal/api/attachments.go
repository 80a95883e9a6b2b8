package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"guichet/internal/desk"
)

// handleGetAttachment streams an attachment's content if the actor may see its
// message (a requester asking for one on an internal note gets 404). The
// content is always served as a download in a sandbox, never rendered as a
// page of this origin.
func (s *server) handleGetAttachment(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "attachment")
	if err != nil {
		return err
	}
	att, rc, err := s.store.Attachment(r.Context(), a, id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	ct := att.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": att.Filename})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", fmt.Sprintf("%q", att.SHA256))
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, rc); err != nil {
		s.log.WarnContext(r.Context(), "api: send attachment", "id", id, "err", err)
	}
	return nil
}
