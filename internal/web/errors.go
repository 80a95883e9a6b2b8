package web

import (
	"net/http"

	"guichet/internal/desk"
)

// codeRateLimited is the web's own code for a sign-in refused because of too
// many recent failures.
const codeRateLimited desk.Code = "rate_limited"

// problem is how one error code is shown: an HTTP status and the catalogue key
// of a message safe to show.
type problem struct {
	status int
	key    string
}

// problems is THE map from error code to status and translated message. A code
// missing here is shown as an internal error.
var problems = map[desk.Code]problem{
	desk.CodeInvalid:           {http.StatusUnprocessableEntity, "error.invalid"},
	desk.CodeNotFound:          {http.StatusNotFound, "error.not_found"},
	desk.CodeForbidden:         {http.StatusForbidden, "error.forbidden"},
	desk.CodeUnauthorized:      {http.StatusUnauthorized, "error.unauthorized"},
	desk.CodeConflict:          {http.StatusConflict, "error.conflict"},
	desk.CodeCloseWithoutReply: {http.StatusConflict, "error.close_without_reply"},
	desk.CodeTooLarge:          {http.StatusRequestEntityTooLarge, "error.too_large"},
	desk.CodeInternal:          {http.StatusInternalServerError, "error.internal"},
	codeBadForm:                {http.StatusForbidden, "error.bad_form"},
	codeRateLimited:            {http.StatusTooManyRequests, "error.rate_limited"},
}

// problemFor returns how err is shown; anything that is not a *desk.Error with
// a known code is internal.
func problemFor(err error) (desk.Code, problem) {
	code := desk.ErrorCode(err)
	p, ok := problems[code]
	if !ok {
		return desk.CodeInternal, problems[desk.CodeInternal]
	}
	return code, p
}

// errorText returns the translated, safe message for err: for invalid input it
// names the field at fault when the catalogue knows its label.
func errorText(cat catalogue, err error) string {
	code, p := problemFor(err)
	if code == desk.CodeInvalid {
		if e := desk.AsError(err); e != nil && cat.Has("field."+e.Field) {
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
