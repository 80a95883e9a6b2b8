package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server's logger and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// testEnv runs commands against one data directory, like a user in one shell.
type testEnv struct {
	t    *testing.T
	vars map[string]string
}

func newTestEnv(t *testing.T) *testEnv {
	return &testEnv{t: t, vars: map[string]string{"GUICHET_DATA_DIR": filepath.Join(t.TempDir(), "data")}}
}

func (e *testEnv) getenv(k string) string { return e.vars[k] }

// run runs a command to completion and returns its stdout.
func (e *testEnv) run(stdin string, args ...string) (string, error) {
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, e.getenv, strings.NewReader(stdin), &out, &errb)
	if err != nil {
		return out.String(), fmt.Errorf("%w (stderr: %s)", err, errb.String())
	}
	return out.String(), nil
}

// serve starts `guichet serve` on a random loopback port and returns its base
// URL, its log, and a stop function that waits for a clean shutdown.
func (e *testEnv) serve(args ...string) (string, *syncBuffer, func()) {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	env := Env{Getenv: e.getenv, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logs}
	go func() {
		done <- serve(ctx, append([]string{"-addr", "127.0.0.1:0", "-smtp-addr", "127.0.0.1:0"}, args...), env, func(a net.Addr) { addr <- a })
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a.String()
	case err := <-done:
		cancel()
		e.t.Fatalf("serve stopped before listening: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		cancel()
		e.t.Fatalf("serve did not listen in time\n%s", logs.String())
	}
	waitHealthy(e.t, base)
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			e.t.Errorf("serve returned %v on shutdown", err)
		}
	}
	return base, logs, stop
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server never became healthy")
}

func call(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func TestServeEndToEnd(t *testing.T) {
	e := newTestEnv(t)
	if _, err := e.run("s3cret-passphrase\n", "user", "create", "--email", "Admin@Example.com", "--name", "Ada Admin", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	tok, err := e.run("", "token", "create", "--user", "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(tok)
	if strings.Count(tok, "\n") != 1 || len(token) < 20 {
		t.Fatalf("token create must print only the token, got %q", tok)
	}
	base, _, stop := e.serve()
	defer stop()

	t.Run("ReadyWhenMigrated", func(t *testing.T) {
		if code, m := call(t, "GET", base+"/readyz", "", nil); code != 200 {
			t.Fatalf("readyz %d %v", code, m)
		}
	})
	t.Run("CreateAndReadRequestOverHTTP", func(t *testing.T) {
		code, created := call(t, "POST", base+"/api/v1/requests", token, map[string]any{
			"subject":   "Commande incomplète — il manque 12 boîtes de crayons",
			"body":      "Bonjour, notre commande est arrivée sans les crayons.",
			"requester": map[string]any{"email": "direction@ecole-soleil.example", "name": "Julie Gagnon"},
		})
		if code != 201 {
			t.Fatalf("create: %d %v", code, created)
		}
		n := created["number"].(float64)
		code, got := call(t, "GET", fmt.Sprintf("%s/api/v1/requests/%d", base, int64(n)), token, nil)
		if code != 200 || got["subject"] != created["subject"] {
			t.Fatalf("get: %d %v", code, got)
		}
	})
	t.Run("SignInPageServed", func(t *testing.T) {
		res, err := http.Get(base + "/login")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(b), "<form") {
			t.Fatalf("GET /login: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
	t.Run("ErrUnauthorizedWithoutToken", func(t *testing.T) {
		if code, _ := call(t, "GET", base+"/api/v1/requests", "", nil); code != 401 {
			t.Fatalf("got %d, want 401", code)
		}
	})
	t.Run("MetricsLabelByRouteNotPath", func(t *testing.T) {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), `route="GET /api/v1/requests/{number}"`) {
			t.Fatalf("no per-route latency series in /metrics")
		}
		if regexp.MustCompile(`route="[^"]*/requests/[0-9]`).Match(b) {
			t.Fatal("metrics labelled by raw path (unbounded series)")
		}
		if !strings.Contains(string(b), "guichet_db_open_connections") {
			t.Fatal("no database pool metrics")
		}
		if !strings.Contains(string(b), `guichet_db_in_use_connections{pool="search"}`) { // SQLite
			t.Fatal("no metrics of the search index's connection")
		}
	})
}

func TestServeDemo(t *testing.T) {
	e := newTestEnv(t)
	base, logs, stop := e.serve("--demo")
	m := regexp.MustCompile(`api_token=(\S+)`).FindStringSubmatch(logs.String())
	if m == nil {
		stop()
		t.Fatalf("demo load did not log an API token:\n%s", logs.String())
	}
	if !regexp.MustCompile(`password=demo-\S+`).MatchString(logs.String()) {
		stop()
		t.Fatalf("demo load did not log the agents' password:\n%s", logs.String())
	}
	code, page := call(t, "GET", base+"/api/v1/requests?limit=100", m[1], nil)
	if code != 200 || len(page["requests"].([]any)) < 20 {
		t.Fatalf("demo requests: %d %v", code, page)
	}
	stop()

	t.Run("SecondStartLeavesDataAlone", func(t *testing.T) {
		base, logs, stop := e.serve("--demo")
		defer stop()
		if !strings.Contains(logs.String(), "not empty") {
			t.Fatalf("second --demo start should say the database is not empty:\n%s", logs.String())
		}
		_, again := call(t, "GET", base+"/api/v1/requests?limit=100", m[1], nil)
		if len(again["requests"].([]any)) != len(page["requests"].([]any)) {
			t.Fatal("second demo load changed the data")
		}
	})
}

func TestCommandErrors(t *testing.T) {
	e := newTestEnv(t)
	for name, args := range map[string][]string{
		"UnknownCommand":   {"frobnicate"},
		"UnknownFlag":      {"migrate", "--nope"},
		"TokenWithoutUser": {"token", "create"},
		"BadRole":          {"user", "create", "--email", "a@example.com", "--role", "boss"},
		"BadEmail":         {"user", "create", "--email", "not-an-email"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := e.run("", args...); err == nil {
				t.Fatalf("%v: want an error", args)
			}
		})
	}
	t.Run("TokenForUnknownUser", func(t *testing.T) {
		out, err := e.run("", "token", "create", "--user", "ghost@example.com")
		if err == nil || out != "" {
			t.Fatalf("want error and no output, got %q %v", out, err)
		}
	})
}
