package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"guichet/internal/store"
)

func newTestServer(t *testing.T, db Database) *httptest.Server {
	t.Helper()
	noop := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := New(Deps{DB: db, API: noop, Web: noop, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry()})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func ready(t *testing.T, base string) (int, string) {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Reason string }
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body.Reason
}

// A load balancer must not route to a node whose database is not ready.
func TestReadiness(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "guichet.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, st)

	t.Run("ErrUnavailableWhileMigrationsPending", func(t *testing.T) {
		if code, reason := ready(t, srv.URL); code != http.StatusServiceUnavailable || reason != "migrations pending" {
			t.Fatalf("got %d %q", code, reason)
		}
	})
	t.Run("ReadyOnceMigrated", func(t *testing.T) {
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if code, _ := ready(t, srv.URL); code != http.StatusOK {
			t.Fatalf("got %d", code)
		}
	})
	t.Run("HealthyEvenWhenDatabaseIsGone", func(t *testing.T) {
		st.Close()
		if code, reason := ready(t, srv.URL); code != http.StatusServiceUnavailable || reason != "database unreachable" {
			t.Fatalf("readyz: got %d %q", code, reason)
		}
		res, err := http.Get(srv.URL + "/healthz")
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("healthz must answer while the process serves: %v %v", res, err)
		}
		res.Body.Close()
	})
}

func TestPanicsBecomeInternalErrors(t *testing.T) {
	boom := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	h := New(Deps{DB: nil, API: boom, Web: boom, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry()})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/requests", nil))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("got %d", w.Code)
	}
}
