package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// rawInsert measures (a): the engine's durable single-row insert rate. The
// throughput is the store's own figure for cfg.RawInserts sequential inserts;
// the percentiles come from cfg.RawInserts/2 more single-insert calls, each
// latency being the inverse of the rate the store reports for that one insert
// (which excludes the scratch table's clean-up).
func rawInsert(ctx context.Context, st *store.Store, cfg Config, name string) (Phase, error) {
	start := time.Now()
	rate, err := st.RawInsertRate(ctx, cfg.RawInserts)
	if err != nil {
		return Phase{}, fmt.Errorf("bench: raw insert rate: %w", err)
	}
	deadline := time.Now().Add(cfg.Duration)
	lat := make([]time.Duration, 0, cfg.RawInserts/2)
	for i := 0; i < max(1, cfg.RawInserts/2) && time.Now().Before(deadline); i++ {
		one, err := st.RawInsertRate(ctx, 1)
		if err != nil {
			return Phase{}, fmt.Errorf("bench: raw insert: %w", err)
		}
		lat = append(lat, time.Duration(float64(time.Second)/one))
	}
	p := summarize(name, lat, time.Since(start))
	p.Ops, p.Clients, p.PerSecond = cfg.RawInserts+len(lat), 1, rate
	return p, nil
}

// createBody is the JSON of POST /api/v1/requests.
type createBody struct {
	Subject      string        `json:"subject"`
	Body         string        `json:"body"`
	Requester    personRef     `json:"requester"`
	DepartmentID int64         `json:"department_id"`
	Priority     desk.Priority `json:"priority"`
}

type personRef struct {
	Email string `json:"email"`
}

// apiCreate measures (b): cfg.Clients concurrent clients POSTing requests of
// about 1 KB to the real API, until cfg.Creates are done or cfg.Duration passed.
func apiCreate(ctx context.Context, h *httpTarget, dir *directory, cfg Config) Phase {
	return runPhase(ctx, "create request (HTTP API)", cfg.Creates, cfg.Clients, cfg.Duration, func(c int) op {
		r := rand.New(rand.NewPCG(uint64(cfg.Seed), 1<<40+uint64(c)))
		w := newWriter(r)
		return func(ctx context.Context, _ int) error {
			fr := w.french()
			in := createBody{
				Subject: w.subject(fr), Body: w.apiBody(fr, 1000),
				Requester:    personRef{Email: dir.emails[r.IntN(len(dir.emails))]},
				DepartmentID: dir.deptIDs[r.IntN(len(dir.deptIDs))], Priority: desk.PriorityNormal,
			}
			b, err := json.Marshal(in)
			if err != nil {
				return err
			}
			_, err = h.do(ctx, http.MethodPost, "/api/v1/requests", b, http.StatusCreated)
			return err
		}
	})
}

// listStore and listHTTP measure (c): the 50 newest open requests of a random
// department, at the store and over HTTP.
func listStore(ctx context.Context, st *store.Store, dir *directory, cfg Config, hits *atomic.Int64) Phase {
	return runPhase(ctx, "queue listing (store)", cfg.Queries, cfg.QueryClients, cfg.Duration, func(c int) op {
		r := rand.New(rand.NewPCG(uint64(cfg.Seed), 2<<40+uint64(c)))
		return func(ctx context.Context, _ int) error {
			f := desk.RequestFilter{Status: []desk.Status{desk.StatusOpen}, DepartmentID: dir.deptIDs[r.IntN(len(dir.deptIDs))], Limit: 50}
			page, err := st.ListRequests(ctx, dir.worker, f)
			if err == nil {
				hits.Add(int64(len(page.Requests)))
			}
			return err
		}
	})
}

func listHTTP(ctx context.Context, h *httpTarget, dir *directory, cfg Config, hits *atomic.Int64) Phase {
	return runPhase(ctx, "queue listing (HTTP)", cfg.Queries, cfg.QueryClients, cfg.Duration, func(c int) op {
		r := rand.New(rand.NewPCG(uint64(cfg.Seed), 3<<40+uint64(c)))
		return func(ctx context.Context, _ int) error {
			dep := strconv.FormatInt(dir.deptIDs[r.IntN(len(dir.deptIDs))], 10)
			body, err := h.do(ctx, http.MethodGet, "/api/v1/requests?status=open&limit=50&department="+dep, nil, http.StatusOK)
			hits.Add(int64(bytes.Count(body, []byte(`"number":`))))
			return err
		}
	})
}

// searchStore and searchHTTP measure (d): full-text search of 1-2 vocabulary
// words, the 50 newest matches, at the store and over HTTP.
func searchStore(ctx context.Context, st *store.Store, dir *directory, cfg Config, hits *atomic.Int64) Phase {
	return runPhase(ctx, "search (store)", cfg.Queries, cfg.QueryClients, cfg.Duration, func(c int) op {
		w := newWriter(rand.New(rand.NewPCG(uint64(cfg.Seed), 4<<40+uint64(c))))
		return func(ctx context.Context, _ int) error {
			page, err := st.ListRequests(ctx, dir.worker, desk.RequestFilter{Query: w.query(), Limit: 50})
			if err == nil {
				hits.Add(int64(len(page.Requests)))
			}
			return err
		}
	})
}

func searchHTTP(ctx context.Context, h *httpTarget, cfg Config, hits *atomic.Int64) Phase {
	return runPhase(ctx, "search (HTTP)", cfg.Queries, cfg.QueryClients, cfg.Duration, func(c int) op {
		w := newWriter(rand.New(rand.NewPCG(uint64(cfg.Seed), 5<<40+uint64(c))))
		return func(ctx context.Context, _ int) error {
			body, err := h.do(ctx, http.MethodGet, "/api/v1/requests?limit=50&q="+url.QueryEscape(w.query()), nil, http.StatusOK)
			hits.Add(int64(bytes.Count(body, []byte(`"number":`))))
			return err
		}
	})
}

// httpTarget is the API server under test and an authenticated client for it.
type httpTarget struct {
	base   string
	token  string
	client *http.Client
}

// do sends one request and returns the response body; any status but want is
// an error quoting the start of the body.
func (h *httpTarget) do(ctx context.Context, method, path string, body []byte, want int) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: status %d: %.200s", method, path, resp.StatusCode, out)
	}
	return out, nil
}
