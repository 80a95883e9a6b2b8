// Package jobs runs Guichet's durable background work (outgoing mail, the
// timers' periodic sweep, webhooks later) with River, on the store's own
// database: riversqlite on SQLite, riverpgxv5 on PostgreSQL. A node has one
// runner; each component registers its workers on the node's river.Workers
// and hands back a Part (its queues and periodic jobs) for Config.Add.
//
// Jobs are inserted inside store write transactions (store.Tx,
// Runner.InsertManyTx): on SQLite River writes through the store's *sql.Tx
// on its single write connection (riversqlite takes a *sql.Tx); on
// PostgreSQL through the pgx connection that runs the store's transaction
// (riverpgxv5 wants a pgx.Tx, and riverdatabasesql is not published at
// v0.49.0, so connTx presents that connection as one). River shares the
// SQLite write connection rather than opening its own, so its writes queue
// behind the store's instead of failing with SQLITE_BUSY. River then works
// jobs at least once, with retries and backoff, and several nodes on one
// PostgreSQL never work a job twice at once (row locks) or run a periodic
// job twice (leader election).
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"guichet/internal/store"
)

// Config configures a Runner. Zero values select the defaults.
type Config struct {
	// Workers holds every job kind this node knows (register them with
	// river.AddWorker before New); nil for an insert-only runner.
	Workers *river.Workers
	// Queues are the queues this node works; nil: it only inserts jobs.
	Queues   map[string]river.QueueConfig
	Periodic []*river.PeriodicJob
	Logger   *slog.Logger
	// FetchCooldown and FetchPollInterval tune how fast new jobs are picked
	// up (defaults 5 ms and 1 s; SQLite has no LISTEN, River polls).
	FetchCooldown     time.Duration
	FetchPollInterval time.Duration
	// MaxAttempts is the default number of attempts of a job (default 12).
	MaxAttempts int
}

// Part is what one component (the outbox, the timers) brings to a node's
// runner: it registers its workers on the node's river.Workers and returns
// the queues it needs worked and its periodic jobs.
type Part struct {
	Queues   map[string]river.QueueConfig
	Periodic []*river.PeriodicJob
}

// Add merges part into c: its periodic jobs, and its queues (a queue two
// parts need gets the larger number of workers).
func (c *Config) Add(p Part) {
	for name, q := range p.Queues {
		if c.Queues == nil {
			c.Queues = map[string]river.QueueConfig{}
		}
		if cur, ok := c.Queues[name]; !ok || q.MaxWorkers > cur.MaxWorkers {
			c.Queues[name] = q
		}
	}
	c.Periodic = append(c.Periodic, p.Periodic...)
}

// Runner inserts and works jobs on the store's database. It is safe for
// concurrent use.
type Runner struct {
	sqlite *river.Client[*sql.Tx]
	pg     *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
	log    *slog.Logger
}

// Migrate creates or updates River's tables in the store's database. It
// returns River's migration error, if any.
func Migrate(ctx context.Context, st *store.Store, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	if db := st.JobDB(); db != nil {
		m, err := rivermigrate.New(riversqlite.New(db), &rivermigrate.Config{Logger: riverLogger(log)})
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
		if err != nil {
			return fmt.Errorf("jobs: migrate: %w", err)
		}
		return nil
	}
	pool, err := pgPool(ctx, st)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := migratePG(ctx, pool, log); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// migrateLockKey is the advisory lock that keeps nodes starting together
// from migrating River's tables at the same time.
const migrateLockKey = 0x6775696368657401 // "guichet" 1

// migratePG applies River's migrations while holding an advisory lock on a
// connection of its own (rivermigrate takes none, and its migrations cannot
// all run in one transaction).
func migratePG(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrateLockKey)); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrateLockKey))
	m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: riverLogger(log)})
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

func pgPool(ctx context.Context, st *store.Store) (*pgxpool.Pool, error) {
	url, err := st.PostgresURL(ctx)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: connect: %w", err)
	}
	return pool, nil
}

// New returns a runner on the store's database; River's tables must exist
// (Migrate). It fails if River refuses the configuration or PostgreSQL
// cannot be reached.
func New(ctx context.Context, st *store.Store, cfg Config) (*Runner, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	rc := &river.Config{
		Logger:                      riverLogger(cfg.Logger),
		Workers:                     cfg.Workers,
		Queues:                      cfg.Queues,
		PeriodicJobs:                cfg.Periodic,
		FetchCooldown:               durationOr(cfg.FetchCooldown, 5*time.Millisecond),
		FetchPollInterval:           durationOr(cfg.FetchPollInterval, time.Second),
		MaxAttempts:                 intOr(cfg.MaxAttempts, 12),
		CompletedJobRetentionPeriod: time.Hour,
		JobTimeout:                  2 * time.Minute,
	}
	r := &Runner{log: cfg.Logger}
	var err error
	if db := st.JobDB(); db != nil {
		r.sqlite, err = river.NewClient(riversqlite.New(db), rc)
	} else {
		if r.pool, err = pgPool(ctx, st); err != nil {
			return nil, err
		}
		r.pg, err = river.NewClient(riverpgxv5.New(r.pool), rc)
	}
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return r, nil
}

// Start starts working the configured queues until Stop; it returns River's
// error if it cannot start. An insert-only runner need not be started.
func (r *Runner) Start(ctx context.Context) error {
	var err error
	if r.sqlite != nil {
		err = r.sqlite.Start(ctx)
	} else {
		err = r.pg.Start(ctx)
	}
	if err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop waits (until ctx is done) for running jobs to finish, then stops.
func (r *Runner) Stop(ctx context.Context) error {
	var err error
	if r.sqlite != nil {
		err = r.sqlite.Stop(ctx)
	} else if r.pg != nil {
		err = r.pg.Stop(ctx)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}

// Close releases the PostgreSQL pool; call it after Stop.
func (r *Runner) Close() {
	if r.pool != nil {
		r.pool.Close()
	}
}

// InsertManyTx inserts jobs inside a store write transaction: they exist if
// and only if the transaction commits.
func (r *Runner) InsertManyTx(ctx context.Context, tx store.Tx, params []river.InsertManyParams) error {
	if r.sqlite != nil {
		_, err := r.sqlite.InsertManyTx(ctx, tx.SQL, params)
		return err
	}
	return tx.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("jobs: unexpected driver connection %T", dc)
		}
		_, err := r.pg.InsertManyTx(ctx, newConnTx(c.Conn()), params)
		return err
	})
}

// InsertManyFastTx is InsertManyTx for jobs without unique options, which
// River then inserts on SQLite without reading them back.
func (r *Runner) InsertManyFastTx(ctx context.Context, tx store.Tx, params []river.InsertManyParams) error {
	if r.sqlite != nil {
		_, err := r.sqlite.InsertManyFastTx(ctx, tx.SQL, params)
		return err
	}
	return r.InsertManyTx(ctx, tx, params)
}

// InsertMany inserts jobs in a transaction of their own.
func (r *Runner) InsertMany(ctx context.Context, params []river.InsertManyParams) error {
	var err error
	if r.sqlite != nil {
		_, err = r.sqlite.InsertMany(ctx, params)
	} else {
		_, err = r.pg.InsertMany(ctx, params)
	}
	return err
}

func durationOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func intOr(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// CountJobs returns how many jobs of kind exist (any state, up to 10,000),
// for tests and diagnostics; River's error otherwise.
func (r *Runner) CountJobs(ctx context.Context, kind string) (int, error) {
	params := river.NewJobListParams().Kinds(kind).First(10_000)
	var n int
	if r.sqlite != nil {
		res, err := r.sqlite.JobList(ctx, params)
		if err != nil {
			return 0, err
		}
		n = len(res.Jobs)
	} else {
		res, err := r.pg.JobList(ctx, params)
		if err != nil {
			return 0, err
		}
		n = len(res.Jobs)
	}
	return n, nil
}
