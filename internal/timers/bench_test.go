package timers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"guichet/internal/api"
	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
	"guichet/internal/timers"
)

// benchSize reads a size from the environment (GUICHET_BENCH_REQUESTS,
// GUICHET_BENCH_OPEN), else def.
func benchSize(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// benchDesk is a desk of GUICHET_BENCH_REQUESTS requests (default 20,000),
// GUICHET_BENCH_OPEN of them (default 3,000) open with live clocks under a
// service standard, the others solved history.
type benchDesk struct {
	st      *store.Store
	billing desk.Department
	agent   desk.Actor
	open    []int64
}

func newBenchDesk(b *testing.B, e storetest.Engine) *benchDesk {
	b.Helper()
	total, open := benchSize("GUICHET_BENCH_REQUESTS", 20_000), benchSize("GUICHET_BENCH_OPEN", 3_000)
	d := &benchDesk{st: e.OpenWith(b, store.Options{Logger: quiet})}
	sys := desk.SystemActor
	d.billing = desk.Department{Slug: "billing", Name: "Facturation"}
	must(b, d.st.CreateDepartment(ctx, sys, &d.billing))
	p := desk.Person{Name: "Gilles Tremblay", Kind: desk.InternalPerson, Emails: []string{"gilles@guichet.example"}}
	must(b, d.st.CreatePerson(ctx, sys, &p))
	must(b, d.st.CreateAgent(ctx, sys, &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, Active: true, DepartmentIDs: []int64{d.billing.ID}}))
	var err error
	d.agent, err = d.st.ActorFor(ctx, p.ID)
	must(b, err)
	st := commit.Standard{Name: "Facturation", Active: true, Conditions: commit.Conditions{DepartmentID: &d.billing.ID},
		FirstResponse: commit.Target{Duration: 4 * time.Hour}, Resolution: commit.Target{Days: 3}}
	must(b, d.st.CreateStandard(ctx, sys, &st))
	req := desk.Person{Name: "Julie Roy", Emails: []string{"julie@ecole-soleil.example"}}
	must(b, d.st.CreatePerson(ctx, sys, &req))
	then := time.Now().Add(-90 * 24 * time.Hour)
	for done := 0; done < total-open; {
		batch := make([]store.BulkRequest, 0, 1000)
		for ; len(batch) < cap(batch) && done < total-open; done++ {
			at := then.Add(time.Duration(done) * time.Minute)
			batch = append(batch, store.BulkRequest{Subject: "Facture", Status: desk.StatusSolved, Priority: desk.PriorityNormal,
				DepartmentID: d.billing.ID, AgentID: p.ID, RequesterID: req.ID, CreatedAt: at, UpdatedAt: at,
				Messages: []store.BulkMessage{{Kind: desk.KindRequester, AuthorID: req.ID, Body: "Facture en double", CreatedAt: at}}})
		}
		must(b, d.st.BulkLoad(ctx, batch))
	}
	d.open = make([]int64, open)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < open; i += 8 {
				r, err := d.st.CreateRequest(ctx, d.agent, desk.NewRequest{Subject: fmt.Sprintf("Facture %d", i),
					Body: "Facturée deux fois.", RequesterEmail: "julie@ecole-soleil.example", DepartmentID: d.billing.ID})
				if err != nil {
					b.Error(err)
					return
				}
				d.open[i] = r.Number
			}
		}()
	}
	wg.Wait()
	return d
}

// BenchmarkTimerLateness measures how late timers fire (due time →
// notification committed) while API clients create requests: 400 promises
// fall due over 8 s on open requests of the desk, each breaking notifies
// its maker. It reports the lateness percentiles and the API load carried
// (8 clients, from the timers' start to a second after the last due time).
func BenchmarkTimerLateness(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			d := newBenchDesk(b, e)
			const promises, spread = 400, 8 * time.Second
			start := time.Now().Add(10 * time.Second) // after the promises are made
			for i := range promises {
				_, err := d.st.MakePromise(ctx, d.agent, d.open[i%len(d.open)], commit.NewPromise{Text: "Je vous rappelle.",
					DueAt: start.Add(spread * time.Duration(i) / promises)})
				must(b, err)
			}
			svc := timers.New(d.st, timers.Config{Logger: quiet})
			svc.Start()
			began := time.Now()
			created := d.load(b, start.Add(spread+time.Second))
			loaded := time.Since(began)
			svc.Stop()
			lat := d.lateness(b)
			if len(lat) != promises {
				b.Fatalf("%d notifications, want %d", len(lat), promises)
			}
			for b.Loop() { // the measure is the lateness below, not the loop (which resets the metrics)
			}
			slices.Sort(lat)
			for _, q := range []struct {
				name string
				at   float64
			}{{"p50-ms", 0.50}, {"p95-ms", 0.95}, {"p99-ms", 0.99}, {"max-ms", 1}} {
				i := min(len(lat)-1, int(q.at*float64(len(lat))))
				b.ReportMetric(float64(lat[i].Microseconds())/1000, q.name)
			}
			b.ReportMetric(float64(created)/loaded.Seconds(), "api-creates/s")
		})
	}
}

// load runs 8 clients creating requests through the real API over HTTP
// until the deadline, and returns how many they created.
func (d *benchDesk) load(b *testing.B, until time.Time) int64 {
	b.Helper()
	tok, err := d.st.CreateToken(ctx, d.agent.PersonID, "bench")
	must(b, err)
	srv := httptest.NewServer(api.New(api.Deps{Store: d.st, Logger: quiet}))
	defer srv.Close()
	body, _ := json.Marshal(map[string]any{"subject": "Commande incomplète", "body": "Il manque 12 boîtes de crayons.",
		"requester": map[string]any{"email": "ecole@example.com"}, "department_id": d.billing.ID})
	var n atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(until) {
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/requests", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				res.Body.Close()
				if res.StatusCode == http.StatusCreated {
					n.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return n.Load()
}

// lateness returns, for every broken-promise notification, how long after
// the promise's due time it was committed.
func (d *benchDesk) lateness(b *testing.B) []time.Duration {
	b.Helper()
	var out []time.Duration
	var before int64
	for {
		list, _, err := d.st.Notifications(ctx, d.agent, commit.NotificationFilter{Limit: 200, Before: before})
		must(b, err)
		for _, n := range list {
			if n.Trigger == commit.TriggerPromiseBroken && n.ItemDue != nil {
				out = append(out, n.CreatedAt.Sub(*n.ItemDue))
			}
		}
		if len(list) < 200 {
			return out
		}
		before = list[len(list)-1].ID
	}
}

// BenchmarkRecomputeClocksAmongOpen times recomputing one request's
// deadlines (its own durable write) on the desk's data set.
func BenchmarkRecomputeClocksAmongOpen(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			d := newBenchDesk(b, e)
			n := d.open[len(d.open)/2]
			for b.Loop() {
				must(b, d.st.RecomputeClocks(ctx, n))
			}
		})
	}
}
