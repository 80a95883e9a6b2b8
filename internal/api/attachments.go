package api

import (
	"net/http"

	"guichet/internal/desk"
	"guichet/internal/httpx"
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
	if err := httpx.ServeAttachment(w, att, rc); err != nil {
		s.log.WarnContext(r.Context(), "api: send attachment", "id", id, "err", err)
	}
	return nil
}
