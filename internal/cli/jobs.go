package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"guichet/internal/config"
	"guichet/internal/jobs"
	"guichet/internal/outbox"
	"guichet/internal/store"
	"guichet/internal/timers"
)

// node is a serve node's background work on one River runner: the outbox
// delivering mail and the durable timers (with River's periodic jobs of
// both, each run by the elected leader of the nodes).
type node struct {
	runner *jobs.Runner
	outbox *outbox.Service
	timers *timers.Service
	log    *slog.Logger
}

// startNode composes the outbox's and the timers' jobs on one runner and
// starts them. It fails on a bad mail configuration or if River cannot start.
func startNode(ctx context.Context, cfg *config.Config, st *store.Store, log *slog.Logger) (*node, error) {
	ocfg, err := outboxConfig(cfg, log) // mail.go
	if err != nil {
		return nil, err
	}
	n := &node{log: log, timers: timers.New(st, timers.Config{Logger: log})}
	if n.outbox, err = outbox.New(st, ocfg); err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	jcfg := jobs.Config{Workers: workers, Logger: log}
	jcfg.Add(n.outbox.Jobs(workers))
	jcfg.Add(n.timers.Jobs(workers))
	if n.runner, err = jobs.New(ctx, st, jcfg); err != nil {
		n.outbox.Stop(ctx)
		return nil, err
	}
	n.outbox.Attach(n.runner)
	if err := n.runner.Start(ctx); err != nil {
		n.outbox.Stop(ctx)
		n.runner.Close()
		return nil, err
	}
	n.timers.Start()
	return n, nil
}

// stop ends the timers' loop, waits up to 30 s for jobs in progress (mail
// being delivered), then detaches the outbox.
func (n *node) stop() {
	n.timers.Stop()
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := n.runner.Stop(c); err != nil {
		n.log.Error("jobs stop", "err", err)
	}
	if err := n.outbox.Stop(c); err != nil {
		n.log.Error("outbox stop", "err", err)
	}
	n.runner.Close()
}
