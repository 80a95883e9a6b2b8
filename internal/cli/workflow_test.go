package cli

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // to create the test's schema

	"guichet/internal/store/storetest"
)

// engines returns the database settings `serve` gets on each engine: the
// default SQLite file, and a fresh PostgreSQL schema when the test database
// is set (CI sets it).
func engines(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": ""}
	base := os.Getenv(storetest.EnvURL)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s must be set when CI=true", storetest.EnvURL)
		}
		return out
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("cli_%d", os.Getpid())
	if _, err := admin.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", base); err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	out["postgres"] = u.String()
	return out
}

// TestServeWorkflow walks a request's life through the real `guichet serve`
// on each engine: created by the API, found by a search without its accents,
// noted internally, refused closing without an answer, handed off, answered,
// closed; a duplicate merged into it; an oversized body refused.
func TestServeWorkflow(t *testing.T) {
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			e := newTestEnv(t)
			if dbURL != "" {
				e.vars["GUICHET_DATABASE_URL"] = dbURL
			}
			e.vars["GUICHET_MAX_BODY_BYTES"] = "4096"
			if out, err := e.run("", "migrate"); err != nil || !strings.Contains(out, "migrations applied ("+name+")") {
				t.Fatalf("migrate: %q %v", out, err)
			}
			if _, err := e.run("", "user", "create", "--email", "ada@example.com", "--name", "Ada", "--role", "admin"); err != nil {
				t.Fatal(err)
			}
			tok, err := e.run("", "token", "create", "--user", "ada@example.com")
			if err != nil {
				t.Fatal(err)
			}
			token := strings.TrimSpace(tok)
			base, _, stop := e.serve()
			defer stop()
			api := func(method, path string, body any, want int) map[string]any {
				t.Helper()
				code, m := call(t, method, base+"/api/v1"+path, token, body)
				if code != want {
					t.Fatalf("%s %s: %d, want %d: %v", method, path, code, want, m)
				}
				return m
			}
			api("POST", "/departments", map[string]any{"slug": "expedition", "name": "Expédition"}, 201)
			r := api("POST", "/requests", map[string]any{"subject": "Réception d'une commande endommagée",
				"body": "Trois boîtes de crayons sont arrivées écrasées.", "requester": map[string]any{"email": "julie@ecole-soleil.example"}}, 201)
			n := int64(r["number"].(float64))
			path := fmt.Sprintf("/requests/%d", n)

			found := api("GET", "/requests?q="+url.QueryEscape("reception endommagee"), nil, 200)
			if list := found["requests"].([]any); len(list) != 1 || list[0].(map[string]any)["number"].(float64) != float64(n) {
				t.Fatalf("search without accents: %v", found)
			}
			api("POST", path+"/messages", map[string]any{"body": "Appeler l'entrepôt.", "visibility": "internal"}, 201)
			if m := api("PATCH", path, map[string]any{"status": "solved"}, 409); m["code"] != "close_without_reply" {
				t.Fatalf("close without reply: %v", m)
			}
			api("POST", path+"/handoffs", map[string]any{"to_department": "expedition", "reason": "dommages au transport"}, 201)
			api("POST", path+"/messages", map[string]any{"body": "Nous vous envoyons trois boîtes neuves."}, 201)
			if m := api("PATCH", path, map[string]any{"status": "solved"}, 200); m["status"] != "solved" {
				t.Fatalf("solved: %v", m)
			}
			got := api("GET", path, nil, 200)
			if !strings.Contains(fmt.Sprint(got["department"]), "Expédition") {
				t.Fatalf("owner after the handoff: %v", got["department"])
			}
			dup := api("POST", "/requests", map[string]any{"subject": "Re: commande endommagée", "body": "Des nouvelles ?",
				"requester": map[string]any{"email": "julie@ecole-soleil.example"}}, 201)
			api("POST", fmt.Sprintf("/requests/%d/merge", int64(dup["number"].(float64))), map[string]any{"into": n}, 200)

			if m := api("POST", "/requests", map[string]any{"subject": "big", "body": strings.Repeat("x", 8000),
				"requester": map[string]any{"email": "julie@ecole-soleil.example"}}, 413); m["code"] != "too_large" {
				t.Fatalf("oversized body: %v", m)
			}
		})
	}
}

func TestVersionAndDemoCommands(t *testing.T) {
	e := newTestEnv(t)
	if out, err := e.run("", "version"); err != nil || !strings.HasPrefix(out, "guichet ") {
		t.Fatalf("version: %q %v", out, err)
	}
	out, err := e.run("", "demo")
	if err != nil || !strings.Contains(out, "demo data loaded") || !strings.Contains(out, "password demo-") {
		t.Fatalf("demo: %q %v", out, err)
	}
	if out, err := e.run("", "demo"); err != nil || !strings.Contains(out, "not empty") {
		t.Fatalf("second demo: %q %v", out, err)
	}
}
