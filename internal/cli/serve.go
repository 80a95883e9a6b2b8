package cli

import (
	"context"
	"errors"
	"log/slog"
	"net"

	"github.com/prometheus/client_golang/prometheus"

	"guichet/internal/api"
	"guichet/internal/demo"
	"guichet/internal/server"
	"guichet/internal/store"
	"guichet/internal/web"
)

// runServe runs the node until ctx is cancelled (SIGINT/SIGTERM).
func runServe(ctx context.Context, args []string, env Env) error {
	return serve(ctx, args, env, nil)
}

// serve is runServe with a hook told the bound address (for tests on port 0).
func serve(ctx context.Context, args []string, env Env, ready func(net.Addr)) error {
	cfg, err := setup("serve", args, env, true, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.Stderr)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	log.Info("database ready", "engine", st.Engine())
	if cfg.Demo {
		if err := loadDemo(ctx, st, log, cfg.PublicURL); err != nil {
			return err
		}
	}
	n, err := startNode(ctx, cfg, st, log) // jobs.go: outbox and timers on one River runner
	if err != nil {
		return err
	}
	defer n.stop()
	mc, err := startMail(ctx, cfg, st, log) // mail.go: SMTP listener, IMAP
	if err != nil {
		return err
	}
	defer mc.stop()
	pages := web.New(web.Deps{Store: st, Logger: log, Secure: cfg.SecureCookies, MaxUploadBytes: cfg.MaxBodyBytes,
		PublicURL: cfg.PublicURL, Done: ctx.Done()})
	h := server.New(server.Deps{
		DB:       st,
		API:      api.New(api.Deps{Store: st, Logger: log, MaxBodyBytes: cfg.MaxBodyBytes}),
		Web:      pages,
		Routes:   routes(),
		Logger:   log,
		Registry: mailMetrics(prometheus.NewRegistry(), st), // mail.go: outbox backlog
	})
	return server.Serve(ctx, cfg.Addr, h, log, cfg.ShutdownTimeout, ready)
}

// loadDemo fills an empty database with the demo company and logs how to get
// in: an API token for its admin, one password (new at every load) for every
// demo agent, and a sign-in link to the requester portal. A database that
// already holds data is left untouched.
func loadDemo(ctx context.Context, st *store.Store, log *slog.Logger, publicURL string) error {
	sum, err := demo.Load(ctx, st)
	if errors.Is(err, demo.ErrNotEmpty) {
		log.Info("demo data not loaded: the database is not empty")
		return nil
	}
	if err != nil {
		return err
	}
	password, err := demoPasswords(ctx, st, sum)
	if err != nil {
		return err
	}
	tok, err := demoToken(ctx, st, sum.AdminEmail)
	if err != nil {
		return err
	}
	log.Info("demo data loaded", "admin", sum.AdminEmail, "password", password, "api_token", tok)
	return logPortalDemo(ctx, st, log, publicURL)
}

// routes lists the API's and the pages' routes for the server's metric labels.
func routes() []server.Route {
	var out []server.Route
	for _, r := range api.Routes() {
		out = append(out, server.Route{Method: r.Method, Pattern: r.Pattern})
	}
	for _, r := range web.Routes() {
		out = append(out, server.Route{Method: r.Method, Pattern: r.Pattern})
	}
	return out
}
