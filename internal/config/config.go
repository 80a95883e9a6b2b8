// Package config holds Guichet's typed configuration, read from GUICHET_*
// environment variables and command-line flags (flags win), validated at start
// and passed explicitly to whatever needs it.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the configuration shared by Guichet's subcommands.
type Config struct {
	Addr               string        // HTTP listen address
	DatabaseURL        string        // postgres://… or a SQLite path
	DataDir            string        // where the SQLite file and attachments live
	LogFormat          string        // text or json
	LogLevel           slog.Level    // debug, info, warn, error
	MaxBodyBytes       int64         // API request body limit
	MaxAttachmentBytes int64         // one attachment's limit
	Demo               bool          // serve: load demo data into an empty database
	SecureCookies      bool          // serve: session cookies only over https (behind a TLS proxy)
	ShutdownTimeout    time.Duration // serve: grace period for in-flight requests
	PublicURL          string        // the address users reach Guichet at, for links in mail (public_url.go)
	Mail               Mail          // serve: the email channel (mail.go)

	envErrs []error // GUICHET_* values that did not parse, reported by Validate
}

// Defaults returns the configuration from GUICHET_* variables, falling back to
// built-in defaults. Malformed values are reported by Validate, naming the
// variable.
func Defaults(getenv func(string) string) Config {
	env := func(key, def string) string {
		if v := getenv("GUICHET_" + key); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:            env("ADDR", "127.0.0.1:8080"),
		DataDir:         env("DATA_DIR", "guichet-data"),
		DatabaseURL:     getenv("GUICHET_DATABASE_URL"),
		PublicURL:       getenv("GUICHET_PUBLIC_URL"),
		LogFormat:       env("LOG_FORMAT", "text"),
		Demo:            env("DEMO", "") == "true" || env("DEMO", "") == "1",
		SecureCookies:   env("SECURE_COOKIES", "") == "true" || env("SECURE_COOKIES", "") == "1",
		ShutdownTimeout: 15 * time.Second,
	}
	c.MaxBodyBytes = c.envInt(env, "MAX_BODY_BYTES", 10<<20)
	c.MaxAttachmentBytes = c.envInt(env, "MAX_ATTACHMENT_BYTES", 25<<20)
	if err := c.LogLevel.UnmarshalText([]byte(env("LOG_LEVEL", "info"))); err != nil {
		c.envErrs = append(c.envErrs, fmt.Errorf("GUICHET_LOG_LEVEL: %w", err))
	}
	c.Mail = mailDefaults(getenv)
	return c
}

// envInt reads GUICHET_<key> as an integer, def when unset; a malformed
// value is remembered for Validate.
func (c *Config) envInt(env func(key, def string) string, key string, def int64) int64 {
	v := env(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		c.envErrs = append(c.envErrs, fmt.Errorf("GUICHET_%s must be a whole number of bytes, not %q", key, v))
		return def
	}
	return n
}

// Register binds the flags of c on fs; their defaults are c's current values.
// serveFlags adds the flags only `serve` uses.
func (c *Config) Register(fs *flag.FlagSet, serveFlags bool) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres:// URL or SQLite file path (env GUICHET_DATABASE_URL; default DATA_DIR/guichet.db)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory for the SQLite database and attachments (env GUICHET_DATA_DIR)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env GUICHET_LOG_FORMAT)")
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error (env GUICHET_LOG_LEVEL)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "address users reach Guichet at, for links in mail such as portal sign-in links (env GUICHET_PUBLIC_URL; default http://ADDR)")
	if !serveFlags {
		return
	}
	fs.StringVar(&c.Addr, "addr", c.Addr, "HTTP listen address (env GUICHET_ADDR)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load demo data if the database is empty (env GUICHET_DEMO)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "mark session cookies Secure and send HSTS: set when users reach Guichet over https (env GUICHET_SECURE_COOKIES)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest API request body (env GUICHET_MAX_BODY_BYTES)")
	fs.Int64Var(&c.MaxAttachmentBytes, "max-attachment-bytes", c.MaxAttachmentBytes, "largest attachment (env GUICHET_MAX_ATTACHMENT_BYTES)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "grace period for in-flight requests on shutdown")
	c.Mail.register(fs)
}

// Validate checks c and fills derived values (the default SQLite path).
func (c *Config) Validate() error {
	errs := append([]error{}, c.envErrs...)
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr %q: %w", c.Addr, err))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log-format must be text or json, not %q", c.LogFormat))
	}
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, fmt.Errorf("max-body-bytes must be at least 1024"))
	}
	if c.MaxAttachmentBytes < 1 {
		errs = append(errs, fmt.Errorf("max-attachment-bytes must be positive"))
	}
	if c.DataDir == "" {
		errs = append(errs, fmt.Errorf("data-dir must not be empty"))
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join(c.DataDir, "guichet.db")
	}
	if u, err := c.publicURL(); err != nil {
		errs = append(errs, err)
	} else {
		c.PublicURL = u
	}
	errs = append(errs, c.Mail.validate()...)
	return errors.Join(errs...)
}

// BlobDir is where attachments are stored.
func (c *Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// IsPostgres reports whether the database URL selects PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}
