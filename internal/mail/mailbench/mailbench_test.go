package mailbench_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"guichet/internal/mail/mailbench"
)

// TestMain lets the test binary be the benchmark's child process (see
// Clients) when MAILBENCH_CLIENTS_CHILD is set: its last argument is the mode.
func TestMain(m *testing.M) {
	if os.Getenv("MAILBENCH_CLIENTS_CHILD") != "" {
		err := mailbench.Clients(context.Background(), os.Args[len(os.Args)-1], os.Stdin, os.Stdout, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestRunSmall runs the benchmark on a tiny data set, on SQLite and (when
// GUICHET_TEST_DATABASE_URL is set) on PostgreSQL: every phase measures
// something, nothing fails, and the report judges the targets.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole benchmark")
	}
	t.Setenv("MAILBENCH_CLIENTS_CHILD", "1") // inherited by the child processes only: this one has passed TestMain
	engines := map[string]string{"sqlite": "", "sqlite, clients in child processes": ""}
	if url := os.Getenv("GUICHET_TEST_DATABASE_URL"); url != "" {
		engines["postgres"] = url
	}
	for name, url := range engines {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			cfg := mailbench.Config{DatabaseURL: url, Dir: t.TempDir(), Messages: 120, Senders: 4, Size: 2000,
				Duration: time.Minute}
			child := strings.Contains(name, "child")
			if child {
				cfg.ClientCommand = []string{os.Args[0]}
			}
			rep, err := mailbench.Run(context.Background(), cfg, &out, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			in, del := rep.Ingest, rep.Delivery
			if rep.RawInsertRate <= 0 || in.Count != 120 || in.Errors != 0 || in.Rate <= 0 || in.P50 <= 0 || in.P99 < in.P50 {
				t.Fatalf("raw %.0f/s, ingest %+v", rep.RawInsertRate, in)
			}
			if rep.Requests == 0 || rep.Requests >= 120 || del.Count != rep.Requests || del.Errors != 0 || del.Rate <= 0 {
				t.Fatalf("%d requests (new ones and replies), delivery %+v: want one acknowledgement delivered per request",
					rep.Requests, del)
			}
			if runtime.GOOS == "linux" && (in.CPU <= 0 || del.CPU <= 0) {
				t.Fatalf("CPU per phase not measured: ingest %v, delivery %v", in.CPU, del.CPU)
			}
			if runtime.GOOS == "linux" && child != (in.ClientCPU > 0 && del.ClientCPU > 0) {
				t.Fatalf("clients' CPU: ingest %v, delivery %v (in child processes: %v)", in.ClientCPU, del.ClientCPU, child)
			}
			if len(rep.Checks) != 3 {
				t.Fatalf("checks %+v", rep.Checks)
			}
			for _, want := range []string{"SMTP ingest, time to 250", "outbox delivery to a loopback relay",
				"p99 time to 250 <= 50 ms", "the targets are set for 16 senders at ~10 KB", "verdict: "} {
				if !strings.Contains(out.String(), want) {
					t.Fatalf("report lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}
