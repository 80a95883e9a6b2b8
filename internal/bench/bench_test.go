package bench_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/internal/bench"
)

// small is a run small enough for a test, large enough for every phase to
// have a real population.
func small(t *testing.T, url string) bench.Config {
	return bench.Config{
		DatabaseURL: url, Dir: t.TempDir(),
		Requests: 2_000, MessagesPerRequest: 3, Agents: 12, Departments: 6, Requesters: 300,
		Clients: 8, Creates: 200, Queries: 50, RawInserts: 100, Duration: 60 * time.Second,
	}
}

func TestRun(t *testing.T) {
	engines := map[string]string{"sqlite": ""}
	if url := os.Getenv("GUICHET_TEST_DATABASE_URL"); url != "" {
		engines["postgres"] = url
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but GUICHET_TEST_DATABASE_URL is not set")
	}
	for name, url := range engines {
		t.Run(name, func(t *testing.T) {
			cfg := small(t, url)
			var out, progress bytes.Buffer
			rep, err := bench.Run(context.Background(), cfg, &out, &progress)
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, out.String())
			}
			t.Log("\n" + out.String())
			t.Run("the data set matches the config", func(t *testing.T) { checkData(t, cfg, rep) })
			t.Run("every phase ran without errors, percentiles ordered", func(t *testing.T) { checkPhases(t, cfg, rep) })
			t.Run("listings and searches find requests", func(t *testing.T) {
				if rep.ListStore.AvgResults == 0 || rep.ListHTTP.AvgResults == 0 || rep.SearchStore.AvgResults == 0 ||
					rep.SearchHTTP.AvgResults == 0 {
					t.Fatalf("average results: list %.1f/%.1f, search %.1f/%.1f", rep.ListStore.AvgResults,
						rep.ListHTTP.AvgResults, rep.SearchStore.AvgResults, rep.SearchHTTP.AvgResults)
				}
			})
			t.Run("the creation ratio is computed", func(t *testing.T) {
				want := 200 * rep.APICreate.PerSecond / (rep.RawInsert.PerSecond + rep.RawInsertAfter.PerSecond)
				if rep.CreateVsRawPct <= 0 || diff(rep.CreateVsRawPct, want) > 1e-9 {
					t.Fatalf("ratio %.3f, want %.3f", rep.CreateVsRawPct, want)
				}
			})
			t.Run("progress and report are printed", func(t *testing.T) {
				if !strings.Contains(progress.String(), "100.0%") || !strings.Contains(progress.String(), "2,000/2,000") {
					t.Fatalf("progress bar: %q", progress.String())
				}
				for _, s := range []string{"queue listing (HTTP)", "search (store)", "% of the raw", "peak RSS"} {
					if !strings.Contains(out.String(), s) {
						t.Fatalf("report lacks %q", s)
					}
				}
			})
			t.Run("the report marshals to JSON", func(t *testing.T) {
				b, err := json.Marshal(rep)
				if err != nil || !bytes.Contains(b, []byte(`"p95_ms"`)) {
					t.Fatalf("json: %v %s", err, b)
				}
			})
			t.Run("the database is removed", func(t *testing.T) { checkRemoved(t, cfg, rep) })
		})
	}
}

// TestRunStopsAtDuration: a phase that cannot finish its count stops at the
// time cap, and whatever its in-flight operations wrote is still counted.
func TestRunStopsAtDuration(t *testing.T) {
	cfg := small(t, "")
	cfg.Requests, cfg.Creates, cfg.Queries, cfg.Duration = 500, 1_000_000, 1_000_000, time.Second
	rep, err := bench.Run(context.Background(), cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []bench.Phase{rep.APICreate, rep.ListStore, rep.ListHTTP, rep.SearchStore, rep.SearchHTTP} {
		if p.Ops == 0 || p.Ops >= 1_000_000 || p.Seconds > 5 || p.Errors != 0 {
			t.Fatalf("%s: %d ops in %.1fs, %d errors; want a phase cut at about 1s", p.Name, p.Ops, p.Seconds, p.Errors)
		}
	}
	checkData(t, cfg, rep)
}

func checkRemoved(t *testing.T, cfg bench.Config, rep *bench.Report) {
	t.Helper()
	if files, _ := filepath.Glob(filepath.Join(cfg.Dir, "bench-*")); len(files) != 0 {
		t.Fatalf("left behind: %v", files)
	}
	schema, ok := strings.CutPrefix(rep.Data.DatabaseWhere, "schema ")
	if !ok {
		return
	}
	db, err := sql.Open("pgx", cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n); err != nil || n != 0 {
		t.Fatalf("schema %s still exists (%d, %v)", schema, n, err)
	}
}

func checkData(t *testing.T, cfg bench.Config, rep *bench.Report) {
	t.Helper()
	d := rep.Data
	if d.GeneratedRequests != int64(cfg.Requests) || d.Departments != cfg.Departments || d.Agents != cfg.Agents ||
		d.Requesters != cfg.Requesters {
		t.Fatalf("data %+v does not match config %+v", d, cfg)
	}
	if d.Requests != d.GeneratedRequests+d.CreatedByAPI || d.Messages != d.GeneratedMessages+d.CreatedByAPI {
		t.Fatalf("database holds %d requests and %d messages; generated %d+%d, created %d",
			d.Requests, d.Messages, d.GeneratedRequests, d.GeneratedMessages, d.CreatedByAPI)
	}
	perReq := float64(d.GeneratedMessages) / float64(d.GeneratedRequests)
	if perReq < float64(cfg.MessagesPerRequest)-1 || perReq > float64(cfg.MessagesPerRequest)+1 {
		t.Fatalf("%.2f messages per request, want about %d", perReq, cfg.MessagesPerRequest)
	}
	if open := float64(d.OpenRequests) / float64(d.GeneratedRequests); open < 0.10 || open > 0.20 {
		t.Fatalf("%.1f%% open, want about 15%%", 100*open)
	}
	if d.DatabaseBytes <= 0 || rep.PeakRSSBytes <= 0 || rep.Generation.RequestsPerSecond <= 0 {
		t.Fatalf("size %d, peak RSS %d, generation rate %.1f", d.DatabaseBytes, rep.PeakRSSBytes, rep.Generation.RequestsPerSecond)
	}
}

func checkPhases(t *testing.T, cfg bench.Config, rep *bench.Report) {
	t.Helper()
	want := map[string]int{"raw": cfg.RawInserts, "create": cfg.Creates, "list": cfg.Queries, "search": cfg.Queries}
	for kind, p := range map[string]bench.Phase{
		"raw": rep.RawInsert, "create": rep.APICreate, "list": rep.ListStore, "list http": rep.ListHTTP,
		"search": rep.SearchStore, "search http": rep.SearchHTTP, "raw again": rep.RawInsertAfter,
	} {
		n := want[strings.Fields(kind)[0]]
		if p.Errors != 0 || p.Ops < n {
			t.Fatalf("%s: %d ops (want at least %d), %d errors: %s", p.Name, p.Ops, n, p.Errors, p.FirstError)
		}
		if !(0 < p.P50Ms && p.P50Ms <= p.P95Ms && p.P95Ms <= p.P99Ms && p.P99Ms <= p.MaxMs) || p.PerSecond <= 0 {
			t.Fatalf("%s: p50 %.3f, p95 %.3f, p99 %.3f, max %.3f, %.1f/s", p.Name, p.P50Ms, p.P95Ms, p.P99Ms, p.MaxMs, p.PerSecond)
		}
	}
}

func diff(a, b float64) float64 {
	if a > b {
		return a - b
	}
	return b - a
}

// loadChildEnv makes the test binary act as the bench's client process.
const loadChildEnv = "GUICHET_BENCH_LOAD_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(loadChildEnv) == "1" {
		if err := bench.Load(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// With LoadCommand the HTTP clients run in a child process: the phases are
// measured there and reported here, and the report says the RSS is the
// server's own.
func TestRunWithClientsInAChildProcess(t *testing.T) {
	cfg := small(t, "")
	cfg.Requests, cfg.Creates, cfg.Queries = 500, 100, 20
	t.Setenv(loadChildEnv, "1")
	cfg.LoadCommand = []string{os.Args[0]}
	var out bytes.Buffer
	rep, err := bench.Run(context.Background(), cfg, &out, nil)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if !rep.LoadInChild || rep.APICreate.Ops != cfg.Creates || rep.APICreate.Errors != 0 ||
		rep.ListHTTP.AvgResults == 0 || rep.SearchHTTP.Ops != cfg.Queries || rep.Data.CreatedByAPI != int64(cfg.Creates) {
		t.Fatalf("report %+v", rep)
	}
	if !strings.Contains(out.String(), "the server alone") {
		t.Fatalf("report does not say whose RSS it is:\n%s", out.String())
	}
	t.Run("ErrBadSpec", func(t *testing.T) {
		if err := bench.Load(context.Background(), strings.NewReader(`{"base":"x"}`), io.Discard); err == nil {
			t.Fatal("a spec without requesters was accepted")
		}
	})
}

// A data set kept by one run is measured again by another without being
// generated again, and stays where it was: a SQLite file, a PostgreSQL schema.
func TestRunReusesAKeptDataSet(t *testing.T) {
	engines := map[string]string{"sqlite": ""}
	if url := os.Getenv("GUICHET_TEST_DATABASE_URL"); url != "" {
		engines["postgres"] = url
	}
	for name, url := range engines {
		t.Run(name, func(t *testing.T) {
			cfg := small(t, url)
			cfg.Requests, cfg.Creates, cfg.Queries, cfg.Keep = 400, 50, 10, true
			first, err := bench.Run(context.Background(), cfg, io.Discard, nil)
			if err != nil {
				t.Fatal(err)
			}
			where := first.Data.DatabaseWhere
			schema, isSchema := strings.CutPrefix(where, "schema ")
			if isSchema {
				t.Cleanup(func() { dropSchema(t, url, schema) })
			}
			again := cfg
			again.Keep, again.Reuse = false, where
			if isSchema {
				again.Reuse = schema
			}
			var out bytes.Buffer
			rep, err := bench.Run(context.Background(), again, &out, nil)
			if err != nil {
				t.Fatalf("reuse: %v\n%s", err, out.String())
			}
			if rep.Data.GeneratedRequests != 0 || rep.Data.Requests != first.Data.Requests+int64(cfg.Creates) ||
				rep.APICreate.Errors != 0 || rep.SearchStore.AvgResults == 0 || !strings.Contains(out.String(), "reusing") {
				t.Fatalf("reused run: %+v\n%s", rep.Data, out.String())
			}
			if !isSchema {
				if _, err := os.Stat(where); err != nil {
					t.Fatalf("the reused data set was removed: %v", err)
				}
			}
			t.Run("ErrNotADataSet", func(t *testing.T) {
				bad := again
				bad.Reuse = filepath.Join(t.TempDir(), "missing.db")
				if isSchema {
					bad.Reuse = "bench_missing"
				}
				if _, err := bench.Run(context.Background(), bad, io.Discard, nil); err == nil {
					t.Fatal("reusing a missing data set succeeded")
				}
			})
		})
	}
}

func dropSchema(t *testing.T, url, schema string) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Error(err)
		return
	}
	defer db.Close()
	if _, err := db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); err != nil {
		t.Error(err)
	}
}
