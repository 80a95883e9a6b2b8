package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// batchSize is the number of requests per BulkLoad call.
const batchSize = 5_000

// span is how far back the generated requests go.
const span = 2 * 365 * 24 * time.Hour

// generated counts what loadRequests inserted.
type generated struct {
	Requests, Messages int64
	Open               int64 // requests with status open
}

// loadRequests generates cfg.Requests requests in batches and loads them with
// BulkLoad, showing a progress bar on progress. One goroutine generates the
// batches ahead of the loaders: one loader on SQLite (it has one writer
// anyway), several on PostgreSQL, whose BulkLoad waits on round trips. It
// returns the first error.
func loadRequests(ctx context.Context, st *store.Store, cfg Config, dir *directory, now time.Time, progress io.Writer) (generated, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loaders := 1
	if st.Engine() == "postgres" {
		loaders = 4
	}
	batches := make(chan []store.BulkRequest, loaders+1)
	go func() {
		defer close(batches)
		for start := 0; start < cfg.Requests; start += batchSize {
			select {
			case batches <- genBatch(cfg, dir, now, start, min(batchSize, cfg.Requests-start)):
			case <-ctx.Done():
				return
			}
		}
	}()
	var mu sync.Mutex
	var g generated
	bar := newBar(progress, "requests", cfg.Requests)
	err := parallel(ctx, loaders, loaders, func(int) error {
		for b := range batches {
			if err := st.BulkLoad(ctx, b); err != nil {
				return fmt.Errorf("bench: bulk load: %w", err)
			}
			mu.Lock()
			g.add(b)
			bar.set(int(g.Requests))
			mu.Unlock()
		}
		return nil
	})
	bar.done()
	return g, err
}

// add counts batch b.
func (g *generated) add(b []store.BulkRequest) {
	for i := range b {
		g.Requests++
		g.Messages += int64(len(b[i].Messages))
		if b[i].Status == desk.StatusOpen {
			g.Open++
		}
	}
}

// genBatch returns requests start..start+n-1 of the data set. The same config
// and index always give the same requests.
func genBatch(cfg Config, dir *directory, now time.Time, start, n int) []store.BulkRequest {
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(start)))
	w := newWriter(r)
	step := span / time.Duration(cfg.Requests)
	first := now.Add(-span)
	out := make([]store.BulkRequest, n)
	for i := range out {
		created := first.Add(step*time.Duration(start+i) + time.Duration(r.Int64N(int64(step)+1)))
		out[i] = genRequest(r, w, cfg, dir, created, now)
	}
	return out
}

// statuses with their share of the data set, in percent.
var statusMix = []struct {
	s   desk.Status
	pct int
}{
	{desk.StatusNew, 5}, {desk.StatusOpen, 15}, {desk.StatusWaitingRequester, 5},
	{desk.StatusWaitingDepartment, 3}, {desk.StatusSolved, 22}, {desk.StatusClosed, 50},
}

var priorityMix = []desk.Priority{
	desk.PriorityLow, desk.PriorityNormal, desk.PriorityNormal, desk.PriorityNormal,
	desk.PriorityNormal, desk.PriorityNormal, desk.PriorityHigh, desk.PriorityHigh, desk.PriorityUrgent,
}

func pickStatus(r *rand.Rand) desk.Status {
	x := r.IntN(100)
	for _, m := range statusMix {
		if x < m.pct {
			return m.s
		}
		x -= m.pct
	}
	return desk.StatusClosed
}

// genRequest returns one request created at created with its conversation: the
// requester's first message, then replies, notes and follow-ups. A solved or
// closed request always has a public reply; a new one has only its first message.
func genRequest(r *rand.Rand, w *writer, cfg Config, dir *directory, created, now time.Time) store.BulkRequest {
	fr := w.french()
	dep := dir.deptIDs[r.IntN(len(dir.deptIDs))]
	req := dir.requesters[r.IntN(len(dir.requesters))]
	b := store.BulkRequest{
		Subject: w.subject(fr), Status: pickStatus(r), Priority: priorityMix[r.IntN(len(priorityMix))],
		DepartmentID: dep, RequesterID: req, CreatedAt: created,
	}
	if b.Status != desk.StatusNew || r.IntN(10) < 3 {
		b.AgentID = dir.pickAgent(r, dep)
	}
	n := 1 + r.IntN(2*cfg.MessagesPerRequest-1)
	switch {
	case b.Status == desk.StatusNew:
		n = 1 // nobody has answered yet
	case b.Status.Done():
		n = max(n, 2)
	}
	at := created
	b.Messages = make([]store.BulkMessage, n)
	for i := range b.Messages {
		kind, author := desk.KindRequester, req
		if i%2 == 1 {
			kind, author = desk.KindReply, b.AgentID
			if author == 0 {
				author = dir.pickAgent(r, dep)
			}
			if i > 1 && r.IntN(5) == 0 {
				kind = desk.KindNote
			}
		}
		b.Messages[i] = store.BulkMessage{Kind: kind, AuthorID: author, Body: w.body(fr, kind), CreatedAt: at}
		at = later(r, at, now)
	}
	b.UpdatedAt = b.Messages[n-1].CreatedAt
	return b
}

// later returns a time between a few minutes and about two days after t, never
// after now.
func later(r *rand.Rand, t, now time.Time) time.Time {
	t = t.Add(5*time.Minute + time.Duration(r.Int64N(int64(48*time.Hour))))
	if t.After(now) {
		return now
	}
	return t
}
