package web

import (
	"testing"
	"time"

	"guichet/internal/store"
)

func evs(ids ...int64) []store.LiveEvent {
	out := make([]store.LiveEvent, len(ids))
	for i, id := range ids {
		out[i] = store.LiveEvent{ID: id, Number: 1}
	}
	return out
}

func ids(evs []store.LiveEvent) []int64 {
	var out []int64
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func TestEventCursor(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	t.Run("InOrderEventsAdvanceAndAreDeliveredOnce", func(t *testing.T) {
		c := newEventCursor(10)
		if got := ids(c.observe(evs(11, 12, 13), t0, time.Second)); len(got) != 3 || c.low != 13 {
			t.Fatalf("got %v, low %d", got, c.low)
		}
		if got := c.observe(evs(13), t0, time.Second); len(got) != 0 {
			t.Fatalf("delivered again: %v", got)
		}
	})
	t.Run("LateCommitInAHoleIsDelivered", func(t *testing.T) {
		c := newEventCursor(10)
		c.observe(evs(11, 13), t0, time.Second) // 12 not committed yet
		if c.low != 11 {
			t.Fatalf("low %d, want to wait at 11", c.low)
		}
		got := ids(c.observe(evs(12, 13, 14), t0.Add(500*time.Millisecond), time.Second))
		if len(got) != 2 || got[0] != 12 || got[1] != 14 || c.low != 14 {
			t.Fatalf("got %v, low %d", got, c.low)
		}
	})
	t.Run("HoleIsGivenUpAfterTheWait", func(t *testing.T) {
		c := newEventCursor(10)
		c.observe(evs(15, 16), t0, time.Second) // 11..14 rolled back
		c.observe(evs(15, 16), t0.Add(500*time.Millisecond), time.Second)
		if c.low != 10 {
			t.Fatalf("gave up too early: low %d", c.low)
		}
		c.observe(evs(15, 16), t0.Add(1100*time.Millisecond), time.Second)
		if c.low != 16 || len(c.seen) != 0 {
			t.Fatalf("low %d, seen %v", c.low, c.seen)
		}
	})
}
