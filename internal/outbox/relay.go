package outbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Relay is the SMTP server outgoing mail is handed to.
type Relay struct {
	Addr     string // host:port
	Username string // AUTH PLAIN when set
	Password string
	// TLS is "starttls" (default on port 587), "tls" (implicit, port 465) or
	// "none" (loopback or a trusted network only).
	TLS     string
	Timeout time.Duration // per delivery; default 30 s
	Helo    string        // name given in EHLO; default "localhost"
}

// ParseRelay reads GUICHET_SMTP_RELAY: "host:port" or
// "smtp://[user:password@]host:port[?tls=starttls|tls|none]". It returns
// an error naming the problem for anything else.
func ParseRelay(s string) (Relay, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "smtp://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "smtp" && u.Scheme != "smtps" || u.Host == "" {
		return Relay{}, fmt.Errorf("smtp relay %q: want smtp://[user:password@]host:port", s)
	}
	r := Relay{Addr: u.Host, TLS: u.Query().Get("tls")}
	if _, _, err := net.SplitHostPort(r.Addr); err != nil {
		return Relay{}, fmt.Errorf("smtp relay %q: %w", s, err)
	}
	if u.User != nil {
		r.Username = u.User.Username()
		r.Password, _ = u.User.Password()
	}
	if r.TLS == "" {
		switch {
		case u.Scheme == "smtps" || strings.HasSuffix(r.Addr, ":465"):
			r.TLS = "tls"
		case strings.HasSuffix(r.Addr, ":587"):
			r.TLS = "starttls"
		default:
			r.TLS = "none"
		}
	}
	if r.TLS != "starttls" && r.TLS != "tls" && r.TLS != "none" {
		return Relay{}, fmt.Errorf("smtp relay: tls must be starttls, tls or none, not %q", r.TLS)
	}
	return r, nil
}

// Send delivers one message to the relay on a connection of its own. A
// rejection the relay says is permanent (5xx) is wrapped so that Permanent
// reports it.
func (r Relay) Send(ctx context.Context, from, to string, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout())
	defer cancel()
	c, err := r.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := r.transaction(ctx, c, from, to, raw); err != nil {
		return err
	}
	_ = c.Quit()
	return nil
}

func (r Relay) timeout() time.Duration {
	if r.Timeout <= 0 {
		return 30 * time.Second
	}
	return r.Timeout
}

// connect dials, greets and authenticates.
func (r Relay) connect(ctx context.Context) (*smtp.Client, error) {
	c, err := r.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("relay %s: %w", r.Addr, err)
	}
	if r.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", r.Username, r.Password)); err != nil {
			c.Close()
			return nil, fmt.Errorf("relay %s: auth: %w", r.Addr, err)
		}
	}
	return c, nil
}

// transaction sends one message on an open connection, within ctx.
func (r Relay) transaction(ctx context.Context, c *smtp.Client, from, to string, raw []byte) error {
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()
	if err := c.SendMail(from, []string{to}, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("relay %s: %w", r.Addr, err)
	}
	return nil
}

func (r Relay) dial(ctx context.Context) (*smtp.Client, error) {
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", r.Addr)
	if err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(r.Addr)
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	var c *smtp.Client
	switch r.TLS {
	case "tls":
		c = smtp.NewClient(tls.Client(conn, tc))
	case "starttls":
		c, err = smtp.NewClientStartTLS(conn, tc)
	default:
		c = smtp.NewClient(conn)
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	helo := r.Helo
	if helo == "" {
		helo = "localhost"
	}
	if err := c.Hello(helo); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Permanent reports whether err is the relay refusing the mail for good
// (a 5xx reply): retrying would not help.
func Permanent(err error) bool {
	var se *smtp.SMTPError
	return errors.As(err, &se) && se.Code >= 500 && se.Code < 600
}
