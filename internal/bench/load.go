package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"sync/atomic"
	"time"
)

// loadSpec is what the HTTP phases need to run in another process: where the
// API is, how to authenticate, the run's sizes and the directory's addresses
// and departments.
type loadSpec struct {
	Base    string   `json:"base"`
	Token   string   `json:"token"`
	Config  Config   `json:"config"`
	Emails  []string `json:"emails"`
	DeptIDs []int64  `json:"department_ids"`
}

// loadResult is the HTTP phases' outcome.
type loadResult struct {
	Create Phase `json:"create"`
	List   Phase `json:"list"`
	Search Phase `json:"search"`
}

// Load runs the HTTP phases (API creation, queue listing and search over
// HTTP) described by the JSON spec read from in, and writes their results as
// JSON on out. `guichet bench` starts it as a child process so that the
// clients' memory and garbage are not counted in the server's RSS. It
// returns an error for an unreadable spec.
func Load(ctx context.Context, in io.Reader, out io.Writer) error {
	var spec loadSpec
	if err := json.NewDecoder(in).Decode(&spec); err != nil {
		return fmt.Errorf("bench load: spec: %w", err)
	}
	if len(spec.Emails) == 0 || len(spec.DeptIDs) == 0 {
		return fmt.Errorf("bench load: spec without requesters or departments")
	}
	h := newHTTPTarget(spec.Base, spec.Token, spec.Config.Clients)
	defer h.client.CloseIdleConnections()
	res := runHTTPPhases(ctx, h, &directory{emails: spec.Emails, deptIDs: spec.DeptIDs}, spec.Config)
	return json.NewEncoder(out).Encode(res)
}

// runHTTPPhases runs the three HTTP phases one after the other, counting the
// results of listings and searches.
func runHTTPPhases(ctx context.Context, h *httpTarget, dir *directory, cfg Config) loadResult {
	var hits atomic.Int64
	var res loadResult
	res.Create = apiCreate(ctx, h, dir, cfg)
	res.List = withHits(listHTTP(ctx, h, dir, cfg, &hits), &hits)
	res.Search = withHits(searchHTTP(ctx, h, cfg, &hits), &hits)
	return res
}

// newHTTPTarget returns a client for the API at base with enough idle
// connections for clients concurrent callers.
func newHTTPTarget(base, token string, clients int) *httpTarget {
	tr := &http.Transport{
		MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients, MaxConnsPerHost: clients,
		IdleConnTimeout: 30 * time.Second, Proxy: func(*http.Request) (*url.URL, error) { return nil, nil },
	}
	return &httpTarget{base: base, token: token, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// runLoadProcess runs the HTTP phases in a child process started with
// command (its stdin gets the spec, its stdout the results) and returns them.
func runLoadProcess(ctx context.Context, command []string, spec loadSpec) (loadResult, error) {
	var res loadResult
	b, err := json.Marshal(spec)
	if err != nil {
		return res, err
	}
	cmd := exec.CommandContext(ctx, command[0], command[1:]...)
	cmd.Stdin = bytes.NewReader(b)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return res, fmt.Errorf("bench: load process: %w: %.500s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return res, fmt.Errorf("bench: load process output: %w", err)
	}
	return res, nil
}
