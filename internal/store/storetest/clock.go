package storetest

import (
	"sync"
	"testing"
	"time"
)

// Clock is a clock for store.Options.Now that stands still until the test
// moves it. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the time the clock was last set to.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to s, written "2006-01-02 15:04 -0700"; a time that
// does not parse fails the test.
func (c *Clock) Set(t testing.TB, s string) {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04 -0700", s)
	if err != nil {
		t.Fatalf("storetest: bad clock time %q: %v", s, err)
	}
	c.mu.Lock()
	c.t = v
	c.mu.Unlock()
}
