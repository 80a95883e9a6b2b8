package web

import (
	"context"
	"time"

	"guichet/internal/desk"
)

// backend is what the pages need of the store: the desk contracts plus
// sessions, password checks, the login limiter and queue counts, which only
// the web uses (they live in internal/store/web_*.go).
type backend interface {
	desk.Store
	// CheckPassword returns the actor of the active agent with this email and
	// password, in time independent of which part is wrong; CodeUnauthorized
	// when either is wrong or the agent is inactive.
	CheckPassword(ctx context.Context, email, password string) (desk.Actor, error)
	// CreateWebSession records a session by the hash of its id, for a person
	// acting as kind ("agent"; "requester" later), idle for at most idle and
	// alive for at most max.
	CreateWebSession(ctx context.Context, idHash []byte, personID int64, kind string, idle, max time.Duration) error
	// WebSession returns the actor of the live session with this id hash,
	// extending its idle expiry; CodeUnauthorized when unknown or expired, or
	// when its agent was deactivated.
	WebSession(ctx context.Context, idHash []byte, idle time.Duration) (desk.Actor, error)
	// DeleteWebSession ends one session; an unknown hash is not an error.
	DeleteWebSession(ctx context.Context, idHash []byte) error
	// DeleteWebSessions ends every session of a person.
	DeleteWebSessions(ctx context.Context, personID int64) error
	// LoginFailures counts the failed sign-ins recorded under key within window.
	LoginFailures(ctx context.Context, key []byte, window time.Duration) (int, error)
	// RecordLoginFailure records one failed sign-in under key.
	RecordLoginFailure(ctx context.Context, key []byte) error
	// ClearLoginFailures forgets the failures under key (after a good sign-in).
	ClearLoginFailures(ctx context.Context, key []byte) error
	// CountRequests counts the requests f selects (Cursor and Limit ignored),
	// stopping at max: a result of max means "max or more".
	CountRequests(ctx context.Context, a desk.Actor, f desk.RequestFilter, max int) (int, error)
}
