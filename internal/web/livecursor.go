package web

import (
	"time"

	"guichet/internal/store"
)

// gapWait is how long the hub waits for a missing event id before giving it
// up: on PostgreSQL ids are taken before commit, so a transaction that
// started earlier can commit a smaller id after a larger one was read; a
// rolled-back transaction leaves a hole for good.
const gapWait = 3 * time.Second

// eventCursor reads the events table in id order without missing an event
// that commits late. Every id ≤ low was seen (or given up); seen holds the
// ids above low already delivered, while a hole before them is waited for.
type eventCursor struct {
	low      int64
	seen     map[int64]bool
	holeFrom int64     // the first missing id being waited for, 0 if none
	holeAt   time.Time // when it was first missed
}

func newEventCursor(after int64) *eventCursor {
	return &eventCursor{low: after, seen: map[int64]bool{}}
}

// observe takes the events read after c.low and returns those not delivered
// before, advancing low over every id seen and over holes older than wait.
func (c *eventCursor) observe(evs []store.LiveEvent, now time.Time, wait time.Duration) []store.LiveEvent {
	var fresh []store.LiveEvent
	for _, e := range evs {
		if e.ID > c.low && !c.seen[e.ID] {
			c.seen[e.ID] = true
			fresh = append(fresh, e)
		}
	}
	for len(c.seen) > 0 {
		if c.seen[c.low+1] {
			delete(c.seen, c.low+1)
			c.low++
			continue
		}
		if c.holeFrom != c.low+1 {
			c.holeFrom, c.holeAt = c.low+1, now
			break
		}
		if now.Sub(c.holeAt) < wait {
			break
		}
		c.low = c.minSeen() - 1 // give the hole up
		c.holeFrom = 0
	}
	return fresh
}

// minSeen returns the smallest id in seen (which is not empty).
func (c *eventCursor) minSeen() int64 {
	first := true
	var m int64
	for id := range c.seen {
		if first || id < m {
			m, first = id, false
		}
	}
	return m
}
