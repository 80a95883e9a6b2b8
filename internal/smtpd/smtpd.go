// Package smtpd is Guichet's SMTP listener: it accepts mail for every address
// of the configured domains and answers 250 only once the message and its
// request are committed, so that a crash before then makes the sender retry
// rather than lose the mail.
package smtpd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/emersion/go-smtp"

	"guichet/internal/mail"
	"guichet/internal/store"
)

// Ingester stores one received message (see mail.Ingester).
type Ingester interface {
	Ingest(ctx context.Context, env mail.Envelope, raw []byte) (*store.IngestResult, error)
}

// Config configures the listener. Zero values select the defaults.
type Config struct {
	Addr            string       // listen address, e.g. "127.0.0.1:2525"
	Hostname        string       // name in the greeting; default the first domain
	Domains         mail.Domains // mail is accepted for these domains only
	MaxMessageBytes int64        // default 25 MiB
	MaxRecipients   int          // per message; default 50
	Timeout         time.Duration
	// IngestTimeout bounds the time between the end of DATA and the answer;
	// default 60 s (past it the sender is told to retry).
	IngestTimeout time.Duration
	TLS           *tls.Config // enables STARTTLS when set
	// Users, when set, enables AUTH PLAIN (over TLS, or on loopback) for
	// relays that authenticate; RequireAuth then refuses anonymous senders.
	Users       map[string]string
	RequireAuth bool
	// MaxInFlight bounds the messages read and stored at once (memory: each
	// is held whole); default 64. Others wait their turn.
	MaxInFlight int
}

func (c *Config) defaults() {
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = 25 << 20
	}
	if c.MaxRecipients <= 0 {
		c.MaxRecipients = 50
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Minute
	}
	if c.IngestTimeout <= 0 {
		c.IngestTimeout = 60 * time.Second
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 64
	}
	if c.Hostname == "" {
		c.Hostname = "localhost"
		if len(c.Domains) > 0 {
			c.Hostname = c.Domains[0]
		}
	}
}

// Server is the SMTP listener.
type Server struct {
	cfg   Config
	in    Ingester
	log   *slog.Logger
	slots chan struct{} // MaxInFlight
}

// New returns a listener that stores mail through in. log may be nil.
func New(cfg Config, in Ingester, log *slog.Logger) *Server {
	cfg.defaults()
	if log == nil {
		log = slog.Default()
	}
	return &Server{cfg: cfg, in: in, log: log, slots: make(chan struct{}, cfg.MaxInFlight)}
}

// ListenAndServe listens on the configured address and serves until ctx is
// cancelled; ready, if not nil, is told the bound address. It returns nil
// after a clean shutdown, or the error that stopped it.
func (s *Server) ListenAndServe(ctx context.Context, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtpd: listen: %w", err)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	return s.Serve(ctx, ln)
}

// Serve accepts connections on ln until ctx is cancelled, then stops taking
// new ones and waits (up to 30 s) for messages being stored. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.newSMTPServer(ctx)
	s.log.Info("smtp listening", "addr", ln.Addr().String(), "domains", []string(s.cfg.Domains))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, smtp.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("smtpd: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		_ = srv.Close()
	}
	<-errc
	s.log.Info("smtp stopped")
	return nil
}

func (s *Server) newSMTPServer(ctx context.Context) *smtp.Server {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, ctx: ctx, remote: c.Conn().RemoteAddr()}, nil
	}))
	srv.Domain = s.cfg.Hostname
	srv.MaxMessageBytes = s.cfg.MaxMessageBytes
	srv.MaxRecipients = s.cfg.MaxRecipients
	srv.ReadTimeout = s.cfg.Timeout
	srv.WriteTimeout = s.cfg.Timeout
	srv.TLSConfig = s.cfg.TLS
	srv.AllowInsecureAuth = s.cfg.TLS == nil // AUTH on a loopback/private link without TLS
	srv.EnableSMTPUTF8 = true
	srv.ErrorLog = logAdapter{s.log}
	return srv
}

// logAdapter sends go-smtp's own log lines to slog.
type logAdapter struct{ l *slog.Logger }

func (a logAdapter) Printf(format string, v ...any) { a.l.Warn("smtp: " + fmt.Sprintf(format, v...)) }
func (a logAdapter) Println(v ...any)               { a.l.Warn("smtp: " + fmt.Sprint(v...)) }
