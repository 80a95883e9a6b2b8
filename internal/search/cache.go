package search

import "sync"

// maxCachedStems bounds the stem memory: past it the memory starts afresh, so
// hostile or endless vocabularies cost CPU, never unbounded RAM.
const maxCachedStems = 200_000

// stemCache remembers the stems of tokens. It is safe for concurrent use: the
// store analyses text on many request goroutines at once.
type stemCache struct {
	mu sync.RWMutex
	m  map[string][]string
}

// stems is the package's memory of stems. Stemming is a pure function, so one
// shared memory changes no result, only the cost of computing it.
var stems = &stemCache{m: make(map[string][]string)}

func (c *stemCache) get(tok string) ([]string, bool) {
	c.mu.RLock()
	st, ok := c.m[tok]
	c.mu.RUnlock()
	return st, ok
}

func (c *stemCache) put(tok string, st []string) {
	c.mu.Lock()
	if len(c.m) >= maxCachedStems {
		clear(c.m)
	}
	c.m[tok] = st
	c.mu.Unlock()
}
