package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// dueLayout is how a datetime-local field sends a time: the server's local
// time, as every time on the pages is shown.
const dueLayout = "2006-01-02T15:04"

// handleOpenConsult asks another department about the request, which keeps
// its owner and now waits on that department.
func (s *server) handleOpenConsult(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	dept, _ := strconv.ParseInt(f.Get("department"), 10, 64)
	form := formState{Which: "consult", Dept: dept, Body: f.Get("question")}
	return s.act(w, r, st, form, func(ctx context.Context, n int64) (string, error) {
		c, err := s.store.OpenConsult(ctx, st.actor, n, commit.NewConsult{ToDepartmentID: dept, Question: f.Get("question")})
		if err != nil {
			return "", s.ownDepartment(ctx, st.actor, n, dept, err)
		}
		return st.cat.T("flash.consulted", c.ToDepartment), nil
	})
}

// ownDepartment turns the refusal to consult the request's own department
// into its own message ("error.invalid.consult_owner"); other errors stay.
func (s *server) ownDepartment(ctx context.Context, a desk.Actor, n, dept int64, err error) error {
	if e := desk.AsError(err); e == nil || e.Code != desk.CodeInvalid || e.Field != "to_department_id" || dept == 0 {
		return err
	}
	if r, rerr := s.store.Request(ctx, a, n); rerr == nil && r.DepartmentID == dept {
		return desk.Invalid("consult_owner", "%s", desk.AsError(err).Message)
	}
	return err
}

// handleAnswerConsult records the consulted department's answer; a final
// one closes the consult (the box is ticked by default).
func (s *server) handleAnswerConsult(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return desk.NotFound("consult")
	}
	form := formState{Which: "answer", ID: id, Body: f.Get("answer")}
	return s.act(w, r, st, form, func(ctx context.Context, n int64) (string, error) {
		in := commit.ConsultAnswer{Answer: f.Get("answer"), Final: f.Get("final") != ""}
		if _, err := s.store.AnswerConsult(ctx, st.actor, n, id, in); err != nil {
			return "", err
		}
		return st.cat.T("flash.consult_answered"), nil
	})
}

// handleMakePromise records a promise to the requester, due at the local
// time typed in the form.
func (s *server) handleMakePromise(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	form := formState{Which: "promise", Body: f.Get("text"), Due: f.Get("due")}
	return s.act(w, r, st, form, func(ctx context.Context, n int64) (string, error) {
		var due time.Time
		if v := strings.TrimSpace(f.Get("due")); v != "" {
			var err error
			if due, err = time.ParseInLocation(dueLayout, v, time.Local); err != nil {
				return "", desk.Invalid("due_at", "must be a date and time")
			}
		}
		if _, err := s.store.MakePromise(ctx, st.actor, n, commit.NewPromise{Text: f.Get("text"), DueAt: due}); err != nil {
			return "", err
		}
		return st.cat.T("flash.promised"), nil
	})
}

// handleKeepPromise records that a promise was kept now (kept late: broken).
func (s *server) handleKeepPromise(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return desk.NotFound("promise")
	}
	return s.act(w, r, st, formState{Which: "keep", ID: id}, func(ctx context.Context, n int64) (string, error) {
		p, err := s.store.KeepPromise(ctx, st.actor, n, id)
		if err != nil {
			return "", err
		}
		return st.cat.T("flash.promise_" + string(p.State)), nil
	})
}
