package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// maxBulk bounds how many requests one bulk action changes (one inbox page).
const maxBulk = 100

// handleBulk applies one action (assign to me or to an agent, set a status,
// add a tag) to
// every request ticked in the inbox, then returns to the inbox saying how many
// changed and why the others did not.
func (s *server) handleBulk(w http.ResponseWriter, r *http.Request, st *reqState) error {
	back := localPath(r.PostForm.Get("back"), "/inbox")
	numbers, err := formNumbers(r.PostForm["n"])
	if err != nil {
		return err
	}
	if len(numbers) == 0 {
		s.setFlash(w, true, st.cat.T("bulk.none_selected"))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	apply, err := s.bulkAction(r, st)
	if err != nil {
		return err
	}
	done, failed := 0, []string{}
	for _, n := range numbers {
		if err := apply(r.Context(), n); err != nil {
			if desk.ErrorCode(err) == desk.CodeInternal {
				return err
			}
			failed = append(failed, st.cat.T("bulk.failed", n, errorText(st.cat, err)))
			continue
		}
		done++
	}
	lines := append([]string{st.cat.T("bulk.done", done)}, failed...)
	s.setFlash(w, len(failed) > 0, lines...)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// bulkAction returns the change the form asks for, applied to one request.
func (s *server) bulkAction(r *http.Request, st *reqState) (func(context.Context, int64) error, error) {
	a := st.actor
	update := func(p desk.RequestPatch) func(context.Context, int64) error {
		return func(ctx context.Context, n int64) error {
			_, err := s.store.UpdateRequest(ctx, a, n, p)
			return err
		}
	}
	switch r.PostForm.Get("action") {
	case "assign_me":
		return update(desk.RequestPatch{AgentID: &a.PersonID}), nil
	case "assign":
		id, err := strconv.ParseInt(r.PostForm.Get("agent"), 10, 64)
		if err != nil || id <= 0 {
			return nil, desk.Invalid("agent", "pick the agent to assign")
		}
		return update(desk.RequestPatch{AgentID: &id}), nil
	case "status":
		status := desk.Status(r.PostForm.Get("status"))
		if !status.Valid() {
			return nil, desk.Invalid("status", "unknown status")
		}
		return update(desk.RequestPatch{Status: &status}), nil
	case "tag":
		tag := strings.TrimSpace(r.PostForm.Get("tag"))
		if tag == "" {
			return nil, desk.Invalid("tags", "is required")
		}
		return func(ctx context.Context, n int64) error {
			req, err := s.store.Request(ctx, a, n)
			if err != nil {
				return err
			}
			tags := append(append([]string{}, req.Tags...), tag)
			_, err = s.store.UpdateRequest(ctx, a, n, desk.RequestPatch{Tags: &tags})
			return err
		}, nil
	}
	return nil, desk.Invalid("action", "unknown action")
}

// formNumbers parses the request numbers a form ticked; at most maxBulk.
func formNumbers(vals []string) ([]int64, error) {
	if len(vals) > maxBulk {
		return nil, desk.Invalid("n", "at most %d requests at once", maxBulk)
	}
	out := make([]int64, 0, len(vals))
	for _, v := range vals {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, desk.Invalid("n", "must be request numbers")
		}
		out = append(out, n)
	}
	return out, nil
}
