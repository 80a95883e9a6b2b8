package api

import "guichet/internal/desk"

// requireAdmin fails with CodeForbidden unless a may manage the directory
// (organisations, departments, people, agents). Write handlers call it first,
// so that a non-admin gets 403 consistently rather than, say, a 404 from the
// read that precedes a PATCH. The store checks again on every write.
func requireAdmin(a desk.Actor) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage the directory")
	}
	return nil
}

// setIf sets *dst to *src when src is present.
func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// optionalID returns nil for 0, else a pointer to id.
func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// listOf wraps a list in an object under key, never as null, so that lists can
// grow metadata later without breaking clients.
func listOf[T any](key string, items []T) map[string][]T {
	if items == nil {
		items = []T{}
	}
	return map[string][]T{key: items}
}
