package store_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func TestMigrate(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := e.Open(t)
			t.Run("seeds the front desk", func(t *testing.T) {
				d, err := s.DepartmentBySlug(ctx, "front-desk")
				must(t, err)
				if !d.FrontDesk || d.Name != "Front desk" {
					t.Fatalf("front desk = %+v", d)
				}
			})
			t.Run("is idempotent and complete", func(t *testing.T) {
				must(t, s.Migrate(ctx))
				must(t, s.CheckMigrations(ctx))
				must(t, s.Ping(ctx))
			})
			t.Run("a new desk is empty until someone is added", func(t *testing.T) {
				empty, err := s.IsEmpty(ctx)
				must(t, err)
				if !empty {
					t.Fatal("fresh store not empty")
				}
				must(t, s.CreatePerson(ctx, desk.SystemActor, &desk.Person{Emails: []string{"x@y.example"}}))
				if empty, _ = s.IsEmpty(ctx); empty {
					t.Fatal("store with a person is empty")
				}
			})
			t.Run("reports its engine and pools", func(t *testing.T) {
				if s.Engine() != e.Name {
					t.Fatalf("Engine = %q", s.Engine())
				}
				if _, ok := s.PoolStats()["write"]; !ok {
					t.Fatal("no write pool stats")
				}
			})
		})
	}
}

func TestOpenSQLite(t *testing.T) {
	for _, form := range []string{"sqlite:%s", "file:%s", "%s"} {
		t.Run(form, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "nested", "dir")
			path := filepath.Join(dir, "g.db")
			s, err := store.Open(ctx, fmtURL(form, path), store.Options{})
			must(t, err)
			defer s.Close()
			if s.Engine() != "sqlite" {
				t.Fatalf("engine %q", s.Engine())
			}
			if err := s.CheckMigrations(ctx); err == nil {
				t.Fatal("CheckMigrations = nil before Migrate")
			}
			must(t, s.Migrate(ctx))
			must(t, s.CheckMigrations(ctx))
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("database file not created: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "blobs")); err != nil {
				t.Fatalf("blob directory not beside the database: %v", err)
			}
		})
	}
}

func fmtURL(form, path string) string {
	switch form {
	case "sqlite:%s":
		return "sqlite:" + path
	case "file:%s":
		return "file:" + path
	}
	return path
}

// TestMigrateConcurrently migrates one new PostgreSQL schema from several
// stores at once, as several nodes starting together would.
func TestMigrateConcurrently(t *testing.T) {
	storetest.Engines(t) // fails under CI=true without PostgreSQL
	base := os.Getenv(storetest.EnvURL)
	if base == "" {
		t.Skip("PostgreSQL only: " + storetest.EnvURL + " is not set")
	}
	admin, err := sql.Open("pgx", base)
	must(t, err)
	defer admin.Close()
	schema := fmt.Sprintf("test_migrate_%d", time.Now().UnixNano())
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	must(t, err)
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	u, err := url.Parse(base)
	must(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := store.Open(ctx, u.String(), store.Options{BlobDir: t.TempDir()})
			if err == nil {
				err = s.Migrate(ctx)
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		must(t, <-errs)
	}
	var fronts int
	must(t, admin.QueryRow("SELECT COUNT(*) FROM "+schema+".departments WHERE front_desk").Scan(&fronts))
	if fronts != 1 {
		t.Fatalf("%d front desks after concurrent migrations", fronts)
	}
}
