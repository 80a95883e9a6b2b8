// Package timers fires Guichet's durable timers: service-standard and
// consult clocks at risk and breached, promises to remind and broken,
// requests nobody picks up, handoffs nobody accepts, and each later step of
// a department's escalation chain. It also keeps clocks from going stale:
// the clocks a change of standards or calendars marks stale are recomputed
// here, at start (what a crash left) and whenever a change asks.
//
// # Where the timers live, and why not in River's scheduled jobs
//
// A timer is a due time on the row it belongs to (commit_clocks.due_at and
// at_risk_at, promises.due_at and remind_at, escalations.due_at), found by
// partial indexes that hold only the timers still to fire. Firing one is a
// conditional update of that row (a marker, or an escalation's step) in the
// same store transaction as the notifications, request events and alert
// mail it causes (store.FireDue); the outbox's River job that delivers the
// mail is inserted in that transaction too. So a timer fires once even when
// several nodes look at once (the second update matches no row, and on
// PostgreSQL a request another node is firing is skipped), and a node that
// was down loses nothing: on its next look every due timer is still due.
// Changing a request moves or cancels its timers in the change's own
// transaction (its clocks are computed again; its pickup and acceptance
// escalations follow), so nothing needs finding and deleting later.
//
// River was considered for the timers themselves: one job per timer with a
// future ScheduledAt. River v0.49 moves scheduled jobs to available only
// every 5 s (maintenance.JobSchedulerIntervalDefault, not configurable), so
// such timers fire up to 5 s late, missing the 1 s target; and every due
// time that moves (each reply moves a clock) would mean cancelling and
// inserting a job. Instead every node sleeps until the next due time it
// knows of (one query on the partial indexes), or Interval (200 ms by
// default) at most so that timers added on other nodes are found, then fires
// what is due, writing only when something is. River runs the
// leader-elected periodic job (timers_sweep, every SweepEvery and at start)
// that recomputes the stale clocks a stopped node left and fires whatever
// is due, so that timers fire even on a node whose loop is behind.
package timers

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"guichet/internal/jobs"
	"guichet/internal/store"
)

// Config configures the timers. Zero values select the defaults.
type Config struct {
	Interval   time.Duration // how often the node looks for due timers; default 200 ms
	Batch      int           // timers fired per write; default 100
	SweepEvery time.Duration // period of the River sweep; default 1 min
	Logger     *slog.Logger
}

// Service runs a node's timers. Start it after its store; Stop it before.
type Service struct {
	st   *store.Store
	cfg  Config
	log  *slog.Logger
	quit chan struct{}
	done chan struct{}
}

// New returns the timers of store st, not started.
func New(st *store.Store, cfg Config) *Service {
	if cfg.Interval <= 0 {
		cfg.Interval = 200 * time.Millisecond
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 100
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{st: st, cfg: cfg, log: cfg.Logger}
}

// Jobs registers the sweep's worker on workers and returns its periodic job.
func (s *Service) Jobs(workers *river.Workers) jobs.Part {
	river.AddWorker(workers, &sweeper{svc: s})
	return jobs.Part{Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Periodic: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(s.cfg.SweepEvery),
			func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "timers_sweep", RunOnStart: true})}}
}

// Start makes the store leave stale clocks to this service and starts the
// node's loop: recompute what is stale, then look for due timers every
// Interval until Stop.
func (s *Service) Start() {
	s.st.SetBackgroundRecompute(true)
	s.quit, s.done = make(chan struct{}), make(chan struct{})
	go s.loop()
}

// Stop ends the loop, waiting for a write in progress, and gives stale
// clocks back to the changes that mark them.
func (s *Service) Stop() {
	if s.quit == nil {
		return
	}
	close(s.quit)
	<-s.done
	s.st.SetBackgroundRecompute(false)
}

func (s *Service) loop() {
	defer close(s.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.quit
		cancel()
	}()
	stale := s.st.StaleMarked()
	s.recompute(ctx)
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-stale:
			s.recompute(ctx)
		case <-t.C:
		}
		// A tick is a few short writes: Stop lets it finish rather than
		// throw away what it fired.
		rep, err := s.Tick(context.WithoutCancel(ctx))
		if err != nil {
			s.log.Error("timers: fire", "err", err)
		}
		t.Reset(s.wait(ctx, rep.Fired > 0))
	}
}

// wait returns how long the loop sleeps: until the next timer known now,
// at most Interval (a timer another node or a change adds is found by
// then). A timer still due after a tick that fired nothing (another node
// holds it, or the write failed) is looked at again after Interval.
func (s *Service) wait(ctx context.Context, fired bool) time.Duration {
	in, ok, err := s.st.NextTimer(ctx)
	switch {
	case err != nil || !ok || in >= s.cfg.Interval:
		return s.cfg.Interval
	case in <= 0 && !fired:
		return s.cfg.Interval
	}
	return max(in, time.Millisecond)
}

// recompute computes the stale clocks again, logging a failure (the marks
// stay for the next try).
func (s *Service) recompute(ctx context.Context) {
	n, err := s.st.RecomputeStale(ctx)
	if err != nil && ctx.Err() == nil {
		s.log.Error("timers: recompute stale clocks", "err", err)
	}
	if n > 0 {
		s.log.Info("timers: stale clocks recomputed", "requests", n)
	}
}

// Tick fires every timer due now, one write of up to Batch timers after
// another, and returns what it did in all. It stops at the first error.
func (s *Service) Tick(ctx context.Context) (store.FireReport, error) {
	var total store.FireReport
	for {
		rep, err := s.st.FireDue(ctx, s.cfg.Batch)
		total.Due += rep.Due
		total.Fired += rep.Fired
		total.Notified += rep.Notified
		if err != nil || rep.Due < s.cfg.Batch || rep.Fired == 0 {
			return total, err
		}
	}
}

// Sweep recomputes stale clocks, then fires whatever is due: the periodic
// River job's work.
func (s *Service) Sweep(ctx context.Context) error {
	if _, err := s.st.RecomputeStale(ctx); err != nil {
		return err
	}
	_, err := s.Tick(ctx)
	return err
}

// SweepArgs is the timers' periodic River job.
type SweepArgs struct{}

// Kind names the job for River.
func (SweepArgs) Kind() string { return "timers_sweep" }

type sweeper struct {
	river.WorkerDefaults[SweepArgs]
	svc *Service
}

func (w *sweeper) Work(ctx context.Context, _ *river.Job[SweepArgs]) error { return w.svc.Sweep(ctx) }
