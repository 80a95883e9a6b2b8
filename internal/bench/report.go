package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Report is what one run measured. It marshals to JSON as is.
type Report struct {
	Engine     string     `json:"engine"` // "sqlite" or "postgres"
	StartedAt  time.Time  `json:"started_at"`
	Config     Config     `json:"config"` // with defaults applied; the database password is redacted
	Data       Data       `json:"data"`
	Generation Generation `json:"generation"`

	RawInsert      Phase   `json:"raw_insert"`        // (a) durable single-row inserts, sequential, before the HTTP phases
	RawInsertAfter Phase   `json:"raw_insert_after"`  // (a) again, right after them: the disk's speed drifts
	APICreate      Phase   `json:"api_create"`        // (b) POST /api/v1/requests, concurrent clients
	CreateVsRawPct float64 `json:"create_vs_raw_pct"` // (b) throughput as a percentage of (a), the mean of its two runs
	ListStore      Phase   `json:"list_store"`        // (c) queue listing at the store (server time)
	ListHTTP       Phase   `json:"list_http"`         // (c) the same over HTTP
	SearchStore    Phase   `json:"search_store"`      // (d) full-text search at the store
	SearchHTTP     Phase   `json:"search_http"`       // (d) the same over HTTP

	PeakRSSBytes    int64 `json:"peak_rss_bytes"`    // VmHWM of this process over the whole run, generation included (0 where /proc is missing)
	ServingRSSBytes int64 `json:"serving_rss_bytes"` // VmHWM from the end of generation to the end of the phases: the server under load (and the clients, unless LoadInChild)
	LoadInChild     bool  `json:"load_in_child"`     // the HTTP clients ran in a child process, outside ServingRSSBytes
}

// Data describes the data set.
type Data struct {
	Departments int `json:"departments"`
	Agents      int `json:"agents"`
	Requesters  int `json:"requesters"`

	GeneratedRequests int64  `json:"generated_requests"` // loaded by BulkLoad
	GeneratedMessages int64  `json:"generated_messages"`
	OpenRequests      int64  `json:"open_requests"`  // generated with status open
	CreatedByAPI      int64  `json:"created_by_api"` // requests created in phase (b), one message each
	Requests          int64  `json:"requests"`       // counted in the database at the end
	Messages          int64  `json:"messages"`       // counted in the database at the end
	DatabaseBytes     int64  `json:"database_bytes"` // SQLite file and WAL, or the PostgreSQL schema's relations
	DatabaseWhere     string `json:"database_where"` // SQLite path or PostgreSQL schema
}

// Generation is how long building the data set took.
type Generation struct {
	DirectorySeconds  float64 `json:"directory_seconds"` // departments, agents, requesters via the store API
	RequestsSeconds   float64 `json:"requests_seconds"`  // requests and messages via BulkLoad
	RequestsPerSecond float64 `json:"requests_per_second"`
	MessagesPerSecond float64 `json:"messages_per_second"`
	SettleSeconds     float64 `json:"settle_seconds"` // PostgreSQL: VACUUM (ANALYZE) after the load, before measuring
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	d := r.Data
	fmt.Fprintf(w, "\nGuichet bench — %s, %s\n", r.Engine, r.StartedAt.Format(time.RFC3339))
	fmt.Fprintf(w, "data: %s requests, %s messages (%s open generated, %s created by the API), %d departments, %d agents, %s requesters\n",
		thousands(d.Requests), thousands(d.Messages), thousands(d.OpenRequests), thousands(d.CreatedByAPI),
		d.Departments, d.Agents, thousands(int64(d.Requesters)))
	fmt.Fprintf(w, "database: %s (%s)\n", bytesText(d.DatabaseBytes), d.DatabaseWhere)
	g := r.Generation
	fmt.Fprintf(w, "generation: directory %.1fs; requests %.1fs = %s requests/s, %s messages/s\n",
		g.DirectorySeconds, g.RequestsSeconds, thousands(int64(g.RequestsPerSecond)), thousands(int64(g.MessagesPerSecond)))
	clients := "in-process clients included"
	if r.LoadInChild {
		clients = "the server alone: clients in their own process"
	}
	fmt.Fprintf(w, "peak RSS: %s while serving the measured phases (%s); %s over the whole run, generation included\n\n",
		bytesText(r.ServingRSSBytes), clients, bytesText(r.PeakRSSBytes))
	const row = "%-27s %9s %7s %8s %10s %9s %9s %9s %9s %8s\n"
	fmt.Fprintf(w, row, "phase", "ops", "errors", "clients", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "results")
	for _, p := range []Phase{r.RawInsert, r.APICreate, r.ListStore, r.ListHTTP, r.SearchStore, r.SearchHTTP, r.RawInsertAfter} {
		fmt.Fprintf(w, row, p.Name, thousands(int64(p.Ops)), fmt.Sprint(p.Errors), fmt.Sprint(p.Clients),
			fmt.Sprintf("%.1f", p.PerSecond), fmt.Sprintf("%.2f", p.P50Ms), fmt.Sprintf("%.2f", p.P95Ms),
			fmt.Sprintf("%.2f", p.P99Ms), fmt.Sprintf("%.2f", p.MaxMs), results(p))
	}
	fmt.Fprintf(w, "\nAPI creation throughput: %.1f%% of the raw single-row insert rate (%.1f vs %.1f per second, the mean of %.1f before and %.1f after)\n",
		r.CreateVsRawPct, r.APICreate.PerSecond, r.RawBaseline(), r.RawInsert.PerSecond, r.RawInsertAfter.PerSecond)
	for _, p := range []Phase{r.RawInsert, r.APICreate, r.ListStore, r.ListHTTP, r.SearchStore, r.SearchHTTP, r.RawInsertAfter} {
		if p.Errors > 0 {
			fmt.Fprintf(w, "%s: %d errors, first: %s\n", p.Name, p.Errors, p.FirstError)
		}
	}
}

// results returns the average results of a listing or search phase, "-" for
// phases that return none.
func results(p Phase) string {
	if p.AvgResults == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", p.AvgResults)
}

// bytesText formats n bytes as KiB, MiB or GiB.
func bytesText(n int64) string {
	const k = 1024
	switch {
	case n >= k*k*k:
		return fmt.Sprintf("%.2f GiB", float64(n)/(k*k*k))
	case n >= k*k:
		return fmt.Sprintf("%.1f MiB", float64(n)/(k*k))
	case n >= k:
		return fmt.Sprintf("%.1f KiB", float64(n)/k)
	}
	return fmt.Sprintf("%d B", n)
}

// resetPeakRSS returns freed memory to the operating system and restarts the
// kernel's peak-RSS count (VmHWM), so that a later peakRSS measures only what
// follows. It reports whether the reset worked (Linux only).
func resetPeakRSS() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS returns the process' peak resident set size (VmHWM) in bytes, or 0
// if /proc/self/status cannot be read.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// RawBaseline is the raw single-row insert rate creation is compared with:
// the mean of the runs before and after the HTTP phases (the one measured
// when only one was).
func (r *Report) RawBaseline() float64 {
	if r.RawInsertAfter.PerSecond == 0 {
		return r.RawInsert.PerSecond
	}
	return (r.RawInsert.PerSecond + r.RawInsertAfter.PerSecond) / 2
}
