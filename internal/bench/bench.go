package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"guichet/internal/api"
	"guichet/internal/store"
)

// Run generates the data set (with a progress bar on progress), then measures
// each phase and prints the report on out. It returns the report, or the first
// error that stopped the run; phases with failed operations are reported, not
// fatal. The database it created is removed at the end unless cfg.Keep.
func Run(ctx context.Context, cfg Config, out, progress io.Writer) (rep *Report, err error) {
	cfg, err = cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = io.Discard
	}
	dir, cleanDir, err := workDir(cfg)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, cleanDir()) }()
	db, err := newDatabase(ctx, cfg, dir)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, db.close(context.WithoutCancel(ctx), cfg.Keep)) }()
	st, err := store.Open(ctx, db.url, store.Options{BlobDir: filepath.Join(dir, "blobs"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("bench: open store: %w", err)
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	if err := st.Migrate(ctx); err != nil {
		return nil, fmt.Errorf("bench: migrate: %w", err)
	}
	if err := waitSearchIndex(ctx, st, out); err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, st: st, db: db, out: out, progress: progress}
	return r.run(ctx)
}

// workDir returns cfg.Dir (created if missing), or a new temporary directory
// that the returned cleanup removes unless cfg.Keep.
func workDir(cfg Config) (string, func() error, error) {
	if cfg.Dir != "" {
		if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
			return "", nil, fmt.Errorf("bench: work dir: %w", err)
		}
		blobs := filepath.Join(cfg.Dir, "blobs")
		return cfg.Dir, func() error {
			if cfg.Keep {
				return nil
			}
			return os.RemoveAll(blobs)
		}, nil
	}
	dir, err := os.MkdirTemp("", "guichet-bench-")
	if err != nil {
		return "", nil, fmt.Errorf("bench: work dir: %w", err)
	}
	return dir, func() error {
		if cfg.Keep {
			return nil
		}
		return os.RemoveAll(dir)
	}, nil
}

// runner carries one run's state from phase to phase.
type runner struct {
	cfg      Config
	st       *store.Store
	db       *database
	out      io.Writer
	progress io.Writer
	dir      *directory
	rep      *Report
	peakGen  int64 // VmHWM at the end of generation, before the reset
}

func (r *runner) run(ctx context.Context) (*Report, error) {
	r.rep = &Report{Engine: r.st.Engine(), StartedAt: time.Now().UTC(), Config: redacted(r.cfg)}
	fmt.Fprintf(r.out, "bench on %s (%s): %s requests, about %d messages each, %d departments, %d agents, %s requesters\n",
		r.rep.Engine, r.db.where, thousands(int64(r.cfg.Requests)), r.cfg.MessagesPerRequest,
		r.cfg.Departments, r.cfg.Agents, thousands(int64(r.cfg.Requesters)))
	if err := r.generate(ctx); err != nil {
		return nil, err
	}
	r.peakGen = peakRSS()
	reset := resetPeakRSS()
	if err := r.measure(ctx); err != nil {
		return nil, err
	}
	if reset {
		r.rep.ServingRSSBytes = peakRSS()
	}
	if err := r.finish(ctx); err != nil {
		return nil, err
	}
	r.rep.Print(r.out)
	return r.rep, nil
}

// generate builds the directory and loads the requests, timing both; on a
// reused data set it reads the directory back instead.
func (r *runner) generate(ctx context.Context) error {
	if r.db.reused {
		dir, err := loadDirectory(ctx, r.st, r.db.raw)
		if err != nil {
			return err
		}
		r.dir = dir
		d := &r.rep.Data
		d.Departments, d.Agents, d.Requesters = len(dir.deptIDs), len(dir.agentIDs), len(dir.requesters)
		fmt.Fprintf(r.out, "reusing %s: %d departments, %d agents, %s requesters\n", r.db.where,
			d.Departments, d.Agents, thousands(int64(d.Requesters)))
		if r.db.schema != "" {
			return nil // PostgreSQL: measured as its caches are
		}
		n, took, err := warmCache(r.db.files[:2])
		fmt.Fprintf(r.out, "read %s of it into the OS cache in %.1fs, as after generating it\n", bytesText(n), took.Seconds())
		return err
	}
	t0 := time.Now()
	dir, err := buildDirectory(ctx, r.st, r.cfg, r.progress)
	if err != nil {
		return err
	}
	r.dir = dir
	g := &r.rep.Generation
	g.DirectorySeconds = time.Since(t0).Seconds()
	fmt.Fprintf(r.out, "directory: %d departments, %d agents, %s requesters in %.1fs\n",
		len(dir.deptIDs), len(dir.agentIDs), thousands(int64(len(dir.requesters))), g.DirectorySeconds)
	t0 = time.Now()
	gen, err := loadRequests(ctx, r.st, r.cfg, dir, time.Now().UTC(), r.progress)
	if err != nil {
		return err
	}
	g.RequestsSeconds = time.Since(t0).Seconds()
	g.RequestsPerSecond = float64(gen.Requests) / g.RequestsSeconds
	g.MessagesPerSecond = float64(gen.Messages) / g.RequestsSeconds
	d := &r.rep.Data
	d.Departments, d.Agents, d.Requesters = len(dir.deptIDs), len(dir.agentIDs), len(dir.requesters)
	d.GeneratedRequests, d.GeneratedMessages, d.OpenRequests = gen.Requests, gen.Messages, gen.Open
	fmt.Fprintf(r.out, "generated %s requests and %s messages in %.1fs: %s requests/s, %s messages/s\n",
		thousands(gen.Requests), thousands(gen.Messages), g.RequestsSeconds,
		thousands(int64(g.RequestsPerSecond)), thousands(int64(g.MessagesPerSecond)))
	settled, err := r.db.settle(ctx)
	if err != nil {
		return err
	}
	g.SettleSeconds = settled.Seconds()
	if settled > 0 {
		fmt.Fprintf(r.out, "VACUUM (ANALYZE) after the load: %.1fs\n", g.SettleSeconds)
	}
	return nil
}

// measure runs phases (a) to (d), printing each result as it comes. The HTTP
// phases run in a child process when cfg.LoadCommand is set, in this one
// otherwise.
func (r *runner) measure(ctx context.Context) error {
	raw, err := rawInsert(ctx, r.st, r.cfg, "raw insert (store)")
	if err != nil {
		return err
	}
	r.rep.RawInsert = r.report(raw)
	h, stop, err := r.startAPI(ctx)
	if err != nil {
		return err
	}
	defer stop()
	res, err := r.httpPhases(ctx, h)
	if err != nil {
		return err
	}
	r.rep.APICreate = r.report(res.Create)
	r.rep.Data.CreatedByAPI = int64(r.rep.APICreate.Ops)
	after, err := rawInsert(ctx, r.st, r.cfg, "raw insert again (store)")
	if err != nil {
		return err
	}
	r.rep.RawInsertAfter = r.report(after)
	if base := r.rep.RawBaseline(); base > 0 {
		r.rep.CreateVsRawPct = 100 * r.rep.APICreate.PerSecond / base
	}
	fmt.Fprintf(r.out, "  API creation at %.1f%% of the raw insert rate\n", r.rep.CreateVsRawPct)
	r.rep.ListHTTP = r.report(res.List)
	r.rep.SearchHTTP = r.report(res.Search)
	var hits atomic.Int64
	r.rep.ListStore = r.report(withHits(listStore(ctx, r.st, r.dir, r.cfg, &hits), &hits))
	r.rep.SearchStore = r.report(withHits(searchStore(ctx, r.st, r.dir, r.cfg, &hits), &hits))
	return ctx.Err()
}

// httpPhases runs the HTTP phases against h, in a child process if so configured.
func (r *runner) httpPhases(ctx context.Context, h *httpTarget) (loadResult, error) {
	if len(r.cfg.LoadCommand) == 0 {
		return runHTTPPhases(ctx, h, r.dir, r.cfg), nil
	}
	r.rep.LoadInChild = true
	return runLoadProcess(ctx, r.cfg.LoadCommand, loadSpec{Base: h.base, Token: h.token, Config: r.cfg,
		Emails: r.dir.emails, DeptIDs: r.dir.deptIDs})
}

// withHits sets p's average results from hits, then resets hits.
func withHits(p Phase, hits *atomic.Int64) Phase {
	if p.Ops > 0 {
		p.AvgResults = float64(hits.Load()) / float64(p.Ops)
	}
	hits.Store(0)
	return p
}

// report prints one phase's line and returns it.
func (r *runner) report(p Phase) Phase {
	fmt.Fprintf(r.out, "%s: %s ops, %d errors, %.1f/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n",
		p.Name, thousands(int64(p.Ops)), p.Errors, p.PerSecond, p.P50Ms, p.P95Ms, p.P99Ms)
	return p
}

// startAPI serves the real API on a loopback port and returns a client
// authenticated as a plain agent.
func (r *runner) startAPI(ctx context.Context) (*httpTarget, func(), error) {
	token, err := r.st.CreateToken(ctx, r.dir.worker.PersonID, "bench")
	if err != nil {
		return nil, nil, fmt.Errorf("bench: create token: %w", err)
	}
	srv := httptest.NewServer(api.New(api.Deps{Store: r.st, Logger: slog.New(slog.DiscardHandler)}))
	h := newHTTPTarget(srv.URL, token, r.cfg.Clients)
	return h, func() { h.client.CloseIdleConnections(); srv.Close() }, nil
}

// finish counts what the database holds and records memory and size.
func (r *runner) finish(ctx context.Context) error {
	d := &r.rep.Data
	var err error
	if d.Requests, d.Messages, err = r.db.counts(ctx); err != nil {
		return err
	}
	if d.DatabaseBytes, err = r.db.size(ctx); err != nil {
		return err
	}
	d.DatabaseWhere = r.db.where
	r.rep.PeakRSSBytes = max(peakRSS(), r.peakGen)
	return nil
}

// redacted returns cfg with the database password hidden.
func redacted(cfg Config) Config {
	if u, err := url.Parse(cfg.DatabaseURL); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			cfg.DatabaseURL = u.String()
		}
	}
	return cfg
}

// waitSearchIndex waits for a reused data set's search index to be complete
// (a SQLite data set from before the index had a file of its own is indexed
// again when opened), saying so when it takes a while.
func waitSearchIndex(ctx context.Context, st *store.Store, out io.Writer) error {
	t0 := time.Now()
	if err := st.WaitSearchIndex(ctx); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if d := time.Since(t0); d > time.Second {
		fmt.Fprintf(out, "search index built again in %.1fs\n", d.Seconds())
	}
	return nil
}
