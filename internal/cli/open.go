package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"guichet/internal/config"
	"guichet/internal/jobs"
	"guichet/internal/store"
)

// setup parses the shared configuration flags of a subcommand.
func setup(name string, args []string, env Env, serve bool, extra func(*flag.FlagSet)) (*config.Config, error) {
	cfg := config.Defaults(env.Getenv)
	fs := newFlags(name, env)
	cfg.Register(fs, serve)
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	return &cfg, nil
}

// newLogger builds the structured logger the configuration asks for.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens the configured database and applies pending migrations.
func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{
		BlobDir:            cfg.BlobDir(),
		MaxAttachmentBytes: cfg.MaxAttachmentBytes,
		Logger:             log,
	})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := jobs.Migrate(ctx, st, log); err != nil { // River's tables, for the outbox and the timers
		st.Close()
		return nil, err
	}
	return st, nil
}
