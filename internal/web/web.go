// Package web serves Guichet's pages for agents — sign in, the inbox, the
// request page, the directory of who handles what, requester profiles and the
// admin pages — and the requester portal (portal_*.go), server-rendered with
// html/template, usable without JavaScript, in French (fr-CA) and English. Templates, translations and static assets are
// embedded and parsed once in New. Every page resolves the actor from the
// session cookie and calls the store with it; the store enforces who may read
// and write what. Live pages follow changes with server-sent events (hub.go,
// live.go) and work without JavaScript, only not live. Errors become a
// translated, safe message in one place (errors.go).
package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// DefaultMaxUploadBytes bounds a form post (reply with attachments) when
// Deps.MaxUploadBytes is zero.
const DefaultMaxUploadBytes = 30 << 20

// Deps is what the web pages need from the rest of the program.
type Deps struct {
	Store  *store.Store
	Logger *slog.Logger // nil discards logs
	Secure bool         // cookies are Secure (and HSTS is sent): set when served over https
	// MaxUploadBytes limits a form post, attachments included (default 30 MiB).
	MaxUploadBytes int64
	// PublicURL is the address users reach Guichet at (https://desk.example.com),
	// written into the portal's sign-in links. It is never taken from a
	// request's Host header, which the sender controls. Empty: the portal
	// cannot mail sign-in links.
	PublicURL string
	// Done, when closed, ends the live pages' event streams, so that a
	// graceful shutdown does not wait for them (pass the serve context's
	// Done()). Nil: streams end when the browser leaves, or renew every 10
	// minutes.
	Done <-chan struct{}
}

// server holds what every handler shares. It is immutable after New.
type server struct {
	store     *store.Store
	log       *slog.Logger
	secure    bool
	maxUpload int64
	cat       map[desk.Language]catalogue
	pages     *pageSet
	assets    *assetSet
	hub       *hub            // live updates of this node
	done      <-chan struct{} // closed at shutdown
	publicURL string          // of links in mail, without a trailing slash
}

// New returns the handler for every page path ("/" and below, except what the
// server mounts elsewhere: /api/, /healthz, /readyz, /metrics). It panics only
// if the embedded templates, catalogues or assets are broken, which the
// package's tests rule out.
func New(d Deps) http.Handler {
	s, err := newServer(d)
	if err != nil {
		panic(fmt.Sprintf("web: %v", err))
	}
	return s.handler()
}

// newServer parses the embedded files; it fails only when they are broken.
func newServer(d Deps) (*server, error) {
	s := &server{store: d.Store, log: d.Logger, secure: d.Secure, maxUpload: d.MaxUploadBytes, done: d.Done,
		publicURL: strings.TrimRight(d.PublicURL, "/")}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.hub = newHub(s.store, s.log)
	if s.maxUpload <= 0 {
		s.maxUpload = DefaultMaxUploadBytes
	}
	var err error
	if s.cat, err = loadCatalogues(); err != nil {
		return nil, err
	}
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(s.cat, s.assets); err != nil {
		return nil, err
	}
	return s, nil
}

// handler builds the page mux from the route table, wraps it in the
// middleware every page goes through, and serves static assets beside it
// (assets need no session).
func (s *server) handler() http.Handler {
	pages := http.NewServeMux()
	for _, rt := range s.routes() {
		pages.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	top := http.NewServeMux()
	top.HandleFunc("GET /static/{file}", s.assets.serve)
	top.Handle("/", s.withState(s.notFoundFallback(pages)))
	return securityHeaders(s.secure, top)
}
