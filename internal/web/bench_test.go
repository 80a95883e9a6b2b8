package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// benchSite is a SQLite desk with many requests, for page benchmarks.
type benchSite struct {
	h      http.Handler
	cookie string
	long   int64 // a request with 100 messages
	dept   int64
}

// newBenchSite loads n requests (3 messages each) in 8 departments, and one
// request with 100 messages; it signs an agent in.
func newBenchSite(b *testing.B, n int) *benchSite {
	b.Helper()
	dir := b.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "bench.db"), store.Options{BlobDir: filepath.Join(dir, "blobs")})
	must(b, err)
	b.Cleanup(func() { st.Close() })
	must(b, st.Migrate(ctx))
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
	long, err := st.CreateRequest(ctx, agent, desk.NewRequest{Subject: "Long conversation", Body: "Premier message", RequesterEmail: "client@example.com"})
	must(b, err)
	for i := range 99 {
		vis := desk.Public
		if i%4 == 0 {
			vis = desk.Internal
		}
		_, err := st.AddMessage(ctx, agent, long.Number, desk.NewMessage{Visibility: vis, Body: fmt.Sprintf("Message %d : suivi de la livraison, le transporteur a répondu.", i)})
		must(b, err)
	}
	id := newID()
	must(b, st.CreateWebSession(ctx, hashID(id), p.ID, store.WebSessionAgent, time.Hour, time.Hour))
	return &benchSite{h: New(Deps{Store: st, Logger: slog.New(slog.DiscardHandler)}), cookie: "guichet_session=" + id,
		long: long.Number, dept: depts[0]}
}

// measure serves path b.N times and reports the p50 and p95 server time and
// the page's size.
func (s *benchSite) measure(b *testing.B, path string) {
	var times []time.Duration
	var size int
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
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(size), "page-bytes")
}

// BenchmarkPages measures the inbox and request pages on SQLite with
// GUICHET_WEB_BENCH_REQUESTS requests (default 20000).
func BenchmarkPages(b *testing.B) {
	n := 20000
	if v := os.Getenv("GUICHET_WEB_BENCH_REQUESTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	s := newBenchSite(b, n)
	for name, path := range map[string]string{
		"InboxAllOpen":     "/inbox",
		"InboxMine":        "/inbox?agent=me",
		"InboxDepartment":  fmt.Sprintf("/inbox?dept=%d", s.dept),
		"InboxSearch":      "/inbox?status=any&q=transporteur",
		"Request100Msgs":   fmt.Sprintf("/requests/%d", s.long),
		"InboxUnassigned":  "/inbox?agent=none",
		"InboxRecentlyAny": "/inbox?status=any",
	} {
		b.Run(name, func(b *testing.B) { s.measure(b, path) })
	}
}
