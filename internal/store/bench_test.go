package store_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// BenchmarkCreateRequestParallel creates requests from 32 goroutines (like 32
// API clients) and reports the rate beside the engine's raw single-row insert
// rate: group commit should keep it at 50% or more of the raw rate.
//
//	go test ./internal/store -run XXX -bench CreateRequestParallel -benchtime 2000x
func BenchmarkCreateRequestParallel(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s := e.Open(b)
			raw, err := s.RawInsertRate(ctx, 1000)
			must(b, err)
			var seq atomic.Int64
			b.SetParallelism(32 / max(1, minProcs()))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := seq.Add(1)
					_, err := s.CreateRequest(ctx, desk.SystemActor, desk.NewRequest{Subject: fmt.Sprint("Commande ", i),
						Body:           "Bonjour, ma commande n'est pas arrivée. Merci de vérifier la livraison.",
						RequesterEmail: fmt.Sprintf("client%d@example.org", i%500)})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			rate := float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(rate, "requests/s")
			b.ReportMetric(raw, "raw-inserts/s")
			b.ReportMetric(100*rate/raw, "%-of-raw")
		})
	}
}

func minProcs() int { return runtime.GOMAXPROCS(0) }
