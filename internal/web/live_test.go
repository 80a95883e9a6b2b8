package web

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"guichet/internal/desk"
)

// sse is an open event stream, read event by event.
type sse struct {
	t      *testing.T
	lines  chan string
	cancel func()
}

// stream opens path as a server-sent event stream with the browser's cookies.
func (b *browser) stream(path string) *sse {
	b.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", b.s.srv.URL+path, nil)
	resp, err := b.c.Do(req)
	if err != nil {
		cancel()
		b.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		b.t.Fatalf("stream %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sse{t: b.t, lines: make(chan string, 100), cancel: func() { cancel(); resp.Body.Close() }}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev strings.Builder
		for sc.Scan() {
			if sc.Text() == "" {
				s.lines <- ev.String()
				ev.Reset()
				continue
			}
			ev.WriteString(sc.Text() + "\n")
		}
		close(s.lines)
	}()
	b.t.Cleanup(s.cancel)
	return s
}

// next returns the next event whose text contains want, failing after 5 s.
func (s *sse) next(want string) string {
	s.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("stream ended before %q", want)
			}
			if strings.Contains(ev, want) {
				return ev
			}
		case <-deadline:
			s.t.Fatalf("no event with %q within 5 s", want)
		}
	}
}

// none fails if an event containing unwanted arrives within d.
func (s *sse) none(unwanted string, d time.Duration) {
	s.t.Helper()
	deadline := time.After(d)
	for {
		select {
		case ev := <-s.lines:
			if strings.Contains(ev, unwanted) {
				s.t.Fatalf("unexpected event: %s", ev)
			}
		case <-deadline:
			return
		}
	}
}

func TestLiveUpdates(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
		other := s.open("Autre demande", "Rien à voir.")
		marie := s.signedIn()
		paul := s.newBrowser("en")
		paul.signIn("paul@guichet.example", testPassword)
		after, err := s.st.LatestEventID(ctx)
		must(t, err)

		t.Run("RequestPageHearsAnotherAgentsReply", func(t *testing.T) {
			st := marie.stream("/live?request=" + itoa(r.Number) + "&after=" + itoa(after))
			st.next("event: presence") // who is writing, at once: nobody
			_, err := s.st.AddMessage(ctx, s.paul, r.Number, desk.NewMessage{Body: "Je m'en occupe."})
			must(t, err)
			ev := st.next("event: change")
			if !strings.Contains(ev, `"numbers":[`+itoa(r.Number)) || !strings.Contains(ev, desk.EventMessageAdded) {
				t.Fatalf("event %q", ev)
			}
		})
		t.Run("RequestPageIgnoresOtherRequests", func(t *testing.T) {
			latest, err := s.st.LatestEventID(ctx)
			must(t, err)
			st := marie.stream("/live?request=" + itoa(r.Number) + "&after=" + itoa(latest))
			_, err = s.st.AddMessage(ctx, s.paul, other.Number, desk.NewMessage{Body: "Autre chose."})
			must(t, err)
			st.none("event: change", 1100*time.Millisecond) // two ticks of the hub
		})
		t.Run("InboxHearsEveryRequestIncludingMissedOnes", func(t *testing.T) {
			st := marie.stream("/live?after=" + itoa(after)) // changes made since after are caught up
			ev := st.next("event: change")
			if !strings.Contains(ev, itoa(other.Number)) {
				t.Fatalf("event %q", ev)
			}
		})
		t.Run("SomeoneElseIsReplying", func(t *testing.T) {
			st := marie.stream("/live?request=" + itoa(r.Number))
			st.next("event: presence")
			paul.get("/requests/" + itoa(r.Number))
			if p := paul.post("/requests/"+itoa(r.Number)+"/presence", url.Values{"activity": {"reply"}}); p.status != http.StatusNoContent {
				t.Fatalf("heartbeat: %d", p.status)
			}
			ev := st.next("Paul Gagnon")
			if !strings.Contains(ev, `"activity":"reply"`) {
				t.Fatalf("event %q", ev)
			}
			paul.get("/requests/" + itoa(r.Number))
			paul.post("/requests/"+itoa(r.Number)+"/reply", url.Values{"body": {"Voilà."}})
			st.next(`{"writers":[]}`) // sending the reply ends it
		})
		t.Run("OwnPresenceIsNotShown", func(t *testing.T) {
			st := marie.stream("/live?request=" + itoa(r.Number))
			st.next("event: presence")
			marie.get("/requests/" + itoa(r.Number))
			marie.post("/requests/"+itoa(r.Number)+"/presence", url.Values{"activity": {"note"}})
			st.none("Marie Tremblay", 1100*time.Millisecond)
		})
		t.Run("AnotherNodeOnTheSameDatabaseHearsIt", func(t *testing.T) {
			// A second node: its own handler and hub, the same database.
			done := make(chan struct{})
			node2 := httptest.NewServer(New(Deps{Store: s.st, Done: done}))
			defer func() { close(done); node2.Close() }()
			s2 := *s
			s2.srv, s2.t = node2, t
			watcher := s2.signedIn()
			latest, err := s.st.LatestEventID(ctx)
			must(t, err)
			st := watcher.stream("/live?request=" + itoa(r.Number) + "&after=" + itoa(latest))
			paul.get("/requests/" + itoa(r.Number)) // on the first node
			paul.post("/requests/"+itoa(r.Number)+"/note", url.Values{"body": {"Vu avec l'entrepôt."}})
			st.next("event: change")
		})
		t.Run("StreamOutlivesTheServerTimeouts", func(t *testing.T) {
			done := make(chan struct{})
			srv := httptest.NewUnstartedServer(New(Deps{Store: s.st, Done: done}))
			srv.Config.ReadTimeout, srv.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
			srv.Start()
			defer func() { close(done); srv.Close() }()
			s2 := *s
			s2.srv, s2.t = srv, t
			watcher := s2.signedIn()
			latest, err := s.st.LatestEventID(ctx)
			must(t, err)
			st := watcher.stream("/live?request=" + itoa(r.Number) + "&after=" + itoa(latest))
			time.Sleep(time.Second)
			_, err = s.st.AddMessage(ctx, s.paul, r.Number, desk.NewMessage{Visibility: desk.Internal, Body: "Toujours là?"})
			must(t, err)
			st.next("event: change")
		})
		t.Run("PageFarBehindIsToldToReload", func(t *testing.T) {
			before, err := s.st.LatestEventID(ctx)
			must(t, err)
			for i := range maxCatchUp + 10 {
				_, err := s.st.AddMessage(ctx, s.paul, other.Number, desk.NewMessage{Visibility: desk.Internal, Body: "note " + itoa(int64(i))})
				must(t, err)
			}
			latest, err := s.st.LatestEventID(ctx)
			must(t, err)
			marie.stream("/live?after=" + itoa(latest-1)).next("event: change") // the hub has read them all
			marie.stream("/live?after=" + itoa(before)).next("event: reset")
		})
		t.Run("ErrBadInput", func(t *testing.T) {
			if p := marie.get("/live?request=abc"); p.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad request number: %d", p.status)
			}
			marie.get("/requests/" + itoa(r.Number))
			if p := marie.post("/requests/"+itoa(r.Number)+"/presence", url.Values{"activity": {"dancing"}}); p.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad activity: %d", p.status)
			}
			if p := marie.post("/requests/999999/presence", url.Values{"activity": {"reply"}}); p.status != http.StatusNotFound {
				t.Fatalf("unknown request: %d", p.status)
			}
		})
		t.Run("SignedOutCannotListen", func(t *testing.T) {
			if p := s.newBrowser("en").get("/live"); !strings.HasPrefix(p.url, "/login") {
				t.Fatalf("went to %s", p.url)
			}
		})
	})
}
