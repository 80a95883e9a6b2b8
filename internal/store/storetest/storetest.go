// Package storetest opens fresh, migrated stores on every engine available to
// a test: SQLite always, PostgreSQL when GUICHET_TEST_DATABASE_URL is set.
//
//	for _, e := range storetest.Engines(t) {
//		t.Run(e.Name, func(t *testing.T) { s := e.Open(t); ... })
//	}
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"guichet/internal/store"
)

// EnvURL names the environment variable holding the test PostgreSQL URL.
const EnvURL = "GUICHET_TEST_DATABASE_URL"

// Engine opens fresh stores on one engine.
type Engine struct {
	Name string // "sqlite" or "postgres"
	// Open returns a fresh migrated store, closed (and its PostgreSQL schema
	// dropped) when the test ends. It fails the test if that is impossible.
	Open func(t testing.TB) *store.Store
	// OpenWith is Open with options (a fixed clock, a small attachment limit).
	OpenWith func(t testing.TB, opt store.Options) *store.Store
}

// Engines returns SQLite, plus PostgreSQL when GUICHET_TEST_DATABASE_URL is
// set. With CI=true an unset URL fails the test instead of being skipped.
func Engines(t testing.TB) []Engine {
	t.Helper()
	engines := []Engine{newEngine("sqlite", openSQLite)}
	pgURL := os.Getenv(EnvURL)
	if pgURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("storetest: %s must be set when CI=true", EnvURL)
		}
		return engines
	}
	return append(engines, newEngine("postgres", func(t testing.TB, opt store.Options) *store.Store {
		return openPostgres(t, pgURL, opt)
	}))
}

func newEngine(name string, open func(testing.TB, store.Options) *store.Store) Engine {
	return Engine{
		Name:     name,
		Open:     func(t testing.TB) *store.Store { t.Helper(); return open(t, store.Options{}) },
		OpenWith: open,
	}
}

func openSQLite(t testing.TB, opt store.Options) *store.Store {
	t.Helper()
	dir := t.TempDir()
	if opt.BlobDir == "" {
		opt.BlobDir = filepath.Join(dir, "blobs")
	}
	return openMigrated(t, filepath.Join(dir, "guichet.db"), opt)
}

// openPostgres creates a schema of its own and points the store's search_path at it.
func openPostgres(t testing.TB, base string, opt store.Options) *store.Store {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer admin.Close()
	schema := "test_" + randomHex(8)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("storetest: %v", err)
			return
		}
		defer db.Close()
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("storetest: drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storetest: bad %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	if opt.BlobDir == "" {
		opt.BlobDir = filepath.Join(t.TempDir(), "blobs")
	}
	return openMigrated(t, u.String(), opt)
}

func openMigrated(t testing.TB, dbURL string, opt store.Options) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbURL, opt)
	if err != nil {
		t.Fatalf("storetest: open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("storetest: close: %v", err)
		}
	})
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("storetest: migrate: %v", err)
	}
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
