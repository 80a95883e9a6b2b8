package mailbench

import (
	"context"
	"io"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"guichet/internal/outbox"
	"guichet/internal/store"
)

// deliveryPhase starts the outbox with a loopback relay that accepts and
// discards everything, and measures how fast the acknowledgements queued by
// the ingest drain.
func deliveryPhase(ctx context.Context, cfg Config, st *store.Store, log *slog.Logger, progress io.Writer) (Phase, error) {
	queued, _, err := st.MailBacklog(ctx)
	if err != nil || queued == 0 {
		return Phase{}, err
	}
	var got atomic.Int64
	relay := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return discard{&got}, nil }))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Phase{}, err
	}
	go relay.Serve(ln)
	defer relay.Close()
	var sent atomic.Int64
	tick := startProgress(progress, "delivery", queued, &sent)
	start := time.Now()
	svc, err := outbox.Start(ctx, st, outbox.Config{From: "support@example.com", Logger: log, Workers: 64,
		Relay: &outbox.Relay{Addr: ln.Addr().String(), TLS: "none"}})
	if err != nil {
		tick()
		return Phase{}, err
	}
	deadline := start.Add(cfg.Duration)
	left := queued
	for left > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if left, _, err = st.MailBacklog(ctx); err != nil {
			break
		}
		sent.Store(int64(queued - left))
	}
	elapsed := time.Since(start)
	tick()
	_ = svc.Stop(context.Background())
	// What the relay received counts; a mail left queued or failed is an error.
	p := Phase{Count: min(int(got.Load()), queued-left), Elapsed: elapsed}
	p.Errors = queued - p.Count
	p.Rate = float64(p.Count) / elapsed.Seconds()
	return p, err
}

// discard is a relay session that accepts every mail and keeps nothing.
type discard struct{ n *atomic.Int64 }

func (discard) Reset()                               {}
func (discard) Logout() error                        { return nil }
func (discard) Mail(string, *smtp.MailOptions) error { return nil }
func (discard) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (d discard) Data(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	d.n.Add(1)
	return err
}
