package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
)

// benchSite is a SQLite desk with many requests, for page benchmarks.
type benchSite struct {
	h         http.Handler
	cookie    string
	Long      int64 `json:"long"` // a request with 100 messages
	Dept      int64 `json:"dept"`
	Agent     int64 `json:"agent"`
	Requester int64 `json:"requester"` // has every request but the long one
}

// newBenchSite opens the benchmark database: the file named by
// GUICHET_WEB_BENCH_DB when it exists (loaded by an earlier run, described
// by the .json file beside it), else a new one there (or in a temporary
// folder) loaded with n requests. It signs an agent in.
func newBenchSite(b testing.TB, n int) *benchSite {
	b.Helper()
	path := os.Getenv("GUICHET_WEB_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	st, err := store.Open(ctx, path, store.Options{BlobDir: filepath.Join(filepath.Dir(path), "blobs")})
	must(b, err)
	b.Cleanup(func() { st.Close() })
	must(b, st.Migrate(ctx))
	s := &benchSite{}
	if desc, err := os.ReadFile(path + ".json"); err == nil {
		must(b, json.Unmarshal(desc, s))
		b.Logf("reusing %s", path)
	} else {
		start := time.Now()
		loadBench(b, st, n, s)
		b.Logf("loaded %d requests in %s", n, time.Since(start).Round(time.Second))
		desc, _ := json.Marshal(s)
		must(b, os.WriteFile(path+".json", desc, 0o644))
	}
	id := newID()
	must(b, st.CreateWebSession(ctx, hashID(id), s.Agent, store.WebSessionAgent, time.Hour, time.Hour))
	s.h, s.cookie = New(Deps{Store: st, Logger: slog.New(slog.DiscardHandler)}), "guichet_session="+id
	return s
}

// loadBench loads n requests (3 messages each) in 8 departments, a service
// standard with live clocks on a tenth of them (new and open ones), 40
// consults other departments asked of the agent's first department, and one
// request with 100 messages, its clocks, 3 consults and 3 promises.
func loadBench(b testing.TB, st *store.Store, n int, s *benchSite) {
	sys := desk.SystemActor
	var depts []int64
	for i := range 8 {
		d := desk.Department{Slug: fmt.Sprintf("d%d", i), Name: fmt.Sprintf("Department %d", i), Handles: "things"}
		must(b, st.CreateDepartment(ctx, sys, &d))
		depts = append(depts, d.ID)
	}
	p := desk.Person{Name: "Agent", Kind: desk.InternalPerson, Emails: []string{"agent@guichet.example"}}
	must(b, st.CreatePerson(ctx, sys, &p))
	must(b, st.CreateAgent(ctx, sys, &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, Active: true, DepartmentIDs: depts[:2]}))
	req := desk.Person{Name: "Client", Emails: []string{"client@example.com"}}
	must(b, st.CreatePerson(ctx, sys, &req))
	statuses := []desk.Status{desk.StatusNew, desk.StatusOpen, desk.StatusWaitingRequester, desk.StatusSolved, desk.StatusClosed}
	t0 := time.Now().Add(-time.Duration(n) * time.Minute)
	for start := 0; start < n; start += 2000 {
		var batch []store.BulkRequest
		for i := start; i < min(n, start+2000); i++ {
			at := t0.Add(time.Duration(i) * time.Minute)
			agent := int64(0)
			if i%3 == 0 {
				agent = p.ID
			}
			batch = append(batch, store.BulkRequest{Subject: fmt.Sprintf("Commande %d livrée en retard", i), Status: statuses[i%len(statuses)],
				Priority: desk.PriorityNormal, DepartmentID: depts[i%len(depts)], AgentID: agent, RequesterID: req.ID, CreatedAt: at, UpdatedAt: at,
				Messages: []store.BulkMessage{{Kind: desk.KindRequester, AuthorID: req.ID, Body: "Bonjour, ma commande n'est pas arrivée.", CreatedAt: at},
					{Kind: desk.KindReply, AuthorID: p.ID, Body: "Nous vérifions avec le transporteur.", CreatedAt: at},
					{Kind: desk.KindNote, AuthorID: p.ID, Body: "Appeler le transporteur.", CreatedAt: at}}})
		}
		must(b, st.BulkLoad(ctx, batch))
	}
	agent, err := st.ActorFor(ctx, p.ID)
	must(b, err)
	benchCommitments(b, st, n, depts)
	long, err := st.CreateRequest(ctx, agent, desk.NewRequest{Subject: "Long conversation", Body: "Premier message", RequesterEmail: "long@example.com"})
	must(b, err)
	for i := range 99 {
		vis := desk.Public
		if i%4 == 0 {
			vis = desk.Internal
		}
		_, err := st.AddMessage(ctx, agent, long.Number, desk.NewMessage{Visibility: vis, Body: fmt.Sprintf("Message %d : suivi de la livraison, le transporteur a répondu.", i)})
		must(b, err)
	}
	for i := range 3 {
		_, err := st.OpenConsult(ctx, agent, long.Number, commit.NewConsult{ToDepartmentID: depts[i+1],
			Question: fmt.Sprintf("Question %d : pouvez-vous confirmer la date d'expédition ?", i)})
		must(b, err)
		_, err = st.MakePromise(ctx, agent, long.Number, commit.NewPromise{Text: fmt.Sprintf("Promesse %d : je vous rappelle.", i),
			DueAt: time.Now().Add(time.Duration(i+1) * 24 * time.Hour)})
		must(b, err)
	}
	s.Long, s.Dept, s.Agent, s.Requester = long.Number, depts[0], p.ID, req.ID
}

// benchCommitments adds a service standard for every request and computes
// the clocks of the new and open requests among every tenth (i%20 < 2), in
// concurrent writes that the store groups; then 40 requests of the other
// departments consult the first one, under an agreement.
func benchCommitments(b testing.TB, st *store.Store, n int, depts []int64) {
	std := commit.Standard{Name: "Réponse dans la journée", Active: true,
		FirstResponse: target(b, "4h"), NextResponse: target(b, "4h"), Resolution: target(b, "3d")}
	must(b, st.CreateStandard(ctx, desk.SystemActor, &std))
	ag := commit.Agreement{Name: "Département 0", ProviderDepartmentID: depts[0], Response: target(b, "2h"), Resolution: target(b, "1d"), Active: true}
	must(b, st.CreateAgreement(ctx, desk.SystemActor, &ag))
	numbers := make(chan int64)
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for num := range numbers {
				must(b, st.RecomputeClocks(ctx, num))
			}
		})
	}
	for i := 0; i < n; i += 20 { // BulkLoad numbers requests from 1 in order
		numbers <- int64(i + 1)
		numbers <- int64(i + 2)
	}
	close(numbers)
	wg.Wait()
	consulted := 0
	for i := 0; consulted < 40 && i < n; i++ {
		if i%5 < 2 && depts[i%len(depts)] != depts[0] { // new or open, owned elsewhere
			_, err := st.OpenConsult(ctx, desk.SystemActor, int64(i+1), commit.NewConsult{ToDepartmentID: depts[0],
				Question: "Pouvez-vous vérifier le stock ?"})
			must(b, err)
			consulted++
		}
	}
}

// benchRequests is GUICHET_WEB_BENCH_REQUESTS, 20000 by default.
func benchRequests() int {
	n := 20000
	if v := os.Getenv("GUICHET_WEB_BENCH_REQUESTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	return n
}

// measure serves path b.N times and reports the p50 and p95 server time,
// the CPU time per page (the process's, steadier than wall time on a busy
// machine) and the page's size.
func (s *benchSite) measure(b *testing.B, path string) {
	var times []time.Duration
	var size int
	cpu0 := cpuTime()
	for b.Loop() {
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Cookie", s.cookie)
		r.Header.Set("Accept-Language", "fr-CA")
		w := httptest.NewRecorder()
		start := time.Now()
		s.h.ServeHTTP(w, r)
		times = append(times, time.Since(start))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, w.Code)
		}
		size = w.Body.Len()
	}
	cpu := cpuTime() - cpu0
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/op")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(size), "page-bytes")
}

// BenchmarkPages measures the main pages on SQLite with
// GUICHET_WEB_BENCH_REQUESTS requests (default 20000); GUICHET_WEB_BENCH_DB
// keeps the database for the next run (the scale, 1M requests, takes
// minutes to load):
//
//	GUICHET_WEB_BENCH_REQUESTS=1000000 GUICHET_WEB_BENCH_DB=/tmp/web-1m.db \
//	  go test -run '^$' -bench BenchmarkPages -benchtime 400x ./internal/web/
func BenchmarkPages(b *testing.B) {
	s := newBenchSite(b, benchRequests())
	for name, path := range map[string]string{
		"InboxAllOpen":     "/inbox",
		"InboxMine":        "/inbox?agent=me",
		"InboxDepartment":  fmt.Sprintf("/inbox?dept=%d", s.Dept),
		"InboxDueSoonest":  "/inbox?sort=due",
		"InboxOldest":      "/inbox?sort=oldest",
		"InboxMineDue":     "/inbox?agent=me&sort=due",
		"InboxDeptDue":     fmt.Sprintf("/inbox?dept=%d&sort=due", s.Dept),
		"InboxWaiting":     "/inbox?status=waiting_department",
		"InboxRareTag":     "/inbox?tag=introuvable",
		"InboxSearch":      "/inbox?status=any&q=transporteur",
		"Request100Msgs":   fmt.Sprintf("/requests/%d", s.Long),
		"InboxUnassigned":  "/inbox?agent=none",
		"InboxRecentlyAny": "/inbox?status=any",
		"Directory":        "/directory",
		"DirectorySearch":  "/directory?q=things",
		"ProfileAllOfThem": fmt.Sprintf("/people/%d", s.Requester),
	} {
		b.Run(name, func(b *testing.B) { s.measure(b, path) })
	}
}

// cpuTime returns the CPU time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
