package bench

import (
	"context"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Phase is one measured operation: how many ran, how fast, and the latency
// percentiles of the successful ones.
type Phase struct {
	Name       string  `json:"name"`
	Ops        int     `json:"ops"`    // successful operations
	Errors     int     `json:"errors"` // failed operations
	FirstError string  `json:"first_error,omitempty"`
	Clients    int     `json:"clients"`
	Seconds    float64 `json:"seconds"`    // wall time of the phase
	PerSecond  float64 `json:"per_second"` // Ops / Seconds
	P50Ms      float64 `json:"p50_ms"`
	P95Ms      float64 `json:"p95_ms"`
	P99Ms      float64 `json:"p99_ms"`
	MaxMs      float64 `json:"max_ms"`
	AvgResults float64 `json:"avg_results,omitempty"` // requests returned per listing or search
}

// op is one operation of a phase; i numbers it from 0.
type op func(ctx context.Context, i int) error

// runPhase runs up to n operations on clients goroutines, each made by newOp
// for its client, until n are done or limit has passed. Operations in flight
// at the limit are allowed to finish (each is bounded by its own timeout), so
// that everything the phase wrote is counted. It returns the measured phase.
func runPhase(ctx context.Context, name string, n, clients int, limit time.Duration, newOp func(client int) op) Phase {
	clients = max(1, min(clients, n))
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	var firstErr error
	var once sync.Once
	start := time.Now()
	deadline := start.Add(limit)
	var wg sync.WaitGroup
	for c := range clients {
		do := newOp(c)
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t0 := time.Now()
				err := do(ctx, i)
				d := time.Since(t0)
				if err != nil {
					errs[c]++
					once.Do(func() { firstErr = err })
					continue
				}
				lat[c] = append(lat[c], d)
			}
		})
	}
	wg.Wait()
	p := summarize(name, slices.Concat(lat...), time.Since(start))
	p.Clients = clients
	for _, e := range errs {
		p.Errors += e
	}
	if firstErr != nil {
		p.FirstError = firstErr.Error()
	}
	return p
}

// summarize returns the phase for the given successful latencies.
func summarize(name string, lat []time.Duration, elapsed time.Duration) Phase {
	slices.Sort(lat)
	p := Phase{Name: name, Ops: len(lat), Seconds: elapsed.Seconds()}
	if elapsed > 0 {
		p.PerSecond = float64(len(lat)) / elapsed.Seconds()
	}
	p.P50Ms = ms(percentile(lat, 0.50))
	p.P95Ms = ms(percentile(lat, 0.95))
	p.P99Ms = ms(percentile(lat, 0.99))
	if len(lat) > 0 {
		p.MaxMs = ms(lat[len(lat)-1])
	}
	return p
}

// percentile returns the nearest-rank q-quantile of sorted, 0 when empty.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(k, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
