package smtpd

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"guichet/internal/desk"
	"guichet/internal/mail"
)

// SMTP answers the listener gives (RFC 5321, RFC 3463 enhanced codes).
var (
	errNoRelay = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1},
		Message: "Relaying denied: this server only accepts mail for its own domains"}
	errTryLater = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
		Message: "Temporary failure storing the message, please try again later"}
	errTooLarge = &smtp.SMTPError{Code: 552, EnhancedCode: smtp.EnhancedCode{5, 3, 4},
		Message: "Message or attachment too large"}
	errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0},
		Message: "Authentication required"}
	errBadAddress = &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 1, 7},
		Message: "Bad sender address syntax"}
)

// errLineTooLong refuses a message with a line longer than the limit (RFC
// 5322 allows 998 bytes; the listener tolerates far more).
func errLineTooLong(limit int) *smtp.SMTPError {
	return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
		Message: fmt.Sprintf("A line of the message is longer than %d bytes; lines must be wrapped (RFC 5322)", limit)}
}

// session is one SMTP connection's state.
type session struct {
	srv    *Server
	ctx    context.Context
	conn   net.Conn
	remote net.Addr
	authed bool
	from   string
	hasMsg bool // MAIL FROM received
	rcpts  []string
}

var _ smtp.AuthSession = (*session)(nil)

func (s *session) Reset() {
	s.from, s.hasMsg, s.rcpts = "", false, nil
}

func (s *session) Logout() error { return nil }

// AuthMechanisms offers PLAIN when users are configured.
func (s *session) AuthMechanisms() []string {
	if len(s.srv.cfg.Users) == 0 {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks a relay's credentials in constant time.
func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || len(s.srv.cfg.Users) == 0 {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		want, ok := s.srv.cfg.Users[user]
		if !ok {
			want = "\x00no such user"
		}
		if subtle.ConstantTimeCompare([]byte(pass), []byte(want)) != 1 || !ok {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.cfg.RequireAuth && !s.authed {
		return errAuthRequired
	}
	if from != "" {
		if _, err := desk.NormalizeEmail(from); err != nil {
			return errBadAddress
		}
	}
	s.from, s.hasMsg = from, true
	return nil
}

// Rcpt accepts any address of the configured domains: an unknown local part
// goes to the front desk instead of bouncing.
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !s.srv.cfg.Domains.Accepts(to) {
		return errNoRelay
	}
	s.rcpts = append(s.rcpts, to)
	return nil
}

// Data reads the message and stores it; returning nil makes go-smtp answer
// 250, which therefore happens only after the commit.
func (s *session) Data(r io.Reader) error {
	select {
	case s.srv.slots <- struct{}{}:
		defer func() { <-s.srv.slots }()
	case <-s.ctx.Done():
		return errTryLater
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(&idleReader{r: r, conn: s.conn, timeout: s.srv.cfg.ReadTimeout}); err != nil {
		switch {
		case errors.Is(err, smtp.ErrDataTooLarge):
			return smtp.ErrDataTooLarge
		case errors.Is(err, smtp.ErrTooLongLine):
			s.drainData()
			return errLineTooLong(s.srv.cfg.MaxLineBytes)
		}
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), s.srv.cfg.IngestTimeout)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel) // shutting down: give up waiting, the sender retries
	defer stop()
	res, err := s.srv.in.Ingest(ctx, mail.Envelope{From: s.from, To: s.rcpts, Source: "smtp"}, buf.Bytes())
	if err != nil {
		if desk.ErrorCode(err) == desk.CodeTooLarge {
			return errTooLarge
		}
		s.srv.log.Error("smtp: message not stored, sender told to retry", "from", s.from, "remote", s.remote.String(),
			"err", err)
		return errTryLater
	}
	s.srv.log.Info("smtp: message stored", "from", s.from, "request", res.Number, "created", res.Created,
		"duplicate", res.Duplicate)
	return nil
}

// idleReader reads the message data, pushing the connection's read deadline
// forward as data arrives: ReadTimeout bounds how long the client may stay
// silent, not how long a large message may take to arrive.
type idleReader struct {
	r       io.Reader
	conn    net.Conn
	timeout time.Duration
	pushed  time.Time // when the deadline was last pushed forward
}

func (ir *idleReader) Read(p []byte) (int, error) {
	if now := time.Now(); ir.conn != nil && now.Sub(ir.pushed) > time.Second {
		_ = ir.conn.SetReadDeadline(now.Add(ir.timeout))
		ir.pushed = now
	}
	return ir.r.Read(p)
}

// drainData reads and discards the rest of a refused message straight from the
// connection, up to its end-of-data line, so the sender has finished writing
// when the refusal arrives: closing on a sender still writing resets the
// connection, and it would retry a message it should give up on. go-smtp stops
// reading at the over-long line (dropping the chunk it was in, which may hold
// the end of the data), so a sender that falls silent is taken as waiting for
// the answer. The drain is bounded by the message size limit.
func (s *session) drainData() {
	const idle = time.Second
	buf := make([]byte, 32<<10)
	var tail []byte // the last bytes seen, to find "\n.\r\n" across reads
	for left := s.srv.cfg.MaxMessageBytes; left > 0; {
		_ = s.conn.SetReadDeadline(time.Now().Add(idle))
		n, err := s.conn.Read(buf)
		tail = append(tail, buf[:n]...)
		if bytes.Contains(tail, []byte("\n.\r\n")) || err != nil {
			break
		}
		tail = tail[max(0, len(tail)-4):]
		left -= int64(n)
	}
	_ = s.conn.SetReadDeadline(time.Now().Add(s.srv.cfg.ReadTimeout))
}
