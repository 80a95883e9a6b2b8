package outbox_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-smtp"
)

// capture is a real SMTP server on loopback that keeps what it receives,
// refusing the first failFirst messages with 451 (or every one with code
// when always is set).
type capture struct {
	addr string

	mu        sync.Mutex
	got       []received
	failFirst int
	always    int // an SMTP code to answer every message with, 0 for none
	tries     int
	ids       []string // Message-ID of every attempt, refused or not
	notify    chan struct{}
}

type received struct {
	from string
	to   []string
	raw  []byte
}

func newCapture(t *testing.T) *capture { return newCaptureTimeout(t, 0) }

// newCaptureTimeout is newCapture with a relay that drops connections idle
// for longer than idle (0: never).
func newCaptureTimeout(t *testing.T, idle time.Duration) *capture {
	t.Helper()
	c := &capture{notify: make(chan struct{}, 1000)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &captureSession{c: c}, nil }))
	srv.Domain = "relay.test"
	srv.ReadTimeout = idle
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return c
}

func (c *capture) messages() []received {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]received(nil), c.got...)
}

type captureSession struct {
	c    *capture
	from string
	to   []string
}

func (s *captureSession) Reset()        { s.from, s.to = "", nil }
func (s *captureSession) Logout() error { return nil }
func (s *captureSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *captureSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *captureSession) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		return err
	}
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tries++
	if e, err := message.Read(bytes.NewReader(b.Bytes())); err == nil {
		c.ids = append(c.ids, e.Header.Get("Message-Id"))
	}
	if c.always != 0 {
		return &smtp.SMTPError{Code: c.always, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	if c.tries <= c.failFirst {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	c.got = append(c.got, received{from: s.from, to: s.to, raw: b.Bytes()})
	c.notify <- struct{}{}
	return nil
}

var _ = context.Background
