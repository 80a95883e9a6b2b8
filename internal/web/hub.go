package web

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"guichet/internal/store"
)

// livePoll is how often a node's hub reads the events and presence tables
// while live pages are open on it. Every node reads the shared database, so
// changes made on any node (or by incoming mail) reach every page.
const livePoll = 500 * time.Millisecond

// hub fans request changes and presence out to the live pages open on this
// node. It reads the database only while at least one page is subscribed:
// one goroutine, two small queries a tick, however many pages are open.
type hub struct {
	store *store.Store
	log   *slog.Logger
	every time.Duration

	mu       sync.Mutex
	subs     map[*subscriber]bool
	running  bool
	high     int64                      // the highest event id delivered
	presence map[int64][]store.Presence // live presence by request, as last read
}

// subscriber is one open live page.
type subscriber struct {
	number int64 // the request it shows; 0 for the inbox (every request)
	after  int64 // events up to this id are already on the page
	self   int64 // the agent viewing it: their own presence is not news
	ch     chan liveUpdate
	missed chan struct{} // signalled when an update was dropped: the page reloads
}

// liveUpdate is what one subscriber is told in one tick.
type liveUpdate struct {
	events   []store.LiveEvent
	presence []store.Presence // set when presence is news
	hasPres  bool
}

func newHub(st *store.Store, log *slog.Logger) *hub {
	return &hub{store: st, log: log, every: livePoll, subs: map[*subscriber]bool{}, presence: map[int64][]store.Presence{}}
}

// startMargin is how far below the newest event id a starting hub begins
// reading, so that on PostgreSQL an event whose smaller id commits just
// after the start is not missed (pages ignore ids they already have).
const startMargin = 100

// subscribe registers a page and returns the highest event id the hub has
// seen: events between sub.after and it are the caller's to catch up on. A
// hub that was idle starts from the newest event (latest), never from what
// a page claims to have, so one stale page cannot make every page wait while
// the hub reads old history. The page is told its request's current presence
// at once.
func (h *hub) subscribe(sub *subscriber, latest int64) int64 {
	sub.ch = make(chan liveUpdate, 16)
	sub.missed = make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[sub] = true
	if !h.running {
		h.running = true
		h.high = latest
		go h.run(max(0, latest-startMargin))
	}
	if sub.number != 0 {
		sub.ch <- liveUpdate{presence: others(h.presence[sub.number], sub.self), hasPres: true}
	}
	return h.high
}

// unsubscribe forgets a page; the hub stops reading when none is left.
func (h *hub) unsubscribe(sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, sub)
}

// run reads the tables every tick until no page is subscribed.
func (h *hub) run(after int64) {
	cur := newEventCursor(after)
	t := time.NewTicker(h.every)
	defer t.Stop()
	for range t.C {
		h.mu.Lock()
		if len(h.subs) == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
		h.tick(cur)
	}
}

// tick reads new events and the presence table once and tells each page
// what concerns it.
func (h *hub) tick(cur *eventCursor) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	evs, err := h.store.EventsAfter(ctx, cur.low, 0)
	if err != nil {
		h.log.Warn("web: live events", "err", err)
		return
	}
	fresh := cur.observe(evs, time.Now(), gapWait)
	var pres []store.Presence
	if h.anyRequestPage() {
		if pres, err = h.store.Presences(ctx); err != nil {
			h.log.Warn("web: live presence", "err", err)
			return
		}
	}
	byReq := map[int64][]store.Presence{}
	for _, p := range pres {
		byReq[p.Number] = append(byReq[p.Number], p)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	changed := map[int64]bool{}
	for n, ps := range byReq {
		if !samePresence(ps, h.presence[n]) {
			changed[n] = true
		}
	}
	for n := range h.presence {
		if _, ok := byReq[n]; !ok {
			changed[n] = true
		}
	}
	h.presence = byReq
	for _, e := range fresh {
		h.high = max(h.high, e.ID)
	}
	for sub := range h.subs {
		h.deliver(sub, fresh, changed)
	}
}

// anyRequestPage reports whether a request page is subscribed: only they
// show presence.
func (h *hub) anyRequestPage() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		if sub.number != 0 {
			return true
		}
	}
	return false
}

// deliver sends a subscriber the events and presence that concern it,
// without ever blocking the hub: a page too slow to keep up is told to
// reload instead.
func (h *hub) deliver(sub *subscriber, fresh []store.LiveEvent, changed map[int64]bool) {
	var u liveUpdate
	for _, e := range fresh {
		if e.ID > sub.after && (sub.number == 0 || e.Number == sub.number) {
			u.events = append(u.events, e)
		}
	}
	if sub.number != 0 && changed[sub.number] {
		u.presence, u.hasPres = others(h.presence[sub.number], sub.self), true
	}
	if len(u.events) == 0 && !u.hasPres {
		return
	}
	select {
	case sub.ch <- u:
	default:
		select {
		case sub.missed <- struct{}{}:
		default:
		}
	}
}

// others drops the viewer's own presence.
func others(ps []store.Presence, self int64) []store.Presence {
	out := []store.Presence{}
	for _, p := range ps {
		if p.PersonID != self {
			out = append(out, p)
		}
	}
	return out
}

// samePresence reports whether two presence lists say the same (expiry aside).
func samePresence(a, b []store.Presence) bool {
	return slices.EqualFunc(a, b, func(x, y store.Presence) bool {
		return x.PersonID == y.PersonID && x.Activity == y.Activity
	})
}
