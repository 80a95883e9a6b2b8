package web

import (
	"fmt"
	"net/http"
	"net/url"

	"guichet/internal/desk"
)

// contentSecurityPolicy allows only this origin's scripts, styles and images
// (and data: images): no inline script, no framing, forms post only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response carries. Handlers may
// tighten them (attachments do).
func securityHeaders(secure bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// wrap turns a route into an http.Handler: it sends signed-out visitors of
// agent pages to the sign-in page (and of portal pages to the portal's), checks every POST (same origin, CSRF token,
// size), runs the handler and shows its error.
func (s *server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, st, fmt.Errorf("web: panic: %v", v))
			}
		}()
		w.Header().Set("Cache-Control", "no-store")
		if rt.access == requesterOnly && !st.requester() {
			next := ""
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, portalLoginURL(next), http.StatusSeeOther)
			return
		}
		if (rt.access == agentOnly || rt.access == adminOnly) && !(st.signedIn && st.actor.IsAgent()) {
			next := ""
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
			return
		}
		if rt.access == adminOnly && !st.actor.IsAdmin() {
			s.fail(w, r, st, desk.Forbidden("admins only"))
			return
		}
		if r.Method == http.MethodPost {
			defer removeUploads(r)
			if err := checkPost(w, r, st, s.maxUpload); err != nil {
				s.fail(w, r, st, err)
				return
			}
		}
		if err := rt.handle(w, r, st); err != nil {
			s.fail(w, r, st, err)
		}
	})
}

// removeUploads deletes the temporary files of a multipart form. The server
// does this only for the request it created, not for the copy that carries
// this package's context.
func removeUploads(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// loginURL is the sign-in page, returning to next afterwards.
func loginURL(next string) string {
	if next == "" || next == "/" {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(next)
}

// localPath returns p if it is a path on this site ("/x", not "//host" or a
// full URL), else fallback: redirects never leave the site.
func localPath(p, fallback string) string {
	if len(p) == 0 || p[0] != '/' || len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return fallback
	}
	return p
}

// notFoundFallback answers paths and methods no route serves with the
// translated error page (404 or 405) instead of the mux's plain text.
func (s *server) notFoundFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		st := stateOf(r)
		probe := &headerOnly{header: http.Header{}}
		mux.ServeHTTP(probe, r)
		if allow := probe.header.Get("Allow"); allow != "" && probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", allow)
			s.render(w, r, st, http.StatusMethodNotAllowed, "error", st.cat.T("title.error"),
				errorView{Message: st.cat.T("error.method")})
			return
		}
		s.fail(w, r, st, desk.NotFound("page"))
	})
}

// headerOnly records the status and headers a handler writes, discarding the body.
type headerOnly struct {
	header http.Header
	status int
}

func (h *headerOnly) Header() http.Header         { return h.header }
func (h *headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerOnly) WriteHeader(code int)        { h.status = code }
