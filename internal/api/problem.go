package api

import (
	"encoding/json"
	"net/http"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// titles is the fixed problem title of each error code; statuses come from
// httpx, the one map shared with the web pages.
var titles = map[desk.Code]string{
	desk.CodeInvalid:           "Invalid input",
	desk.CodeNotFound:          "Not found",
	desk.CodeForbidden:         "Forbidden",
	desk.CodeUnauthorized:      "Unauthorized",
	desk.CodeConflict:          "Conflict",
	desk.CodeCloseWithoutReply: "Cannot close without a reply",
	desk.CodeTooLarge:          "Too large",
	desk.CodeInternal:          "Internal error",
	httpx.CodeMalformed:        "Malformed request",
	httpx.CodeMethodNotAllowed: "Method not allowed",
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
	code, status := httpx.Status(err)
	title, ok := titles[code]
	if !ok || code == desk.CodeInternal {
		return problem{Type: problemTypeBase + string(desk.CodeInternal), Title: titles[desk.CodeInternal],
			Status: http.StatusInternalServerError, Detail: "Internal error", Code: desk.CodeInternal}
	}
	e := desk.AsError(err)
	return problem{Type: problemTypeBase + string(code), Title: title, Status: status,
		Detail: e.Message, Code: code, Field: e.Field}
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
