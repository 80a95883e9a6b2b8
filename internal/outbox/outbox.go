// Package outbox delivers the mail Guichet sends (acknowledgements, handoff
// notes, public replies) from the transactional outbox to an SMTP relay.
//
// The store writes each mail to the mail_outbox table in the same
// transaction as the change that causes it. On PostgreSQL the River job that
// delivers it is inserted in that same transaction too. On SQLite it is
// inserted right after, by the enqueue loop here, for many rows per
// statement and in the same transaction that marks them enqueued: River's
// insert inside every change cost a fifth of the single writer's time. The
// job renders the mail, hands it to the relay and records the outcome on
// the row, with retries and backoff. Without a relay the mail stays queued
// and visible; the jobs wait until a node with a relay works the "mail"
// queue. A periodic sweep (at start and every minute) enqueues any row left
// without a job: written while no runner was attached (demo data,
// command-line tools) or by a node that stopped before its enqueue loop ran.
// Delivery is at least once; a mail already recorded as sent is never sent
// again, and a retry after a crash between the relay's answer and that
// record carries the same Message-ID.
package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"guichet/internal/jobs"
	"guichet/internal/mail"
	"guichet/internal/store"
)

// Config configures the outbox. Zero values select the defaults.
type Config struct {
	Relay       *Relay // nil: mail stays queued, visible, until a relay is configured
	From        string // the desk's address, e.g. support@example.com
	Workers     int    // parallel deliveries; default 32
	MaxAttempts int    // default 12 (about a day and a half with the default backoff)
	Backoff     func(attempt int) time.Duration
	SweepEvery  time.Duration  // default 1 min
	Location    *time.Location // of dates written in mail (expected answer); default UTC
	DKIM        *DKIM          // signs outgoing mail when set
	PublicURL   string         // where requesters follow their requests (the portal); "" for no link
	Logger      *slog.Logger
	// FetchCooldown and FetchPollInterval are passed to River (tests shorten them).
	FetchCooldown     time.Duration
	FetchPollInterval time.Duration
}

// Service is the running outbox: River working the mail queue, and the
// store inserting delivery jobs in its transactions.
type Service struct {
	st     *store.Store
	cfg    Config
	render *mail.Renderer
	runner *jobs.Runner
	own    bool         // Start made the runner: Stop stops it
	pool   *pooledRelay // nil without a relay
	quit   chan struct{}
	done   chan struct{} // closed when the enqueue loop has returned
}

// New prepares the outbox of a node that shares its runner with other
// components: register its jobs (Jobs) on the node's workers, create the
// runner, then Attach it. It fails on a bad From address.
func New(st *store.Store, cfg Config) (*Service, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	render, err := mail.NewRenderer(cfg.From, nil)
	if err != nil {
		return nil, err
	}
	render.SetLocation(cfg.Location)
	render.SetPublicURL(cfg.PublicURL)
	svc := &Service{st: st, cfg: cfg, render: render, quit: make(chan struct{}), done: make(chan struct{})}
	if cfg.Relay != nil {
		svc.pool = newPooledRelay(*cfg.Relay, orInt(cfg.Workers, 32))
	}
	return svc, nil
}

// Jobs registers the outbox's workers on workers and returns its queues (the
// mail queue only with a relay) and its periodic sweep.
func (s *Service) Jobs(workers *river.Workers) jobs.Part {
	var relay sender = noRelay{}
	if s.pool != nil {
		relay = s.pool
	}
	river.AddWorker(workers, &deliverer{st: s.st, relay: relay, render: s.render, log: s.cfg.Logger,
		backoff: orBackoff(s.cfg.Backoff), dkim: s.cfg.DKIM})
	river.AddWorker(workers, &sweeper{st: s.st})
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}
	if s.pool != nil {
		queues[Queue] = river.QueueConfig{MaxWorkers: orInt(s.cfg.Workers, 32)}
	}
	every := s.cfg.SweepEvery
	if every <= 0 {
		every = time.Minute
	}
	return jobs.Part{Queues: queues, Periodic: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
		&river.PeriodicJobOpts{ID: "mail_sweep", RunOnStart: true})}}
}

// Attach lets the store insert delivery jobs with runner (in its
// transactions) and starts the enqueue loop.
func (s *Service) Attach(runner *jobs.Runner) {
	s.runner = runner
	s.st.SetJobEnqueuer(Enqueuer{Runner: runner, MaxAttempts: orInt(s.cfg.MaxAttempts, 12)})
	if s.cfg.Relay == nil {
		s.cfg.Logger.Warn("no SMTP relay configured: outgoing mail stays queued in the outbox")
	}
	go s.enqueueLoop(s.cfg.Logger)
}

// Start attaches the outbox to the store and starts delivering with a
// runner of its own (a node whose runner serves other components too uses
// New, Jobs and Attach). River's tables must exist (jobs.Migrate). It fails
// on a bad From address or if River cannot start.
func Start(ctx context.Context, st *store.Store, cfg Config) (*Service, error) {
	svc, err := New(st, cfg)
	if err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	jcfg := jobs.Config{Workers: workers, Logger: svc.cfg.Logger, MaxAttempts: orInt(cfg.MaxAttempts, 12),
		FetchCooldown: cfg.FetchCooldown, FetchPollInterval: cfg.FetchPollInterval}
	jcfg.Add(svc.Jobs(workers))
	runner, err := jobs.New(ctx, st, jcfg)
	if err != nil {
		svc.closePool()
		return nil, err
	}
	st.SetJobEnqueuer(Enqueuer{Runner: runner, MaxAttempts: orInt(cfg.MaxAttempts, 12)})
	if err := runner.Start(ctx); err != nil {
		st.SetJobEnqueuer(nil)
		runner.Close()
		svc.closePool()
		return nil, err
	}
	svc.own = true
	svc.Attach(runner)
	return svc, nil
}

// enqueueLoop inserts the delivery jobs of mail the store signals as waiting
// (SQLite, see store.MailQueued), many per statement.
func (s *Service) enqueueLoop(log *slog.Logger) {
	defer close(s.done)
	kicks := s.st.MailQueued()
	if kicks == nil {
		return
	}
	for {
		select {
		case <-s.quit:
			return
		case <-kicks:
		}
		select { // let a busy desk gather more mail per statement
		case <-s.quit:
			return
		case <-time.After(enqueueDelay):
		}
		for {
			n, err := s.st.EnqueuePendingMail(context.Background(), enqueueBatch)
			if err != nil {
				log.Error("outbox: enqueue waiting mail (the periodic sweep will retry)", "err", err)
			}
			if err != nil || n < enqueueBatch {
				break
			}
		}
	}
}

// Stop detaches the outbox from the store (later mail waits for the sweep of
// the next start) and, when Start made its runner, waits until ctx is done
// for deliveries in progress. On a shared runner, stop the runner first:
// Stop closes the relay connections.
func (s *Service) Stop(ctx context.Context) error {
	var err error
	if s.runner != nil {
		close(s.quit)
		<-s.done
		s.st.SetJobEnqueuer(nil)
	}
	if s.own {
		err = s.runner.Stop(ctx)
		s.runner.Close()
	}
	s.closePool()
	return err
}

func (s *Service) closePool() {
	if s.pool != nil {
		s.pool.close()
	}
}

// Enqueuer inserts delivery jobs in the store's transactions; it implements
// store.JobEnqueuer.
type Enqueuer struct {
	Runner      *jobs.Runner
	MaxAttempts int
}

// EnqueueMailTx inserts one delivery job per outbox mail in tx.
func (e Enqueuer) EnqueueMailTx(ctx context.Context, tx store.Tx, ids []int64) error {
	params := make([]river.InsertManyParams, len(ids))
	for i, id := range ids {
		params[i] = river.InsertManyParams{Args: DeliverArgs{OutboxID: id},
			InsertOpts: &river.InsertOpts{Queue: Queue, MaxAttempts: e.MaxAttempts}}
	}
	return e.Runner.InsertManyFastTx(ctx, tx, params) // delivery jobs have no unique options
}

// SweepArgs is the periodic job that enqueues outbox mail left without a
// delivery job.
type SweepArgs struct{}

// Kind names the job for River.
func (SweepArgs) Kind() string { return "mail_sweep" }

type sweeper struct {
	river.WorkerDefaults[SweepArgs]
	st *store.Store
}

func (w *sweeper) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	for {
		n, err := w.st.EnqueuePendingMail(ctx, 500)
		if err != nil || n == 0 {
			return err
		}
	}
}

// noRelay refuses to send; it is never called, as the mail queue is not
// worked without a relay.
type noRelay struct{}

func (noRelay) Send(context.Context, string, string, []byte) error {
	return fmt.Errorf("no SMTP relay configured")
}

func orBackoff(f func(int) time.Duration) func(int) time.Duration {
	if f == nil {
		return DefaultBackoff
	}
	return f
}

func orInt(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// enqueueBatch bounds the jobs inserted by one statement of the enqueue
// loop, so that it never holds the SQLite writer for long.
const enqueueBatch = 200

// enqueueDelay is how long the enqueue loop lets waiting mail gather.
const enqueueDelay = 10 * time.Millisecond
