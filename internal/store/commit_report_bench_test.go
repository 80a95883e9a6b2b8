package store_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// BenchmarkComplianceYear times the compliance report over a year of clocks
// on SQLite: 800,000 by default (a desk of 250,000 requests a year, each
// with a first response, a resolution and a next response, and consults),
// or GUICHET_BENCH_CLOCKS.
func BenchmarkComplianceYear(b *testing.B) {
	n := 800_000
	if v, err := strconv.Atoi(os.Getenv("GUICHET_BENCH_CLOCKS")); err == nil && v > 0 {
		n = v
	}
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := storetest.Engines(b)[0].OpenWith(b, store.Options{Now: func() time.Time { return end }})
	r, err := s.CreateRequest(ctx, desk.SystemActor, desk.NewRequest{Subject: "x", Body: "x", RequesterEmail: "x@example.com"})
	must(b, err)
	s.SeedClocks(b, r.Number, n, end)
	f := commit.ReportFilter{From: end.AddDate(-1, 0, 0), To: end}
	cpu0 := cpuTime()
	for b.Loop() {
		rep, err := s.Compliance(ctx, desk.SystemActor, f)
		must(b, err)
		if len(rep.Departments) == 0 {
			b.Fatal("empty report")
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}
