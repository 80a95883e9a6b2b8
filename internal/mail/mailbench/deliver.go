package mailbench

import (
	"context"
	"io"
	"log/slog"
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
	relay, err := startBenchRelay(ctx, cfg, progress)
	if err != nil {
		return Phase{}, err
	}
	var sent atomic.Int64
	tick := startProgress(progress, "delivery", queued, &sent)
	start := time.Now()
	svc, err := outbox.Start(ctx, st, outbox.Config{From: "support@example.com", Logger: log, Workers: 64,
		Relay: &outbox.Relay{Addr: relay.addr, TLS: "none"}})
	if err != nil {
		tick()
		_, _, _ = relay.stop()
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
	got, relayCPU, rerr := relay.stop()
	if err == nil {
		err = rerr
	}
	// What the relay received counts; a mail left queued or failed is an error.
	p := Phase{Count: min(got, queued-left), Elapsed: elapsed, ClientCPU: relayCPU}
	p.Errors = queued - p.Count
	p.Rate = float64(p.Count) / elapsed.Seconds()
	return p, err
}

// benchRelay is the loopback relay, in a child process or in this one.
type benchRelay struct {
	addr string
	stop func() (got int, cpu time.Duration, err error)
}

func startBenchRelay(ctx context.Context, cfg Config, progress io.Writer) (*benchRelay, error) {
	if cfg.ClientCommand != nil {
		rp, err := startChildRelay(ctx, cfg.ClientCommand, progress)
		if err != nil {
			return nil, err
		}
		return &benchRelay{addr: rp.addr, stop: rp.stop}, nil
	}
	var got atomic.Int64
	addr, stop, err := startRelay(&got)
	if err != nil {
		return nil, err
	}
	return &benchRelay{addr: addr, stop: func() (int, time.Duration, error) {
		stop()
		return int(got.Load()), 0, nil
	}}, nil
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
