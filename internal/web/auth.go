package web

import (
	"crypto/sha256"
	"net"
	"net/http"
	"strings"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// Login limits: after loginMaxPerEmail failures for one address from one IP
// (or loginMaxPerIP failures from one IP, whatever the address) within
// loginWindow, sign-in from there is refused until the window has passed.
const (
	loginWindow      = 15 * time.Minute
	loginMaxPerEmail = 5
	loginMaxPerIP    = 50
)

// loginView is the sign-in page's data.
type loginView struct {
	Email, Next, Error string
}

// handleHome sends agents to their inbox, requesters to the portal and
// everyone else to the sign-in page.
func (s *server) handleHome(w http.ResponseWriter, r *http.Request, st *reqState) error {
	switch {
	case st.signedIn && st.actor.IsAgent():
		http.Redirect(w, r, "/inbox", http.StatusSeeOther)
	case st.requester():
		http.Redirect(w, r, "/portal/requests", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	}
	return nil
}

// handleLoginForm shows the sign-in form (or goes on if already signed in).
func (s *server) handleLoginForm(w http.ResponseWriter, r *http.Request, st *reqState) error {
	next := localPath(r.URL.Query().Get("next"), "/inbox")
	if st.signedIn && st.actor.IsAgent() {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	s.render(w, r, st, http.StatusOK, "login", st.cat.T("title.login"), loginView{Next: next})
	return nil
}

// handleLogin checks the email and password, within the rate limit, and on
// success starts a fresh session and goes to the page asked for.
func (s *server) handleLogin(w http.ResponseWriter, r *http.Request, st *reqState) error {
	email := strings.TrimSpace(r.PostForm.Get("email"))
	v := loginView{Email: email, Next: localPath(r.PostForm.Get("next"), "/inbox")}
	ctx := r.Context()
	ip := clientIP(r)
	keys := [][]byte{limitKey("email", ip, strings.ToLower(email)), limitKey("ip", ip)}
	for i, max := range []int{loginMaxPerEmail, loginMaxPerIP} {
		n, err := s.store.LoginFailures(ctx, keys[i], loginWindow)
		if err != nil {
			return err
		}
		if n >= max {
			v.Error = st.cat.T("error.rate_limited")
			s.render(w, r, st, http.StatusTooManyRequests, "login", st.cat.T("title.login"), v)
			return nil
		}
	}
	a, err := s.store.CheckPassword(ctx, email, r.PostForm.Get("password"))
	if desk.ErrorCode(err) == desk.CodeUnauthorized || err == nil && !a.IsAgent() {
		for _, k := range keys {
			if err := s.store.RecordLoginFailure(ctx, k); err != nil {
				return err
			}
		}
		v.Error = st.cat.T("login.wrong")
		s.render(w, r, st, http.StatusUnauthorized, "login", st.cat.T("title.login"), v)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return err
	}
	if st.signedIn { // signing in again, maybe as someone else: the old session ends
		if err := s.store.DeleteWebSession(ctx, hashID(st.session)); err != nil {
			return err
		}
	}
	id := newID()
	if err := s.store.CreateWebSession(ctx, hashID(id), a.PersonID, store.WebSessionAgent, sessionIdle, sessionMax); err != nil {
		return err
	}
	s.setCookie(w, s.sessionCookie(), id, sessionMax)
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
	return nil
}

// handleLogout ends this browser's session; a requester returns to the
// portal's sign-in page.
func (s *server) handleLogout(w http.ResponseWriter, r *http.Request, st *reqState) error {
	if st.signedIn {
		if err := s.store.DeleteWebSession(r.Context(), hashID(st.session)); err != nil {
			return err
		}
	}
	s.clearCookie(w, s.sessionCookie())
	dest := "/login"
	if st.requester() {
		dest = "/portal/login"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

// handleLogoutEverywhere ends every session of the signed-in person, on every
// device.
func (s *server) handleLogoutEverywhere(w http.ResponseWriter, r *http.Request, st *reqState) error {
	if err := s.store.DeleteWebSessions(r.Context(), st.actor.PersonID); err != nil {
		return err
	}
	s.clearCookie(w, s.sessionCookie())
	s.setFlash(w, false, st.cat.T("flash.signed_out_everywhere"))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// handleLanguage remembers the language picked with the switch for a year and
// returns to the page it was picked on.
func (s *server) handleLanguage(w http.ResponseWriter, r *http.Request, st *reqState) error {
	l, ok := parseLanguage(r.PostForm.Get("lang"))
	if !ok {
		return desk.Invalid("lang", "must be fr-CA or en")
	}
	s.setCookie(w, langCookie, string(l), 365*24*time.Hour)
	http.Redirect(w, r, localPath(r.PostForm.Get("next"), "/"), http.StatusSeeOther)
	return nil
}

// clientIP is the address the connection comes from. Behind a proxy this is
// the proxy's; the per-email limit then applies across all clients.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limitKey hashes the parts of a rate-limit key so no address is stored in clear.
func limitKey(parts ...string) []byte {
	h := sha256.Sum256([]byte("login\x00" + strings.Join(parts, "\x00")))
	return h[:]
}
