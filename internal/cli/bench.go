package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"guichet/internal/bench"
	"guichet/internal/mail/mailbench"
)

// runBench generates a data set and measures the figures BENCHMARKS.md records.
func runBench(ctx context.Context, args []string, env Env) error {
	if len(args) > 0 && args[0] == "mail" {
		return runBenchMail(ctx, args[1:], env) // bench_mail.go
	}
	if len(args) > 0 && args[0] == "load" { // the clients' child process (see bench.Load)
		return bench.Load(ctx, env.Stdin, env.Stdout)
	}
	if len(args) == 2 && args[0] == "mail-clients" { // bench mail's senders or relay (see mailbench.Clients)
		return mailbench.Clients(ctx, args[1], env.Stdin, env.Stdout, env.Stderr)
	}
	var bc bench.Config
	var jsonOut, cpuProfile string
	var inProcess bool
	cfg, err := setup("bench", args, env, false, func(fs *flag.FlagSet) {
		fs.IntVar(&bc.Requests, "requests", 1_000_000, "requests in the data set")
		fs.IntVar(&bc.MessagesPerRequest, "messages-per-request", 5, "messages per request")
		fs.IntVar(&bc.Agents, "agents", 200, "agents")
		fs.IntVar(&bc.Departments, "departments", 40, "departments")
		fs.IntVar(&bc.Requesters, "requesters", 50_000, "requesters")
		fs.IntVar(&bc.Clients, "clients", 32, "concurrent API clients")
		fs.IntVar(&bc.Creates, "creates", 20_000, "API creations to measure")
		fs.IntVar(&bc.Queries, "queries", 2_000, "queue listings and searches to measure, each")
		fs.DurationVar(&bc.Duration, "duration", time.Minute, "time cap per measured phase")
		fs.StringVar(&bc.Dir, "dir", ".bench", "work directory for the SQLite data set")
		fs.StringVar(&jsonOut, "json", "", "also write the report as JSON to this file")
		fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
		fs.BoolVar(&bc.Keep, "keep", false, "keep the data set (SQLite file or PostgreSQL schema) after the run, to inspect it")
		fs.StringVar(&bc.Reuse, "reuse", "", "measure a SQLite data set kept by an earlier run (--keep) again, without generating one")
		fs.BoolVar(&inProcess, "clients-in-process", false, "run the HTTP clients in this process (default: a child process, so the server's RSS is its own)")
	})
	if err != nil {
		return err
	}
	// Never benchmark into the user's SQLite database: SQLite runs get a fresh
	// file under --dir; PostgreSQL runs get a fresh schema in the given database.
	if cfg.IsPostgres() {
		bc.DatabaseURL = cfg.DatabaseURL
	}
	if !inProcess {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		bc.LoadCommand = []string{exe, "bench", "load"}
	}
	stop, err := profileCPU(cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	rep, err := bench.Run(ctx, bc, env.Stdout, env.Stderr)
	if err != nil {
		return err
	}
	return writeReport(jsonOut, rep)
}

// profileCPU starts a CPU profile written to path (none when path is empty)
// and returns the function that ends it.
func profileCPU(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeReport writes a benchmark report as indented JSON to path (nothing
// when path is empty).
func writeReport(path string, rep any) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// runVersion prints the module version and VCS revision the binary was built from.
func runVersion(_ context.Context, _ []string, env Env) error {
	v, rev := "devel", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = " " + s.Value
			}
		}
	}
	fmt.Fprintf(env.Stdout, "guichet %s%s\n", v, rev)
	return nil
}
