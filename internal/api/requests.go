package api

import (
	"encoding/base64"
	"fmt"
	"net/http"

	"guichet/internal/desk"
)

// personRef names a person by address, creating them if unknown.
type personRef struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

// attachmentInput is a file sent inline, base64-encoded (standard alphabet).
type attachmentInput struct {
	Filename      string `json:"filename"`
	ContentType   string `json:"content_type"`
	ContentBase64 string `json:"content_base64"`
}

// createRequestInput is the body of POST /requests.
type createRequestInput struct {
	Subject       string            `json:"subject"`
	Body          string            `json:"body"`
	BodyHTML      string            `json:"body_html"`
	Requester     *personRef        `json:"requester"`
	Department    string            `json:"department"` // slug
	DepartmentID  int64             `json:"department_id"`
	Priority      desk.Priority     `json:"priority"`
	Channel       desk.Channel      `json:"channel"`
	ContactReason string            `json:"contact_reason"`
	Tags          []string          `json:"tags"`
	Attachments   []attachmentInput `json:"attachments"`
}

// handleCreateRequest opens a request: 201 with the request and its Location.
func (s *server) handleCreateRequest(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	var in createRequestInput
	if err := decode(r, &in); err != nil {
		return err
	}
	atts, err := decodeAttachments(in.Attachments)
	if err != nil {
		return err
	}
	nr := desk.NewRequest{
		Subject: in.Subject, Body: in.Body, BodyHTML: in.BodyHTML,
		DepartmentID: in.DepartmentID, DepartmentSlug: in.Department,
		Priority: in.Priority, Channel: in.Channel, ContactReason: in.ContactReason,
		Tags: in.Tags, Attachments: atts,
	}
	if in.Requester != nil {
		nr.RequesterEmail, nr.RequesterName = in.Requester.Email, in.Requester.Name
	}
	req, err := s.store.CreateRequest(r.Context(), a, nr)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/requests/%d", req.Number))
	s.writeJSON(w, r, http.StatusCreated, req)
	return nil
}

// decodeAttachments decodes inline attachments; a bad base64 payload is
// CodeInvalid on "attachments.content_base64".
func decodeAttachments(in []attachmentInput) ([]desk.NewAttachment, error) {
	out := make([]desk.NewAttachment, 0, len(in))
	for i, at := range in {
		b, err := base64.StdEncoding.DecodeString(at.ContentBase64)
		if err != nil {
			return nil, desk.Invalid("attachments.content_base64", "attachment %d is not valid base64", i+1)
		}
		out = append(out, desk.NewAttachment{Filename: at.Filename, ContentType: at.ContentType, Content: b})
	}
	return out, nil
}

// handleListRequests answers a page of requests the actor may read, newest
// activity first, with next_cursor when there are more.
func (s *server) handleListRequests(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	f, err := s.requestFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListRequests(r.Context(), a, f)
	if err != nil {
		return err
	}
	if page.Requests == nil {
		page.Requests = []desk.Request{}
	}
	s.writeJSON(w, r, http.StatusOK, page)
	return nil
}

// handleGetRequest answers one request with the messages, handoffs and events
// the actor may see.
func (s *server) handleGetRequest(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	d, err := s.store.Request(r.Context(), a, number)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, d)
	return nil
}

// updateRequestInput is the body of PATCH /requests/{number}; absent fields
// stay as they are, "agent_id": null unassigns.
type updateRequestInput struct {
	Status        *desk.Status   `json:"status"`
	Priority      *desk.Priority `json:"priority"`
	AgentID       nullableID     `json:"agent_id"`
	Tags          *[]string      `json:"tags"`
	ContactReason *string        `json:"contact_reason"`
	Spam          *bool          `json:"spam"`
}

// handleUpdateRequest applies a patch and answers the updated request.
func (s *server) handleUpdateRequest(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	var in updateRequestInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p := desk.RequestPatch{Status: in.Status, Priority: in.Priority, Tags: in.Tags,
		ContactReason: in.ContactReason, Spam: in.Spam}
	if in.AgentID.Set {
		p.AgentID = &in.AgentID.ID
	}
	req, err := s.store.UpdateRequest(r.Context(), a, number, p)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, req)
	return nil
}
