package api

import (
	"net/http"

	"guichet/internal/desk"
)

// addMessageInput is the body of POST /requests/{number}/messages.
type addMessageInput struct {
	Visibility  desk.Visibility   `json:"visibility"` // public (default) or internal
	Body        string            `json:"body"`
	BodyHTML    string            `json:"body_html"`
	Attachments []attachmentInput `json:"attachments"`
}

// handleAddMessage adds a reply, internal note or requester message: 201 with
// the message.
func (s *server) handleAddMessage(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	var in addMessageInput
	if err := decode(r, &in); err != nil {
		return err
	}
	atts, err := decodeAttachments(in.Attachments)
	if err != nil {
		return err
	}
	m, err := s.store.AddMessage(r.Context(), a, number, desk.NewMessage{
		Visibility: in.Visibility, Body: in.Body, BodyHTML: in.BodyHTML, Attachments: atts,
	})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, m)
	return nil
}
