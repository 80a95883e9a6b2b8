package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"guichet/internal/desk"
)

// Live stream timings: a comment line keeps proxies from closing an idle
// stream; a stream ends after liveMaxAge and the browser reconnects (with
// Last-Event-ID), so no connection lives forever.
const (
	liveKeepAlive = 20 * time.Second
	liveMaxAge    = 10 * time.Minute
	liveWrite     = 30 * time.Second // deadline of one write
	presenceTTL   = 25 * time.Second // a heartbeat's life; pages beat every 10 s while typing
)

// handleLive streams server-sent events to a live page: "change" when a
// request it shows changes (the inbox: any request), "presence" when who is
// writing on its request changes, "reset" when it fell behind. ?request=N
// picks the request, ?after=ID (or Last-Event-ID) the last event the page has.
func (s *server) handleLive(w http.ResponseWriter, r *http.Request, st *reqState) error {
	sub, err := liveSubscriber(r, st)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// The server's write timeout would cut the stream after a minute or two:
	// each write has its own deadline instead, and a browser that vanished
	// fails the next keep-alive.
	send := func(format string, args ...any) error {
		_ = rc.SetWriteDeadline(time.Now().Add(liveWrite))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return err
		}
		return rc.Flush()
	}
	if err := send("retry: 2000\n\n"); err != nil {
		return nil
	}
	latest, err := s.store.LatestEventID(r.Context())
	if err != nil {
		return nil // the stream has started: the page reconnects
	}
	high := s.hub.subscribe(sub, latest)
	defer s.hub.unsubscribe(sub)
	if sub.after < high && s.catchUp(r.Context(), sub, high, send) != nil {
		return nil
	}
	s.stream(r, sub, send)
	return nil
}

// catchUp sends the page the changes made between what it has and what the
// hub had seen when it subscribed; a page too far behind is told to reload.
func (s *server) catchUp(ctx context.Context, sub *subscriber, high int64, send func(string, ...any) error) error {
	evs, err := s.store.EventsAfter(ctx, sub.after, maxCatchUp)
	if err != nil {
		return err
	}
	if len(evs) == maxCatchUp && evs[len(evs)-1].ID < high {
		return send("event: reset\ndata: {}\n\n")
	}
	var u liveUpdate
	for _, e := range evs {
		if e.ID <= high && (sub.number == 0 || e.Number == sub.number) {
			u.events = append(u.events, e)
		}
	}
	return writeUpdate(send, u)
}

// maxCatchUp bounds the events read for a page that reconnects.
const maxCatchUp = 500

// stream sends the subscriber's updates until the page goes away, the
// server stops or the stream is old enough to be renewed.
func (s *server) stream(r *http.Request, sub *subscriber, send func(string, ...any) error) {
	keep := time.NewTicker(liveKeepAlive)
	defer keep.Stop()
	end := time.NewTimer(liveMaxAge)
	defer end.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-end.C:
			return
		case <-keep.C:
			err = send(": ping\n\n")
		case <-sub.missed:
			err = send("event: reset\ndata: {}\n\n")
		case u := <-sub.ch:
			err = writeUpdate(send, u)
		}
		if err != nil {
			return
		}
	}
}

// liveChange is the data of a "change" event: which requests changed and
// how. It names no content: the page fetches itself again to show it.
type liveChange struct {
	Numbers []int64  `json:"numbers"`
	Types   []string `json:"types"`
	Actors  []int64  `json:"actors"`
}

// writer is who is writing on a request, in a "presence" event.
type writer struct {
	Name     string `json:"name"`
	Activity string `json:"activity"`
}

// writeUpdate sends one update as "change" and "presence" events.
func writeUpdate(send func(string, ...any) error, u liveUpdate) error {
	if len(u.events) > 0 {
		var c liveChange
		for _, e := range u.events {
			c.Numbers, c.Types, c.Actors = append(c.Numbers, e.Number), append(c.Types, e.Type), append(c.Actors, e.ActorID)
		}
		b, _ := json.Marshal(c) // plain values always marshal
		if err := send("id: %d\nevent: change\ndata: %s\n\n", u.events[len(u.events)-1].ID, b); err != nil {
			return err
		}
	}
	if u.hasPres {
		ws := []writer{}
		for _, p := range u.presence {
			ws = append(ws, writer{Name: p.Name, Activity: p.Activity})
		}
		b, _ := json.Marshal(map[string]any{"writers": ws})
		return send("event: presence\ndata: %s\n\n", b)
	}
	return nil
}

// liveSubscriber reads what a live page watches; bad values are CodeInvalid.
func liveSubscriber(r *http.Request, st *reqState) (*subscriber, error) {
	q := r.URL.Query()
	sub := &subscriber{self: st.actor.PersonID}
	if v := q.Get("request"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, desk.Invalid("request", "must be a request number")
		}
		sub.number = n
	}
	for _, v := range []string{q.Get("after"), r.Header.Get("Last-Event-ID")} {
		if v == "" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			return nil, desk.Invalid("after", "must be an event id")
		}
		sub.after = max(sub.after, id)
	}
	return sub, nil
}

// handlePresence records a heartbeat of the signed-in agent writing a reply
// or a note on a request (activity "" when they stop). It answers 204.
func (s *server) handlePresence(w http.ResponseWriter, r *http.Request, st *reqState) error {
	n, err := pathNumber(r)
	if err != nil {
		return err
	}
	if !st.actor.CanWork() {
		return desk.Forbidden("read-only agents do not write")
	}
	if err := s.store.SetPresence(r.Context(), n, st.actor.PersonID, r.PostForm.Get("activity"), presenceTTL); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// stopWriting clears the agent's presence on request n once their message is
// sent; failing to clear it only leaves it to expire.
func (s *server) stopWriting(r *http.Request, st *reqState, n int64) {
	if err := s.store.SetPresence(r.Context(), n, st.actor.PersonID, "", presenceTTL); err != nil {
		s.log.WarnContext(r.Context(), "web: clear presence", "number", n, "err", err)
	}
}
