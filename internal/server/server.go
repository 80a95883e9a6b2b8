// Package server composes Guichet's HTTP surfaces (the JSON API, and later the
// web pages) with the operational endpoints (/healthz, /readyz, /metrics) and the
// middleware every request goes through: panic recovery, access logs, metrics.
package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Database is what the server needs to know of the store for readiness and metrics.
type Database interface {
	Ping(ctx context.Context) error
	CheckMigrations(ctx context.Context) error
	PoolStats() map[string]sql.DBStats
}

// Route is one method and pattern served, as the standard mux spells it.
type Route struct{ Method, Pattern string }

// Deps are the server's collaborators.
type Deps struct {
	DB       Database
	API      http.Handler // serves /api/v1/
	Web      http.Handler // serves the pages: everything else
	Routes   []Route      // the API's and the pages' routes, to label metrics by route
	Logger   *slog.Logger
	Registry *prometheus.Registry // metrics are registered here and served at /metrics
}

// New returns the handler for the whole HTTP surface.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, d)
	m := newMetrics(d.Registry, d.DB)
	labels := newRouteLabeler(d.Routes, mux)
	var h http.Handler = mux
	h = m.instrument(labels, h)
	h = logRequests(d.Logger, labels, h)
	h = recoverPanics(d.Logger, h)
	return h
}

// Serve listens on addr and serves h until ctx is cancelled, then shuts down
// gracefully, waiting up to grace for in-flight requests. ready, if not nil,
// receives the bound address once listening.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, grace time.Duration, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("guichet listening", "addr", ln.Addr().String())
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	return nil
}
