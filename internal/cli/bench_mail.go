package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"guichet/internal/mail/mailbench"
)

// runBenchMail measures the email channel: `guichet bench mail`.
func runBenchMail(ctx context.Context, args []string, env Env) error {
	var mc mailbench.Config
	var jsonOut string
	var inProcess bool
	cfg, err := setup("bench mail", args, env, false, func(fs *flag.FlagSet) {
		fs.IntVar(&mc.Messages, "messages", 20_000, "messages to ingest over SMTP")
		fs.IntVar(&mc.Senders, "senders", 16, "concurrent SMTP senders")
		fs.IntVar(&mc.Size, "size", 10_000, "approximate message size in bytes")
		fs.Float64Var(&mc.ReplyShare, "reply-share", 0.3, "share of messages answering an earlier one")
		fs.DurationVar(&mc.Duration, "duration", 2*time.Minute, "time cap per measured phase")
		fs.StringVar(&mc.Dir, "dir", ".bench", "work directory for the SQLite database")
		fs.BoolVar(&mc.Keep, "keep", false, "keep the database after the run")
		fs.StringVar(&jsonOut, "json", "", "also write the report as JSON to this file")
		fs.BoolVar(&inProcess, "clients-in-process", false, "run the SMTP senders and the relay in this process (default: child processes, so each phase's CPU time is the server's own)")
		fs.StringVar(&mc.CPUProfile, "cpuprofile", "", "write CPU profiles of the phases: for x.prof, x-ingest.prof and x-delivery.prof")
	})
	if err != nil {
		return err
	}
	if cfg.IsPostgres() {
		mc.DatabaseURL = cfg.DatabaseURL // a fresh schema in it; SQLite runs never touch the user's file
	}
	if !inProcess {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench mail: %w", err)
		}
		mc.ClientCommand = []string{exe, "bench", "mail-clients"}
	}
	rep, err := mailbench.Run(ctx, mc, env.Stdout, env.Stderr)
	if err != nil {
		return err
	}
	return writeReport(jsonOut, rep)
}
