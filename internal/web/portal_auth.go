package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// Sign-in links: a link works once, within linkTTL. At most linkMaxPerEmail
// links are mailed to one address (whoever asks) and linkMaxPerIP asked from
// one IP within linkWindow, so the form can neither flood a mailbox nor probe
// addresses in bulk.
const (
	linkTTL         = 20 * time.Minute
	linkWindow      = time.Hour
	linkMaxPerEmail = 3
	linkMaxPerIP    = 20
)

// portalLoginView is the data of the portal's sign-in page and of the page
// that follows it ("check your mail").
type portalLoginView struct {
	Email, Next, Error string
}

// portalLinkView is the data of the page a sign-in link opens: the button
// that signs in, or why the link no longer works.
type portalLinkView struct {
	Token string
	Next  string
	State store.SignInLinkState
}

// handlePortalHome sends a signed-in requester to their requests and anyone
// else to the portal's sign-in page.
func (s *server) handlePortalHome(w http.ResponseWriter, r *http.Request, st *reqState) error {
	if st.requester() {
		http.Redirect(w, r, "/portal/requests", http.StatusSeeOther)
	} else {
		http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
	}
	return nil
}

// handlePortalLoginForm asks for the address to send a sign-in link to.
func (s *server) handlePortalLoginForm(w http.ResponseWriter, r *http.Request, st *reqState) error {
	next := portalPath(r.URL.Query().Get("next"))
	if st.requester() {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	s.render(w, r, st, http.StatusOK, "portal_login", st.cat.T("portal.title.login"), portalLoginView{Next: next})
	return nil
}

// handlePortalSendLink mails a sign-in link if somebody has the address, and
// answers the same whether or not anybody does: the page never tells which
// addresses are known. Sends count against the limits whatever the address.
func (s *server) handlePortalSendLink(w http.ResponseWriter, r *http.Request, st *reqState) error {
	ctx := r.Context()
	v := portalLoginView{Email: strings.TrimSpace(r.PostForm.Get("email")), Next: portalPath(r.PostForm.Get("next"))}
	email, err := desk.NormalizeEmail(v.Email)
	if err != nil {
		v.Error = st.cat.T("portal.login.bad_email")
		s.render(w, r, st, http.StatusUnprocessableEntity, "portal_login", st.cat.T("portal.title.login"), v)
		return nil
	}
	ip := clientIP(r)
	ok, err := s.withinLimits(ctx, []limit{
		{limitKey("portal-link-email", email), linkMaxPerEmail, linkWindow},
		{limitKey("portal-link-ip", ip), linkMaxPerIP, linkWindow},
	})
	if err != nil {
		return err
	}
	if !ok {
		v.Error = st.cat.T("portal.login.rate_limited")
		s.render(w, r, st, http.StatusTooManyRequests, "portal_login", st.cat.T("portal.title.login"), v)
		return nil
	}
	if s.publicURL == "" {
		return desk.Errorf(desk.CodeInternal, "web: no public URL configured: sign-in links cannot be mailed")
	}
	token := newID()
	_, err = s.store.CreateSignInLink(ctx, store.NewSignInLink{Email: email, TokenHash: hashID(token), TTL: linkTTL,
		URL: signInURL(s.publicURL, token, v.Next)})
	if err != nil && desk.ErrorCode(err) != desk.CodeNotFound {
		return err
	}
	s.render(w, r, st, http.StatusOK, "portal_sent", st.cat.T("portal.title.sent"), v)
	return nil
}

// signInURL is the link to the site at base for token, returning to next
// after sign-in.
func signInURL(base, token, next string) string {
	u := strings.TrimRight(base, "/") + "/portal/link?t=" + url.QueryEscape(token)
	if next != "/portal/requests" {
		u += "&next=" + url.QueryEscape(next)
	}
	return u
}

// SignInURL returns a fresh sign-in link to the portal for the person who has
// email, valid once within the usual time, built on publicURL; it mails
// nothing (the command line prints it). CodeNotFound if nobody has the
// address.
func SignInURL(ctx context.Context, st *store.Store, publicURL, email string) (string, error) {
	token := newID()
	if _, err := st.CreateSignInLink(ctx, store.NewSignInLink{Email: email, TokenHash: hashID(token), TTL: linkTTL}); err != nil {
		return "", err
	}
	return signInURL(publicURL, token, "/portal/requests"), nil
}

// handlePortalLink shows the page a sign-in link opens. Following the link
// does not sign in (mail scanners follow links too): its button does.
func (s *server) handlePortalLink(w http.ResponseWriter, r *http.Request, st *reqState) error {
	q := r.URL.Query()
	v := portalLinkView{Token: q.Get("t"), Next: portalPath(q.Get("next")), State: store.SignInLinkUnknown}
	if v.Token != "" && len(v.Token) <= 100 {
		var err error
		if v.State, err = s.store.SignInLinkStatus(r.Context(), hashID(v.Token)); err != nil {
			return err
		}
	}
	s.showLink(w, r, st, v)
	return nil
}

// handlePortalSignIn uses a sign-in link: on its first use within its time
// it starts a requester session (ending any other of this browser) and goes
// on; otherwise it says why it no longer works.
func (s *server) handlePortalSignIn(w http.ResponseWriter, r *http.Request, st *reqState) error {
	ctx := r.Context()
	v := portalLinkView{Token: r.PostForm.Get("t"), Next: portalPath(r.PostForm.Get("next")), State: store.SignInLinkUnknown}
	var personID int64
	if v.Token != "" && len(v.Token) <= 100 {
		var err error
		if personID, v.State, err = s.store.UseSignInLink(ctx, hashID(v.Token)); err != nil {
			return err
		}
	}
	if v.State != store.SignInLinkValid {
		s.showLink(w, r, st, v)
		return nil
	}
	if st.signedIn {
		if err := s.store.DeleteWebSession(ctx, hashID(st.session)); err != nil {
			return err
		}
	}
	id := newID()
	if err := s.store.CreateWebSession(ctx, hashID(id), personID, store.WebSessionRequester, sessionIdle, sessionMax); err != nil {
		return err
	}
	s.setCookie(w, s.sessionCookie(), id, sessionMax)
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
	return nil
}

// showLink renders the sign-in link page: 200 with the button for a link
// that works, 410 for a used or expired one, 404 for an unknown one.
func (s *server) showLink(w http.ResponseWriter, r *http.Request, st *reqState, v portalLinkView) {
	status := map[store.SignInLinkState]int{store.SignInLinkValid: http.StatusOK, store.SignInLinkUsed: http.StatusGone,
		store.SignInLinkExpired: http.StatusGone}[v.State]
	if status == 0 {
		status = http.StatusNotFound
	}
	if v.State != store.SignInLinkValid {
		v.Token = ""
	}
	s.render(w, r, st, status, "portal_link", st.cat.T("portal.title.link"), v)
}

// portalPath returns p if it is a portal page of this site, else the list of
// one's requests: sign-in never leads elsewhere.
func portalPath(p string) string {
	const home = "/portal/requests"
	p = localPath(p, home)
	if !strings.HasPrefix(p, "/portal/") {
		return home
	}
	return p
}

// portalLoginURL is the portal's sign-in page, returning to next afterwards.
func portalLoginURL(next string) string {
	if next == "" {
		return "/portal/login"
	}
	return "/portal/login?next=" + url.QueryEscape(next)
}

// limit is one rate limit: at most max events under key within window.
type limit struct {
	key    []byte
	max    int
	window time.Duration
}

// withinLimits reports whether every limit has room for one more event, and
// if so records the event under each of them.
func (s *server) withinLimits(ctx context.Context, limits []limit) (bool, error) {
	for _, l := range limits {
		n, err := s.store.LoginFailures(ctx, l.key, l.window)
		if err != nil {
			return false, err
		}
		if n >= l.max {
			return false, nil
		}
	}
	for _, l := range limits {
		if err := s.store.RecordLoginFailure(ctx, l.key); err != nil {
			return false, err
		}
	}
	return true, nil
}
