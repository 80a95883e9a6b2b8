package web

import (
	"net/http"
	"strconv"

	"guichet/internal/desk"
	"guichet/internal/httpx"
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
	if err := httpx.ServeAttachment(w, att, rc); err != nil {
		s.log.WarnContext(r.Context(), "web: send attachment", "id", id, "err", err)
	}
	return nil
}
