package mailbench

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// flaky is a relay that refuses every other message it is sent, the first
// one included.
type flaky struct {
	mu   sync.Mutex
	seen int
}

func (f *flaky) NewSession(*smtp.Conn) (smtp.Session, error) { return &flakySession{f}, nil }

type flakySession struct{ f *flaky }

func (flakySession) Reset()                               {}
func (flakySession) Logout() error                        { return nil }
func (flakySession) Mail(string, *smtp.MailOptions) error { return nil }
func (flakySession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s flakySession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.seen++
	if s.f.seen%2 == 1 {
		return errors.New("refused")
	}
	return nil
}

// TestSendLoopCountsEveryMessage: each message number is either sent or
// counted as an error, the last one too, and none is skipped.
func TestSendLoopCountsEveryMessage(t *testing.T) {
	relay := &flaky{}
	srv := smtp.NewServer(relay)
	srv.Domain = "bench.example"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	var next, errs atomic.Int64
	cfg := Config{Messages: 7, Size: 500, ReplyShare: 0.3}
	lat := sendLoop(ln.Addr().String(), 0, cfg, &next, &errs, time.Now().Add(time.Minute))
	relay.mu.Lock()
	seen := relay.seen
	relay.mu.Unlock()
	// Messages 1, 3, 5 and 7 are refused, 2, 4 and 6 accepted.
	if len(lat) != 3 || errs.Load() != 4 || seen != 7 {
		t.Fatalf("sent %d, errors %d, relay saw %d: want 3 sent and 4 errors out of 7, all 7 tried", len(lat), errs.Load(), seen)
	}
}
