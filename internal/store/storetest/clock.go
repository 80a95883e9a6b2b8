package storetest

import (
	"sync"
	"testing"
	"time"
)

// Clock is a clock a test moves (store.Options.Now = c.Now); it stands
// still in between.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to s, written "2025-03-03 09:00 -0500", and returns it.
func (c *Clock) Set(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04 -0700", s)
	if err != nil {
		t.Fatalf("storetest: bad clock time %q: %v", s, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = v
	return v
}
