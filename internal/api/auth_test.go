package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func TestAuthentication(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		t.Run("ErrNoTokenIs401WithChallenge", func(t *testing.T) {
			r := h.call(t, "", "GET", "/api/v1/requests", nil).want(t, 401)
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("headers %v", r.Header)
			}
			if code, _ := r.Problem(t); code != "unauthorized" {
				t.Fatalf("code %s", code)
			}
		})
		t.Run("ErrBadTokenIs401", func(t *testing.T) {
			h.call(t, "not-a-token", "GET", "/api/v1/me", nil).want(t, 401)
			h.call(t, h.admin+"x", "GET", "/api/v1/me", nil).want(t, 401)
			req, _ := http.NewRequest("GET", h.url+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Basic "+h.admin)
			res, err := http.DefaultClient.Do(req)
			must(t, err)
			res.Body.Close()
			if res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
				t.Fatalf("Basic scheme: %d", res.StatusCode)
			}
		})
		t.Run("MeNamesEachActor", func(t *testing.T) {
			for _, c := range []struct {
				token, name, role string
				agent             bool
			}{
				{h.admin, "Ada Admin", "admin", true}, {h.agent, "Gilles Tremblay", "agent", true},
				{h.readOnly, "Rita Lecture", "read-only", true}, {h.carol, "Carole Gagnon", "", false},
			} {
				m := h.call(t, c.token, "GET", "/api/v1/me", nil).want(t, 200).JSON(t)
				if m["name"] != c.name || (m["role"] != nil && m["role"] != c.role) || m["agent"] != c.agent {
					t.Errorf("me: %v, want %s %q", m, c.name, c.role)
				}
			}
			if m := h.call(t, h.carol, "GET", "/api/v1/me", nil).JSON(t); m["organisation_shared"] != true ||
				int64(m["organisation_id"].(float64)) != h.soleil.ID {
				t.Fatalf("carol: %v", m)
			}
		})
		t.Run("OpenAPIIsPublic", func(t *testing.T) {
			h.call(t, "", "GET", "/api/v1/openapi.json", nil).want(t, 200)
		})
		t.Run("UnknownPathIs404Problem", func(t *testing.T) {
			r := h.call(t, h.admin, "GET", "/api/v1/tickets", nil).want(t, 404)
			if code, _ := r.Problem(t); code != "not_found" {
				t.Fatalf("code %s", code)
			}
		})
		t.Run("WrongMethodIs405Problem", func(t *testing.T) {
			r := h.call(t, h.admin, "DELETE", "/api/v1/requests", nil).want(t, 405)
			if code, _ := r.Problem(t); code != "method_not_allowed" || !strings.Contains(r.Header.Get("Allow"), "POST") {
				t.Fatalf("code %s, Allow %q", code, r.Header.Get("Allow"))
			}
		})
	})
}

// TestSessionAuthenticatorPlugsIn shows how a second authenticator (session
// cookies, later) is added: bearer tokens still come first.
func TestSessionAuthenticatorPlugsIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		cookie := func(r *http.Request) (desk.Actor, bool, error) {
			c, err := r.Cookie("test_session")
			if err != nil {
				return desk.Actor{}, false, nil
			}
			if c.Value != "carol" {
				return desk.Actor{}, true, desk.Errorf(desk.CodeUnauthorized, "session expired")
			}
			a, err := h.store.ActorFor(r.Context(), h.carolID)
			return a, err == nil, err
		}
		srv := httptest.NewServer(New(Deps{Store: h.store, Authenticators: []Authenticator{cookie}}))
		defer srv.Close()
		get := func(token, session string) (int, string) {
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			if session != "" {
				req.AddCookie(&http.Cookie{Name: "test_session", Value: session})
			}
			res, err := http.DefaultClient.Do(req)
			must(t, err)
			defer res.Body.Close()
			var b bytes.Buffer
			_, _ = b.ReadFrom(res.Body)
			return res.StatusCode, b.String()
		}
		if code, body := get("", "carol"); code != 200 || !strings.Contains(body, "Carole Gagnon") {
			t.Fatalf("session: %d %s", code, body)
		}
		if code, body := get(h.admin, "carol"); code != 200 || !strings.Contains(body, "Ada Admin") {
			t.Fatalf("token and session: %d %s", code, body)
		}
		if code, _ := get("", "stale"); code != 401 {
			t.Fatalf("stale session: %d", code)
		}
		if code, _ := get("", ""); code != 401 {
			t.Fatalf("nothing: %d", code)
		}
	})
}

// TestInternalErrorsAreHidden breaks the store under the API: on every route
// the client sees only "Internal error", and the log gets the cause with the
// method and path.
func TestInternalErrorsAreHidden(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Avant la panne"}))
		must(t, h.store.Close())
		for _, rt := range Routes() {
			if rt.Pattern == "/api/v1/openapi.json" {
				continue
			}
			p := h.samplePath(rt.Pattern, n)
			var body any
			if rt.Method == "POST" || rt.Method == "PATCH" {
				body = map[string]any{}
			}
			r := h.call(t, h.admin, rt.Method, p, body).want(t, 500)
			if m := r.JSON(t); m["detail"] != "Internal error" || m["code"] != "internal" || strings.Contains(strings.ToLower(string(r.Body)), "closed") {
				t.Fatalf("%s %s: client saw %s", rt.Method, p, r.Body)
			}
			if l := h.logs.String(); !strings.Contains(l, "method="+rt.Method) || !strings.Contains(l, "path="+p) {
				t.Fatalf("%s %s: log lacks method and path:\n%s", rt.Method, p, l)
			}
		}
	})
}
