package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"time"

	"guichet/internal/desk"
)

// Session lifetimes: a session ends after sessionIdle without use, and after
// sessionMax in any case.
const (
	sessionIdle = 12 * time.Hour
	sessionMax  = 7 * 24 * time.Hour
)

// reqState is what the middleware learns about a request before its handler
// runs: the language, and who is signed in.
type reqState struct {
	lang     desk.Language
	cat      catalogue
	actor    desk.Actor
	signedIn bool
	session  string // the session id from the cookie, when signed in
	pre      string // the pre-session id, the CSRF key before sign-in
}

// csrfKey is the secret the CSRF token is derived from: the session id when
// signed in, the pre-session id otherwise. Both live in HttpOnly cookies.
func (st *reqState) csrfKey() string {
	if st.signedIn {
		return st.session
	}
	return st.pre
}

// requester reports whether a requester is signed in to the portal. A
// requester session never carries an agent's role (the store strips it), so
// an agent's session is never one.
func (st *reqState) requester() bool { return st.signedIn && !st.actor.IsAgent() }

type stateKey struct{}

// stateOf returns the state withState attached to r.
func stateOf(r *http.Request) *reqState {
	st, _ := r.Context().Value(stateKey{}).(*reqState)
	if st == nil {
		st = &reqState{lang: desk.French}
	}
	return st
}

// withState resolves the session and the language of every page request.
// A session cookie that no longer matches a live session is cleared; a
// visitor without a session gets a pre-session cookie to key CSRF tokens.
func (s *server) withState(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{}
		if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
			a, err := s.store.WebSession(r.Context(), hashID(c.Value), sessionIdle)
			switch {
			case err == nil:
				st.actor, st.signedIn, st.session = a, true, c.Value
			case desk.ErrorCode(err) == desk.CodeUnauthorized:
				s.clearCookie(w, s.sessionCookie())
			default:
				s.log.ErrorContext(r.Context(), "web: load session", "err", err)
				http.Error(w, "Internal error", http.StatusInternalServerError)
				return
			}
		}
		if !st.signedIn {
			if c, err := r.Cookie(s.preCookie()); err == nil && len(c.Value) >= 32 {
				st.pre = c.Value
			} else {
				st.pre = newID()
				s.setCookie(w, s.preCookie(), st.pre, 0)
			}
		}
		st.lang = pickLanguage(r, st.actor.Language)
		st.cat = s.cat[st.lang]
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	})
}

// newID returns 256 random bits, base64url-encoded. crypto/rand does not fail.
func newID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashID is what the store keeps of a session id: its SHA-256.
func hashID(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

// sessionCookie and preCookie are the cookie names: with the __Host- prefix
// (Secure, host-only, path /) when served over https.
func (s *server) sessionCookie() string { return s.cookieName("guichet_session") }
func (s *server) preCookie() string     { return s.cookieName("guichet_pre") }

func (s *server) cookieName(base string) string {
	if s.secure {
		return "__Host-" + base
	}
	return base
}

// setCookie sets an HttpOnly, SameSite=Lax cookie on path /; maxAge 0 makes
// it last for the browser session.
func (s *server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// clearCookie tells the browser to forget a cookie.
func (s *server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}
