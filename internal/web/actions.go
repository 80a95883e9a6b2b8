package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// action is one form of the request page: it changes request n and returns
// the translated confirmation to flash.
type action func(ctx context.Context, n int64) (string, error)

// act runs a request-page form. On success it redirects to the request with a
// confirmation; when the change is refused (invalid, conflict, close without
// reply…) it shows the page again with the translated reason beside the form
// and what was typed.
func (s *server) act(w http.ResponseWriter, r *http.Request, st *reqState, form formState, do action) error {
	n, err := pathNumber(r)
	if err != nil {
		return err
	}
	done, err := do(r.Context(), n)
	if err != nil {
		code, p := problemFor(err)
		if code == desk.CodeInternal || code == desk.CodeNotFound {
			return err
		}
		form.Error = errorText(st.cat, err)
		return s.showRequest(w, r, st, n, p.status, form)
	}
	s.setFlash(w, false, done)
	http.Redirect(w, r, fmt.Sprintf("/requests/%d", n), http.StatusSeeOther)
	return nil
}

// handleReply adds a public reply, then optionally sets a status (for
// example "waiting on requester" or "solved").
func (s *server) handleReply(w http.ResponseWriter, r *http.Request, st *reqState) error {
	body, then := r.PostForm.Get("body"), r.PostForm.Get("then_status")
	form := formState{Which: "reply", Body: body, Status: then}
	return s.act(w, r, st, form, func(ctx context.Context, n int64) (string, error) {
		var status desk.Status
		if then != "" {
			if status = desk.Status(then); !status.Valid() {
				return "", desk.Invalid("status", "unknown status")
			}
		}
		atts, err := formAttachments(r)
		if err != nil {
			return "", err
		}
		in := desk.NewMessage{Visibility: desk.Public, Body: body, Attachments: atts}
		if _, err := s.store.AddMessage(ctx, st.actor, n, in); err != nil {
			return "", err
		}
		s.stopWriting(r, st, n)
		if status == "" {
			return st.cat.T("flash.reply_sent"), nil
		}
		if _, err := s.store.UpdateRequest(ctx, st.actor, n, desk.RequestPatch{Status: &status}); err != nil {
			return st.cat.T("flash.reply_sent_status_failed", errorText(st.cat, err)), nil
		}
		return st.cat.T("flash.reply_sent"), nil
	})
}

// handleNote adds an internal note, never shown to the requester.
func (s *server) handleNote(w http.ResponseWriter, r *http.Request, st *reqState) error {
	body := r.PostForm.Get("body")
	return s.act(w, r, st, formState{Which: "note", Body: body}, func(ctx context.Context, n int64) (string, error) {
		atts, err := formAttachments(r)
		if err != nil {
			return "", err
		}
		in := desk.NewMessage{Visibility: desk.Internal, Body: body, Attachments: atts}
		if _, err := s.store.AddMessage(ctx, st.actor, n, in); err != nil {
			return "", err
		}
		s.stopWriting(r, st, n)
		return st.cat.T("flash.note_added"), nil
	})
}

// handleUpdate changes status, priority, tags and contact reason; only what
// differs from the request is sent, so the timeline records real changes.
func (s *server) handleUpdate(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	return s.act(w, r, st, formState{Which: "update", Status: f.Get("status")}, func(ctx context.Context, n int64) (string, error) {
		cur, err := s.store.Request(ctx, st.actor, n)
		if err != nil {
			return "", err
		}
		var p desk.RequestPatch
		if v := desk.Status(f.Get("status")); v != "" && v != cur.Status {
			p.Status = &v
		}
		if v := desk.Priority(f.Get("priority")); v != "" && v != cur.Priority {
			p.Priority = &v
		}
		if f.Has("tags") {
			tags := strings.FieldsFunc(f.Get("tags"), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
			if strings.Join(tags, " ") != strings.Join(cur.Tags, " ") {
				p.Tags = &tags
			}
		}
		if v := strings.TrimSpace(f.Get("contact_reason")); f.Has("contact_reason") && v != cur.ContactReason {
			p.ContactReason = &v
		}
		if p == (desk.RequestPatch{}) {
			return st.cat.T("flash.nothing_changed"), nil
		}
		if _, err := s.store.UpdateRequest(ctx, st.actor, n, p); err != nil {
			return "", err
		}
		return st.cat.T("flash.updated"), nil
	})
}

// handleAssign gives the request to an agent ("me", an id) or to nobody ("").
func (s *server) handleAssign(w http.ResponseWriter, r *http.Request, st *reqState) error {
	return s.act(w, r, st, formState{Which: "assign"}, func(ctx context.Context, n int64) (string, error) {
		var id int64
		switch v := r.PostForm.Get("agent"); v {
		case "":
		case "me":
			id = st.actor.PersonID
		default:
			var err error
			if id, err = strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
				return "", desk.Invalid("agent_id", "must be an agent")
			}
		}
		if _, err := s.store.UpdateRequest(ctx, st.actor, n, desk.RequestPatch{AgentID: &id}); err != nil {
			return "", err
		}
		return st.cat.T("flash.assigned"), nil
	})
}

// handleHandoff hands the request to another department, optionally to one of
// its agents, with a reason the timeline keeps.
func (s *server) handleHandoff(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	dept, _ := strconv.ParseInt(f.Get("department"), 10, 64)
	form := formState{Which: "handoff", Reason: f.Get("reason"), Dept: dept}
	return s.act(w, r, st, form, func(ctx context.Context, n int64) (string, error) {
		in := desk.NewHandoff{ToDepartmentID: dept, Reason: f.Get("reason")}
		if v := f.Get("agent"); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return "", desk.Invalid("to_agent_id", "must be an agent")
			}
			in.ToAgentID = id
		}
		h, err := s.store.Handoff(ctx, st.actor, n, in)
		if err != nil {
			return "", err
		}
		return st.cat.T("flash.handed_off", h.ToDepartment), nil
	})
}

// handleMerge closes the request as a duplicate of another.
func (s *server) handleMerge(w http.ResponseWriter, r *http.Request, st *reqState) error {
	into := strings.TrimPrefix(strings.TrimSpace(r.PostForm.Get("into")), "#")
	return s.act(w, r, st, formState{Which: "merge", Into: into}, func(ctx context.Context, n int64) (string, error) {
		to, err := strconv.ParseInt(into, 10, 64)
		if err != nil || to <= 0 {
			return "", desk.Invalid("into", "must be a request number")
		}
		if _, err := s.store.Merge(ctx, st.actor, n, desk.MergeInput{Into: to}); err != nil {
			if desk.ErrorCode(err) == desk.CodeNotFound {
				return "", desk.Invalid("into", "no such request")
			}
			return "", err
		}
		return st.cat.T("flash.merged", to), nil
	})
}

// formAttachments reads the files of a multipart form post.
func formAttachments(r *http.Request) ([]desk.NewAttachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []desk.NewAttachment
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, fmt.Errorf("web: open upload: %w", err)
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("web: read upload: %w", err)
		}
		out = append(out, desk.NewAttachment{Filename: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Content: b})
	}
	return out, nil
}
