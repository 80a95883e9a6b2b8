// Package httpx holds what Guichet's HTTP surfaces (the JSON API and the web
// pages) must answer the same way: the one map from error codes to HTTP
// statuses, and the sandboxed download of an attachment.
package httpx

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"guichet/internal/desk"
)

// Codes the HTTP layer adds to desk's: they describe the HTTP request itself,
// not the domain.
const (
	CodeMalformed        desk.Code = "malformed"          // body is not valid UTF-8 JSON or form
	CodeMethodNotAllowed desk.Code = "method_not_allowed" // known path, other method
	CodeBadForm          desk.Code = "bad_form"           // form post without a valid CSRF token
	CodeRateLimited      desk.Code = "rate_limited"       // too many attempts (sign-in)
)

// statuses is THE map from error code to HTTP status.
var statuses = map[desk.Code]int{
	desk.CodeInvalid:           http.StatusUnprocessableEntity,
	desk.CodeNotFound:          http.StatusNotFound,
	desk.CodeForbidden:         http.StatusForbidden,
	desk.CodeUnauthorized:      http.StatusUnauthorized,
	desk.CodeConflict:          http.StatusConflict,
	desk.CodeCloseWithoutReply: http.StatusConflict,
	desk.CodeTooLarge:          http.StatusRequestEntityTooLarge,
	desk.CodeInternal:          http.StatusInternalServerError,
	CodeMalformed:              http.StatusBadRequest,
	CodeMethodNotAllowed:       http.StatusMethodNotAllowed,
	CodeBadForm:                http.StatusForbidden,
	CodeRateLimited:            http.StatusTooManyRequests,
}

// Status returns err's code and its HTTP status. Anything that is not a
// *desk.Error with a known code is (CodeInternal, 500): its details are never
// shown to the client.
func Status(err error) (desk.Code, int) {
	code := desk.ErrorCode(err)
	if s, ok := statuses[code]; ok {
		return code, s
	}
	return desk.CodeInternal, http.StatusInternalServerError
}

// ServeAttachment sends an attachment's content as a download in a sandbox,
// never rendered as a page of this origin, so a hostile HTML or SVG file cannot
// run here. The error is the copy's: the status line is already sent by then.
func ServeAttachment(w http.ResponseWriter, att *desk.Attachment, content io.Reader) error {
	h := w.Header()
	ct := att.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" {
		ct = "application/octet-stream"
	}
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": att.Filename})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", fmt.Sprintf("%q", att.SHA256))
	w.WriteHeader(http.StatusOK)
	_, err := io.Copy(w, content)
	return err
}
