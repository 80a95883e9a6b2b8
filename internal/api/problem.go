package api

import (
	"encoding/json"
	"net/http"

	"guichet/internal/desk"
)

// Codes the HTTP layer adds to desk's: they describe the request itself, not
// the domain, so they live here.
const (
	codeMalformed        desk.Code = "malformed"          // body is not valid UTF-8 JSON
	codeMethodNotAllowed desk.Code = "method_not_allowed" // known path, other method
)

// statusInfo is the HTTP status and fixed title of one error code.
type statusInfo struct {
	status int
	title  string
}

// statuses is THE map from error code to HTTP status. A code missing here is
// answered as internal.
var statuses = map[desk.Code]statusInfo{
	desk.CodeInvalid:           {http.StatusUnprocessableEntity, "Invalid input"},
	desk.CodeNotFound:          {http.StatusNotFound, "Not found"},
	desk.CodeForbidden:         {http.StatusForbidden, "Forbidden"},
	desk.CodeUnauthorized:      {http.StatusUnauthorized, "Unauthorized"},
	desk.CodeConflict:          {http.StatusConflict, "Conflict"},
	desk.CodeCloseWithoutReply: {http.StatusConflict, "Cannot close without a reply"},
	desk.CodeTooLarge:          {http.StatusRequestEntityTooLarge, "Too large"},
	desk.CodeInternal:          {http.StatusInternalServerError, "Internal error"},
	codeMalformed:              {http.StatusBadRequest, "Malformed request"},
	codeMethodNotAllowed:       {http.StatusMethodNotAllowed, "Method not allowed"},
}

// problemTypeBase prefixes the problem code to make the RFC 9457 type URI.
const problemTypeBase = "urn:guichet:problem:"

// problem is an RFC 9457 problem details document.
type problem struct {
	Type   string    `json:"type"`
	Title  string    `json:"title"`
	Status int       `json:"status"`
	Detail string    `json:"detail"`
	Code   desk.Code `json:"code"`
	Field  string    `json:"field,omitempty"` // the input field at fault, for "invalid"
}

// problemFor turns err into the problem to show. Anything that is not a
// *desk.Error with a known code becomes the opaque internal problem.
func problemFor(err error) problem {
	e := desk.AsError(err)
	info, ok := statusInfo{}, false
	if e != nil {
		info, ok = statuses[e.Code]
	}
	if !ok || e.Code == desk.CodeInternal {
		info := statuses[desk.CodeInternal]
		return problem{Type: problemTypeBase + string(desk.CodeInternal), Title: info.title,
			Status: info.status, Detail: "Internal error", Code: desk.CodeInternal}
	}
	return problem{Type: problemTypeBase + string(e.Code), Title: info.title, Status: info.status,
		Detail: e.Message, Code: e.Code, Field: e.Field}
}

// writeError is the one place errors are answered: it writes err as
// application/problem+json and logs internal errors with the request's method
// and path (their details are never shown to the client).
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Code == desk.CodeInternal {
		s.log.ErrorContext(r.Context(), "api: internal error",
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="guichet"`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p) // the client went away; nothing left to tell it
}

// writeJSON answers v as JSON with the given status. An encoding failure is
// logged: the status line is already sent.
func (s *server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.log.WarnContext(r.Context(), "api: write response", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}
