// Package mailbench measures the email channel (`guichet bench mail`): mail
// ingested over loopback SMTP by concurrent senders (time to "250", rate),
// and outbox delivery to a loopback relay, beside the raw durable single-row
// insert rate of the same database in the same run.
package mailbench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"guichet/internal/desk"
	"guichet/internal/jobs"
	"guichet/internal/store"
)

// Config sizes a run. Zero values select the defaults.
type Config struct {
	DatabaseURL string        // postgres://… for PostgreSQL; else a fresh SQLite file under Dir
	Dir         string        // work directory for SQLite (default .bench)
	Messages    int           // messages to ingest (default 20,000)
	Senders     int           // concurrent SMTP senders (default 16)
	Size        int           // approximate message size in bytes (default 10 KB)
	ReplyShare  float64       // share of messages answering an earlier one (default 0.3)
	Duration    time.Duration // time cap per phase (default 2 min)
	Keep        bool          // keep the SQLite file / PostgreSQL schema
	// ClientCommand runs the SMTP senders and the relay in child processes
	// (the command and its arguments, to which "send" or "relay" is added:
	// `guichet bench mail-clients`); nil runs them in this process.
	ClientCommand []string `json:"-"`
	// CPUProfile, if set, names the CPU profile files of the phases: for
	// "x.prof", x-ingest.prof and x-delivery.prof.
	CPUProfile string
}

func (c *Config) defaults() {
	if c.Dir == "" {
		c.Dir = ".bench"
	}
	if c.Messages <= 0 {
		c.Messages = 20_000
	}
	if c.Senders <= 0 {
		c.Senders = 16
	}
	if c.Size <= 0 {
		c.Size = 10_000
	}
	if c.ReplyShare <= 0 || c.ReplyShare >= 1 {
		c.ReplyShare = 0.3
	}
	if c.Duration <= 0 {
		c.Duration = 2 * time.Minute
	}
}

// Report is what a run measured.
type Report struct {
	Engine        string  `json:"engine"`
	RawInsertRate float64 `json:"raw_insert_rate"` // durable single-row inserts per second
	Ingest        Phase   `json:"ingest"`
	Delivery      Phase   `json:"delivery"`
	Requests      int     `json:"requests"` // created by the ingest
	Senders       int     `json:"senders"`
	Size          int     `json:"size"`   // approximate message size, bytes
	Checks        []Check `json:"checks"` // the targets and whether this run met them
}

// Phase is one measured phase.
type Phase struct {
	Count   int           `json:"count"`
	Errors  int           `json:"errors"`
	Elapsed time.Duration `json:"elapsed_ns"`
	Rate    float64       `json:"rate"` // per second
	P50     time.Duration `json:"p50_ns,omitempty"`
	P99     time.Duration `json:"p99_ns,omitempty"`
	Max     time.Duration `json:"max_ns,omitempty"`
	// CPU is this process' CPU time during the phase (the server's, plus
	// the clients' and relay's when they run in process), 0 if unknown.
	CPU time.Duration `json:"cpu_ns,omitempty"`
	// ClientCPU is the CPU time of the senders' or relay's child process.
	ClientCPU time.Duration `json:"client_cpu_ns,omitempty"`
}

// CPUPerOp is the phase's CPU time per operation.
func (p Phase) CPUPerOp() time.Duration {
	if p.Count == 0 {
		return 0
	}
	return p.CPU / time.Duration(p.Count)
}

// Run prepares a fresh database, measures and prints the report to out;
// progress goes to progress. It returns the first error that stops it.
func Run(ctx context.Context, cfg Config, out, progress io.Writer) (*Report, error) {
	cfg.defaults()
	log := slog.New(slog.NewTextHandler(progress, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dbURL, cleanup, err := freshDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	st, err := store.Open(ctx, dbURL, store.Options{Logger: log, BlobDir: filepath.Join(cfg.Dir, "bench-mail-blobs")})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	defer os.RemoveAll(filepath.Join(cfg.Dir, "bench-mail-blobs"))
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := jobs.Migrate(ctx, st, log); err != nil {
		return nil, err
	}
	for _, slug := range []string{"billing", "shipping", "it"} {
		if err := st.CreateDepartment(ctx, desk.SystemActor, &desk.Department{Slug: slug, Name: slug}); err != nil {
			return nil, err
		}
	}
	rep := &Report{Engine: st.Engine(), Senders: cfg.Senders, Size: cfg.Size}
	if rep.RawInsertRate, err = st.RawInsertRate(ctx, 1000); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "raw single-row inserts: %.0f/s\n", rep.RawInsertRate)
	err = measure(cfg.CPUProfile, "ingest", &rep.Ingest, func() (err error) {
		rep.Ingest, rep.Requests, err = ingestPhase(ctx, cfg, st, log, progress)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = measure(cfg.CPUProfile, "delivery", &rep.Delivery, func() (err error) {
		rep.Delivery, err = deliveryPhase(ctx, cfg, st, log, progress)
		return err
	})
	if err != nil {
		return nil, err
	}
	rep.Checks = rep.checks()
	rep.Print(out)
	return rep, nil
}

// freshDatabase returns the URL of a new SQLite file or PostgreSQL schema
// and the function that removes it.
func freshDatabase(ctx context.Context, cfg Config) (string, func(), error) {
	stamp := time.Now().UnixNano()
	if u, err := url.Parse(cfg.DatabaseURL); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		admin, err := sql.Open("pgx", cfg.DatabaseURL)
		if err != nil {
			return "", nil, err
		}
		schema := fmt.Sprintf("bench_mail_%d", stamp)
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			admin.Close()
			return "", nil, fmt.Errorf("bench: create schema: %w", err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String(), func() {
			if !cfg.Keep {
				_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			}
			admin.Close()
		}, nil
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return "", nil, err
	}
	path := filepath.Join(cfg.Dir, fmt.Sprintf("bench-mail-%d.db", stamp))
	return path, func() {
		if !cfg.Keep {
			for _, f := range store.SQLiteFiles(path) {
				_ = os.Remove(f)
			}
		}
	}, nil
}

// Print writes the report as a small table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\nguichet bench mail (%s)\n", r.Engine)
	fmt.Fprintf(w, "  %-44s %10.0f/s\n", "raw durable single-row inserts", r.RawInsertRate)
	fmt.Fprintf(w, "  %-44s %10.0f/s   p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms   (%d messages, %d errors, %d requests; %s)\n",
		"SMTP ingest, time to 250", r.Ingest.Rate, ms(r.Ingest.P50), ms(r.Ingest.P99), ms(r.Ingest.Max),
		r.Ingest.Count, r.Ingest.Errors, r.Requests, r.Ingest.cpuNote("senders'", "message"))
	fmt.Fprintf(w, "  %-44s %10.0f/s   (%d mails in %.1f s, %d errors; %s)\n", "outbox delivery to a loopback relay",
		r.Delivery.Rate, r.Delivery.Count, r.Delivery.Elapsed.Seconds(), r.Delivery.Errors, r.Delivery.cpuNote("relay's", "mail"))
	r.printVerdict(w)
}

// cpuNote says the phase's CPU time per operation: the server's and, when
// they ran in their own process, the clients'.
func (p Phase) cpuNote(clients, op string) string {
	if p.ClientCPU == 0 {
		return fmt.Sprintf("CPU %.2f ms/%s, clients in process", ms(p.CPUPerOp()), op)
	}
	return fmt.Sprintf("server CPU %.2f ms/%s, %s process %.2f ms/%s", ms(p.CPUPerOp()), op, clients,
		ms(p.ClientCPU/time.Duration(max(p.Count, 1))), op)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
