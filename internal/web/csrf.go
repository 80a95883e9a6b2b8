package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// csrfField is the name of the hidden form field carrying the token.
const csrfField = "csrf"

// csrfToken returns the token forms carry: an HMAC of the session (or
// pre-session) id, which only this browser's HttpOnly cookie holds.
func csrfToken(st *reqState) string {
	m := hmac.New(sha256.New, []byte(st.csrfKey()))
	m.Write([]byte("guichet csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkPost parses a form post and rejects it unless it is same-origin (by
// Sec-Fetch-Site/Origin, when the browser sends them) and carries the token of
// this browser's session. A body over max is CodeTooLarge.
func checkPost(w http.ResponseWriter, r *http.Request, st *reqState, max int64) error {
	if err := (&http.CrossOriginProtection{}).Check(r); err != nil {
		return desk.Errorf(httpx.CodeBadForm, "cross-origin form post")
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(8 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return desk.Errorf(desk.CodeTooLarge, "the form is larger than %d bytes", tooBig.Limit)
		}
		return desk.Errorf(httpx.CodeBadForm, "unreadable form")
	}
	got := r.PostForm.Get(csrfField)
	if st.csrfKey() == "" || !hmac.Equal([]byte(got), []byte(csrfToken(st))) {
		return desk.Errorf(httpx.CodeBadForm, "missing or wrong CSRF token")
	}
	return nil
}
