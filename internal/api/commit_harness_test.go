package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// testClock is the clock the test moves; the store reads it.
type testClock = storetest.Clock

// forEachEngineAt is forEachEngine on a store whose clock the test moves,
// starting on Monday 3 March 2025 at 08:00 in Montréal.
func forEachEngineAt(t *testing.T, f func(t *testing.T, h *harness, clock *testClock)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clock := &testClock{}
			clock.Set(t, "2025-03-03 08:00 -0500")
			f(t, newHarnessAt(t, e, clock), clock)
		})
	}
}

// newHarnessAt is newHarness on a store reading clock.
func newHarnessAt(t *testing.T, e storetest.Engine, clock *testClock) *harness {
	t.Helper()
	h := &harness{store: e.OpenWith(t, store.Options{Now: clock.Now}), doc: loadDoc(t), routes: http.NewServeMux(),
		seen: map[string]map[int]bool{}}
	for _, rt := range Routes() {
		h.routes.HandleFunc(rt.Method+" "+rt.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	h.fill(t)
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(t.Output(), &h.logs), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := httptest.NewServer(New(Deps{Store: h.store, Logger: logger, MaxBodyBytes: 1 << 20}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { h.checkSeen(t) })
	h.url = srv.URL
	return h
}

// id returns the id of an object answered by the API.
func id(m map[string]any) int64 { return int64(m["id"].(float64)) }

// wantTime fails unless m[key] is the instant s ("" for absent).
func wantTime(t testing.TB, m map[string]any, key, s string) {
	t.Helper()
	got, ok := m[key].(string)
	if s == "" {
		if ok {
			t.Errorf("%s = %s, want none", key, got)
		}
		return
	}
	want, err := time.Parse("2006-01-02 15:04 -0700", s)
	must(t, err)
	g, err := time.Parse(time.RFC3339Nano, got)
	if err != nil || !g.Equal(want) {
		t.Errorf("%s = %q, want %s", key, got, s)
	}
}
