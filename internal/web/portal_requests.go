package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// done lists the statuses of requests whose work is over.
var done = []desk.Status{desk.StatusSolved, desk.StatusClosed}

// portalListView is the data of the requester's list of requests.
type portalListView struct {
	Show     string // "open" or "closed"
	Q        string
	Requests []desk.Request
	Shared   bool   // the organisation shares its requests: others' are listed too
	Next     string // the next page's URL, "" on the last
}

// handlePortalRequests lists the requester's requests (and their
// organisation's when it shares them), open ones or closed ones, newest
// activity first.
func (s *server) handlePortalRequests(w http.ResponseWriter, r *http.Request, st *reqState) error {
	q := r.URL.Query()
	v := portalListView{Show: q.Get("show"), Q: strings.TrimSpace(q.Get("q")), Shared: st.actor.OrgShared}
	f := desk.RequestFilter{Query: v.Q, Cursor: q.Get("cursor"), Limit: 25}
	switch v.Show {
	case "", "open":
		v.Show, f.Status = "open", active
	case "closed":
		f.Status = done
	default:
		return desk.Invalid("show", "must be open or closed")
	}
	page, err := s.store.ListRequests(r.Context(), st.actor, f)
	if err != nil {
		return err
	}
	v.Requests = page.Requests
	if page.NextCursor != "" {
		v.Next = "/portal/requests?" + url.Values{"show": {v.Show}, "q": {v.Q}, "cursor": {page.NextCursor}}.Encode()
	}
	s.render(w, r, st, http.StatusOK, "portal_requests", st.cat.T("portal.title.requests"), v)
	return nil
}

// portalRequestView is the data of a request's page in the portal.
type portalRequestView struct {
	R        *desk.RequestDetail
	Mine     bool          // the signed-in requester opened it (else a colleague of their organisation)
	Expect   []expectation // what the service standard lets them expect
	Promises []commit.Promise
	History  []eventView // public events, messages aside
	Error    string      // the reply form's error
	Body     string      // what was typed in the reply form
}

// handlePortalRequest shows one of the requester's requests: its public
// conversation, who handles it, what they can expect and what was promised.
// Another's request and a request that does not exist give the same page.
func (s *server) handlePortalRequest(w http.ResponseWriter, r *http.Request, st *reqState) error {
	n, err := pathNumber(r)
	if err != nil {
		return err
	}
	return s.showPortalRequest(w, r, st, n, http.StatusOK, "", "")
}

// showPortalRequest renders request n; errText and body carry a refused reply back.
func (s *server) showPortalRequest(w http.ResponseWriter, r *http.Request, st *reqState, n int64, status int, errText, body string) error {
	ctx := r.Context()
	d, err := s.store.Request(ctx, st.actor, n)
	if err != nil {
		return err
	}
	promises, err := s.store.Promises(ctx, st.actor, n)
	if err != nil {
		return err
	}
	v := portalRequestView{R: d, Mine: d.RequesterID == st.actor.PersonID, Expect: expectations(st.cat, d),
		Promises: promises, History: portalHistory(st.cat, d), Error: errText, Body: body}
	s.render(w, r, st, status, "portal_request", st.cat.T("title.request", d.Number, d.Subject), v)
	return nil
}

// handlePortalReply adds the requester's message, with attachments, to their
// request. A refused message shows the page again with the reason and what
// was typed.
func (s *server) handlePortalReply(w http.ResponseWriter, r *http.Request, st *reqState) error {
	n, err := pathNumber(r)
	if err != nil {
		return err
	}
	body := r.PostForm.Get("body")
	atts, err := formAttachments(r)
	if err == nil {
		_, err = s.store.AddMessage(r.Context(), st.actor, n, desk.NewMessage{Visibility: desk.Public, Body: body, Attachments: atts})
	}
	if err != nil {
		code, p := problemFor(err)
		if code == desk.CodeInternal || code == desk.CodeNotFound {
			return err
		}
		return s.showPortalRequest(w, r, st, n, p.status, errorText(st.cat, err), body)
	}
	s.setFlash(w, false, st.cat.T("portal.flash.sent"))
	http.Redirect(w, r, fmt.Sprintf("/portal/requests/%d", n), http.StatusSeeOther)
	return nil
}
