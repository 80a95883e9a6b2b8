package web

import (
	"net/http"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// messages is the catalogue key of the safe message shown for each error code;
// statuses come from httpx, the one map shared with the API.
var messages = map[desk.Code]string{
	desk.CodeInvalid:           "error.invalid",
	desk.CodeNotFound:          "error.not_found",
	desk.CodeForbidden:         "error.forbidden",
	desk.CodeUnauthorized:      "error.unauthorized",
	desk.CodeConflict:          "error.conflict",
	desk.CodeCloseWithoutReply: "error.close_without_reply",
	desk.CodeTooLarge:          "error.too_large",
	desk.CodeInternal:          "error.internal",
	httpx.CodeBadForm:          "error.bad_form",
	httpx.CodeRateLimited:      "error.rate_limited",
}

// problem is how one error is shown: an HTTP status and a catalogue key.
type problem struct {
	status int
	key    string
}

// problemFor returns how err is shown; anything that is not a *desk.Error with
// a known code is internal.
func problemFor(err error) (desk.Code, problem) {
	code, status := httpx.Status(err)
	key, ok := messages[code]
	if !ok {
		return desk.CodeInternal, problem{http.StatusInternalServerError, messages[desk.CodeInternal]}
	}
	return code, problem{status, key}
}

// errorText returns the translated, safe message for err: for invalid input
// the catalogue's own message for the field ("error.invalid.<field>"), else
// one naming the field at fault when the catalogue knows its label.
func errorText(cat catalogue, err error) string {
	code, p := problemFor(err)
	if e := desk.AsError(err); code == desk.CodeInvalid && e != nil {
		if key := "error.invalid." + e.Field; cat.Has(key) {
			return cat.T(key)
		}
		if cat.Has("field." + e.Field) {
			return cat.T("error.invalid_field", cat.T("field."+e.Field))
		}
	}
	return cat.T(p.key)
}

// fail is the one place a handler's error is answered: internal errors are
// logged (never shown), and the user sees a page with the translated message
// and the matching status.
func (s *server) fail(w http.ResponseWriter, r *http.Request, st *reqState, err error) {
	code, p := problemFor(err)
	if code == desk.CodeInternal {
		s.log.ErrorContext(r.Context(), "web: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.render(w, r, st, p.status, "error", st.cat.T("title.error"), errorView{Message: errorText(st.cat, err)})
}

// errorView is the error page's data.
type errorView struct{ Message string }
