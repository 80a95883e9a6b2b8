package api

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"

	"guichet/internal/desk"
)

// Authenticator finds the actor behind a request. It returns ok=false when the
// request carries none of its credentials (the next authenticator is tried),
// and an error when it carries credentials that are bad (a desk.Error with
// CodeUnauthorized, answered 401) or cannot be checked (answered 500).
//
// The bearer token authenticator always runs first. A session-cookie
// authenticator added through Deps.Authenticators must itself defend unsafe
// methods against cross-site requests (for example by checking an
// anti-CSRF header or the Origin), because browsers send cookies on their own.
type Authenticator func(r *http.Request) (a desk.Actor, ok bool, err error)

// BearerAuthenticator checks "Authorization: Bearer <token>" against the
// store's API tokens. A request without that header is not its business.
func BearerAuthenticator(tokens desk.Tokens) Authenticator {
	return func(r *http.Request) (desk.Actor, bool, error) {
		h := r.Header.Get("Authorization")
		if h == "" {
			return desk.Actor{}, false, nil
		}
		scheme, token, _ := strings.Cut(h, " ")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			return desk.Actor{}, true, desk.Errorf(desk.CodeUnauthorized, "the Authorization header must be \"Bearer <token>\"")
		}
		a, err := tokens.Authenticate(r.Context(), token)
		if err != nil {
			return desk.Actor{}, true, err
		}
		return a, true, nil
	}
}

// authenticate returns the actor of r from the first authenticator that
// recognises its credentials; CodeUnauthorized when none does.
func (s *server) authenticate(r *http.Request) (desk.Actor, error) {
	for _, auth := range s.auth {
		a, ok, err := auth(r)
		if err != nil {
			return desk.Actor{}, err
		}
		if ok {
			return a, nil
		}
	}
	return desk.Actor{}, desk.Errorf(desk.CodeUnauthorized, "authentication is required")
}

// wrap turns a route into an http.Handler: it authenticates (unless the route
// is public), limits the body, runs the handler, answers its error and turns a
// panic into an internal error.
func (s *server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, fmt.Errorf("api: panic: %v\n%s", v, debug.Stack()))
			}
		}()
		var a desk.Actor
		if !rt.public {
			var err error
			if a, err = s.authenticate(r); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
		if err := rt.handle(w, r, a); err != nil {
			s.writeError(w, r, err)
		}
	})
}
