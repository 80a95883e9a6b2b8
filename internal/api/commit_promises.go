package api

import (
	"fmt"
	"net/http"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// promiseInput is the body of POST /requests/{number}/promises.
type promiseInput struct {
	Text  string `json:"text"`
	DueAt string `json:"due_at"` // RFC 3339
}

// handleMakePromise records a promise to the requester: 201 with it.
func (s *server) handleMakePromise(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	var in promiseInput
	if err := decode(r, &in); err != nil {
		return err
	}
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	var due time.Time
	if in.DueAt != "" {
		if due, err = time.Parse(time.RFC3339Nano, in.DueAt); err != nil {
			return desk.Invalid("due_at", "must be an RFC 3339 time such as 2025-03-06T10:00:00-05:00")
		}
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	p, err := cs.MakePromise(r.Context(), a, number, commit.NewPromise{Text: in.Text, DueAt: due})
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/requests/%d/promises/%d", number, p.ID))
	s.writeJSON(w, r, http.StatusCreated, p)
	return nil
}

// handleListPromises answers a request's promises; its requester may read them.
func (s *server) handleListPromises(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	list, err := cs.Promises(r.Context(), a, number)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("promises", list))
	return nil
}

// keptInput is the (optional, empty) body of POST .../promises/{id}/kept.
type keptInput struct{}

// handleKeepPromise records that a promise was kept now and answers it: kept
// when on time, broken when late.
func (s *server) handleKeepPromise(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := decodeOptional(r, &keptInput{}); err != nil {
		return err
	}
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "promise")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	p, err := cs.KeepPromise(r.Context(), a, number, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, p)
	return nil
}
