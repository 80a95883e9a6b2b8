// Package api serves Guichet's JSON API under /api/v1: requests, messages,
// handoffs, attachments and the directory, described by an embedded OpenAPI 3.1
// document. Every handler resolves the actor first and calls desk.Store with it;
// the store enforces who may read and write what. Errors are RFC 9457 problem
// details written in one place (problem.go).
package api

import (
	"log/slog"
	"net/http"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// DefaultMaxBodyBytes bounds request bodies when Deps.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 10 << 20

// Deps is what the API needs from the rest of the program.
type Deps struct {
	Store  desk.Store
	Logger *slog.Logger // default slog.Default()
	// MaxBodyBytes limits request bodies (default 10 MiB); a larger body is
	// answered 413 with problem code "too_large".
	MaxBodyBytes int64
	// Authenticators are tried, in order, after the bearer token authenticator
	// (which is always first). Session cookies plug in here. See Authenticator.
	Authenticators []Authenticator
}

// server holds the dependencies shared by every handler.
type server struct {
	store   desk.Store
	log     *slog.Logger
	maxBody int64
	auth    []Authenticator
}

// New returns the handler for everything under /api/v1/, to be mounted with
// mux.Handle("/api/v1/", h). Unknown paths and methods under /api/v1/ are
// answered with problem details (404 and 405).
func New(d Deps) http.Handler {
	s := &server{store: d.Store, log: d.Logger, maxBody: d.MaxBodyBytes}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	s.auth = append([]Authenticator{BearerAuthenticator(d.Store)}, d.Authenticators...)
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	return s.fallback(mux)
}

// fallback answers requests no route matches with a problem (404 or 405, with
// the Allow header the mux computed) instead of the mux's plain-text page.
func (s *server) fallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &statusOnly{header: http.Header{}}
		h.ServeHTTP(rec, r)
		if allow := rec.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		if rec.status == http.StatusMethodNotAllowed {
			s.writeError(w, r, desk.Errorf(httpx.CodeMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path))
			return
		}
		s.writeError(w, r, desk.Errorf(desk.CodeNotFound, "no API endpoint at %s", r.URL.Path))
	})
}

// statusOnly captures the status and headers the mux's fallback handler would
// write, discarding its plain-text body.
type statusOnly struct {
	header http.Header
	status int
}

func (s *statusOnly) Header() http.Header         { return s.header }
func (s *statusOnly) Write(b []byte) (int, error) { return len(b), nil }
func (s *statusOnly) WriteHeader(code int)        { s.status = code }
