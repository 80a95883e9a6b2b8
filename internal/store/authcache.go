package store

import (
	"sync"
	"time"

	"guichet/internal/desk"
)

// authCacheTTL is how long an authenticated token's actor is remembered. Every
// API call authenticates, and resolving an actor costs several queries; this
// memory removes them from the hot path. A change to agents, tokens, people or
// organisations forgets everything on the node that made it at once; other
// nodes notice within authCacheTTL.
const authCacheTTL = 2 * time.Second

// maxAuthCache bounds the memory; past it, it starts afresh.
const maxAuthCache = 10_000

type authEntry struct {
	actor desk.Actor
	until time.Time
}

// authCache remembers actors by token hash. It is safe for concurrent use.
// It runs on the machine's clock, not the store's (tests may freeze that one).
type authCache struct {
	mu sync.Mutex
	m  map[string]authEntry
}

func newAuthCache() *authCache { return &authCache{m: make(map[string]authEntry)} }

func (c *authCache) get(hash string) (desk.Actor, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || time.Now().After(e.until) {
		return desk.Actor{}, false
	}
	a := e.actor
	a.DepartmentIDs = append([]int64(nil), e.actor.DepartmentIDs...) // callers may not alias the memory
	return a, true
}

func (c *authCache) put(hash string, a desk.Actor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxAuthCache {
		clear(c.m)
	}
	c.m[hash] = authEntry{actor: a, until: time.Now().Add(authCacheTTL)}
}

// forget drops every remembered actor: called after any change that could
// alter who a token acts as (agents, roles, memberships, tokens, organisations).
func (c *authCache) forget() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
