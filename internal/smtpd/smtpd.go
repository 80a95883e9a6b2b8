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
	"sync"
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
	MaxRecipients   int          // per message; default 50 (one more is answered 452)
	// MaxLineBytes bounds one line, of a command or of the message (RFC 5322
	// allows 998 bytes, but real mail has longer header and HTML lines);
	// default 64 KiB, never more than MaxMessageBytes. It is what a command
	// may make the listener hold per connection; the message data itself is
	// streamed and bounded by MaxMessageBytes.
	MaxLineBytes int
	// ReadTimeout is how long the listener waits for the client's next
	// command, or for more of the message data; WriteTimeout for the client
	// to take an answer. A client idle longer is told 421 and disconnected.
	// Default 5 min each.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	// IngestTimeout bounds the time between the end of DATA and the answer;
	// default 60 s (past it the sender is told to retry).
	IngestTimeout time.Duration
	TLS           *tls.Config // enables STARTTLS when set
	// Users, when set, enables AUTH PLAIN for relays that authenticate:
	// over TLS, or in clear text only when the listener is bound to a
	// loopback address and has no TLS; RequireAuth then refuses anonymous
	// senders.
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
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 5 * time.Minute
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 5 * time.Minute
	}
	if c.MaxLineBytes <= 0 {
		c.MaxLineBytes = 64 << 10
	}
	c.MaxLineBytes = int(min(int64(c.MaxLineBytes), c.MaxMessageBytes))
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

// Start listens on the configured address (127.0.0.1 on any port when it is
// empty) and serves in the background until ctx is cancelled or stop is
// called; stop waits for the listener to end. It fails if the address cannot
// be listened on.
func (s *Server) Start(ctx context.Context) (addr string, stop func(), err error) {
	listen := s.cfg.Addr
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return "", nil, fmt.Errorf("smtpd: listen: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	return ln.Addr().String(), func() { once.Do(func() { cancel(); <-done }) }, nil
}

// Serve accepts connections on ln until ctx is cancelled, then stops taking
// new ones and waits (up to 30 s) for messages being stored. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.newSMTPServer(ctx, ln.Addr())
	s.log.Info("smtp listening", "addr", ln.Addr().String(), "domains", []string(s.cfg.Domains))
	if len(s.cfg.Users) > 0 && s.cfg.TLS == nil && !srv.AllowInsecureAuth {
		s.log.Warn("smtp: AUTH refused on this listener: it is not bound to a loopback address and has no TLS " +
			"(set --smtp-tls-cert and --smtp-tls-key)")
	}
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

func (s *Server) newSMTPServer(ctx context.Context, bound net.Addr) *smtp.Server {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, ctx: ctx, conn: c.Conn(), remote: c.Conn().RemoteAddr()}, nil
	}))
	srv.Domain = s.cfg.Hostname
	srv.MaxMessageBytes = s.cfg.MaxMessageBytes
	srv.MaxRecipients = s.cfg.MaxRecipients
	srv.MaxLineLength = s.cfg.MaxLineBytes
	srv.ReadTimeout = s.cfg.ReadTimeout
	srv.WriteTimeout = s.cfg.WriteTimeout
	srv.TLSConfig = s.cfg.TLS
	srv.AllowInsecureAuth = insecureAuthAllowed(bound, s.cfg.TLS != nil)
	srv.EnableSMTPUTF8 = true
	srv.ErrorLog = logAdapter{s.log}
	return srv
}

// insecureAuthAllowed reports whether a listener bound to addr may take
// credentials in clear text: only on a loopback address (a relay on the same
// machine) and only when it has no TLS (with TLS, credentials wait for
// STARTTLS).
func insecureAuthAllowed(addr net.Addr, hasTLS bool) bool {
	if hasTLS || addr == nil {
		return false
	}
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// logAdapter sends go-smtp's own log lines to slog.
type logAdapter struct{ l *slog.Logger }

func (a logAdapter) Printf(format string, v ...any) { a.l.Warn("smtp: " + fmt.Sprintf(format, v...)) }
func (a logAdapter) Println(v ...any)               { a.l.Warn("smtp: " + fmt.Sprint(v...)) }
