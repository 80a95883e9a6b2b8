package api

import (
	"encoding/base64"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestCreateRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		t.Run("AgentOpensForRequesterOwnedByFrontDesk", func(t *testing.T) {
			r := h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{
				"subject": "Commande incomplète", "body": "Il manque 12 boîtes de crayons.",
				"requester": map[string]any{"email": "Julie.Gagnon@Example.com", "name": "Julie Gagnon"},
			}).want(t, 201)
			m := r.JSON(t)
			if num(m) <= 0 || m["status"] != "new" || m["department"] != "Front desk" || m["requester"] != "Julie Gagnon" {
				t.Fatalf("created %v", m)
			}
			if loc := r.Header.Get("Location"); loc != reqPath(num(m), "") {
				t.Fatalf("Location %q", loc)
			}
			if _, ok := m["agent_id"]; ok {
				t.Fatalf("a new request has no agent yet: %v", m)
			}
		})
		t.Run("DepartmentBySlugOrID", func(t *testing.T) {
			m := h.createRequest(t, h.agent, map[string]any{"subject": "Facture", "department": "billing",
				"requester": map[string]any{"email": "alice@acme.example"}})
			if int64(m["department_id"].(float64)) != h.billing.ID || m["department"] != "Facturation" {
				t.Fatalf("by slug: %v", m)
			}
			m = h.createRequest(t, h.agent, map[string]any{"subject": "Colis", "department_id": h.shipping.ID,
				"requester": map[string]any{"email": "alice@acme.example"}, "priority": "high", "tags": []string{"Colis", "urgent"}})
			if int64(m["department_id"].(float64)) != h.shipping.ID || m["priority"] != "high" {
				t.Fatalf("by id: %v", m)
			}
		})
		t.Run("RequesterOpensForThemselves", func(t *testing.T) {
			m := h.createRequest(t, h.alice, map[string]any{"subject": "Ma facture"})
			if int64(m["requester_id"].(float64)) != h.aliceID {
				t.Fatalf("requester %v, want alice %d", m["requester_id"], h.aliceID)
			}
		})
		t.Run("ErrReadOnlyAgentCannotOpen", func(t *testing.T) {
			r := h.call(t, h.readOnly, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"requester": map[string]any{"email": "x@acme.example"}}).want(t, 403)
			if code, _ := r.Problem(t); code != "forbidden" {
				t.Fatalf("code %s", code)
			}
		})
		t.Run("ErrAgentMustNameRequester", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y"}), "requester.email")
		})
		t.Run("ErrRequesterOpensOnlyForThemselves", func(t *testing.T) {
			h.call(t, h.alice, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"requester": map[string]any{"email": "bob@beta.example"}}).want(t, 403)
		})
		t.Run("ErrUnknownChannel", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"requester": map[string]any{"email": "x@acme.example"}, "channel": "pigeon"}), "channel")
		})
		t.Run("ErrUnknownDepartment", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"department": "nowhere", "requester": map[string]any{"email": "x@acme.example"}}), "department")
			r := h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"department_id": 999999, "requester": map[string]any{"email": "x@acme.example"}}).want(t, 422)
			if _, field := r.Problem(t); !strings.HasPrefix(field, "department") {
				t.Fatalf("field %q", field)
			}
		})
		t.Run("ErrInvalidEmail", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"requester": map[string]any{"email": "not an address"}}), "requester.email")
		})
		t.Run("ErrUnknownFieldIsNamed", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": "y",
				"requester": map[string]any{"email": "x@acme.example"}, "urgency": "high"}), "urgency")
		})
		t.Run("ErrWrongTypeIsNamed", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", `{"subject":"x","body":"y","tags":"a,b"}`), "tags")
		})
		t.Run("ErrMissingSubject", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"body": "y",
				"requester": map[string]any{"email": "x@acme.example"}}), "subject")
		})
		t.Run("ErrBadJSONOrUTF8IsMalformed", func(t *testing.T) {
			for _, body := range []string{`{"subject":`, "{\"subject\":\"caf\xe9\"}", `["a"]`, ``} {
				r := h.call(t, h.agent, "POST", "/api/v1/requests", body).want(t, 400)
				if code, _ := r.Problem(t); code != "malformed" {
					t.Fatalf("%q: code %s", body, code)
				}
			}
		})
		t.Run("ErrOversizedBodyIs413", func(t *testing.T) {
			big := strings.Repeat("a", 2<<20)
			r := h.call(t, h.agent, "POST", "/api/v1/requests", map[string]any{"subject": "x", "body": big,
				"requester": map[string]any{"email": "x@acme.example"}}).want(t, 413)
			if code, _ := r.Problem(t); code != "too_large" {
				t.Fatalf("code %s", code)
			}
		})
		t.Run("NothingHalfWrittenAfterFailedCreate", func(t *testing.T) {
			people, requests := h.countPeople(t), h.countRequests(t)
			newcomer := map[string]any{"email": "newcomer@nowhere.example", "name": "Nouveau"}
			failures := []map[string]any{
				{"subject": "x", "body": "y", "requester": newcomer, "department": "nowhere"},
				{"subject": "x", "body": "y", "requester": newcomer, "department_id": 999999},
				{"subject": "x", "body": "y", "requester": newcomer, "priority": "whenever"},
				{"subject": "x", "body": "y", "requester": newcomer, "attachments": []map[string]any{
					{"filename": "../../etc/passwd", "content_base64": base64.StdEncoding.EncodeToString([]byte("x"))}}},
				{"subject": "x", "body": "y", "requester": newcomer, "attachments": []map[string]any{
					{"filename": "a.txt", "content_base64": "%%% not base64"}}},
				{"subject": "", "body": "y", "requester": newcomer},
			}
			for i, in := range failures {
				if r := h.call(t, h.agent, "POST", "/api/v1/requests", in); r.Status != 422 {
					t.Fatalf("failure %d: status %d: %s", i, r.Status, r.Body)
				}
			}
			if p, r := h.countPeople(t), h.countRequests(t); p != people || r != requests {
				t.Fatalf("after failed creates: %d people (was %d), %d requests (was %d)", p, people, r, requests)
			}
			r := h.call(t, h.admin, "GET", "/api/v1/people?q=newcomer", nil).want(t, 200).JSON(t)
			if n := len(r["people"].([]any)); n != 0 {
				t.Fatalf("the newcomer was created by a failed request")
			}
		})
	})
}

// wantInvalid asserts a 422 invalid problem naming field.
func wantInvalid(t testing.TB, r resp, field string) {
	t.Helper()
	r.want(t, 422)
	if code, got := r.Problem(t); code != "invalid" || got != field {
		t.Fatalf("problem code %q field %q, want invalid %q: %s", code, got, field, r.Body)
	}
}

// countPeople counts people through the API, as an admin.
func (h *harness) countPeople(t testing.TB) int {
	t.Helper()
	return len(h.call(t, h.admin, "GET", "/api/v1/people?limit=200", nil).want(t, 200).JSON(t)["people"].([]any))
}

// countRequests counts every request through the API, as an admin, page by page.
func (h *harness) countRequests(t testing.TB) int {
	t.Helper()
	return len(h.listAll(t, h.admin, url.Values{"limit": {"100"}}))
}

// listAll walks every page of GET /requests with query q and returns the
// requests' numbers in order.
func (h *harness) listAll(t testing.TB, token string, q url.Values) []int64 {
	t.Helper()
	var out []int64
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatal("pagination does not end")
		}
		m := h.call(t, token, "GET", "/api/v1/requests?"+q.Encode(), nil).want(t, 200).JSON(t)
		for _, r := range m["requests"].([]any) {
			out = append(out, num(r.(map[string]any)))
		}
		next, _ := m["next_cursor"].(string)
		if next == "" {
			return out
		}
		q.Set("cursor", next)
	}
}

// numbers lists requests as the token's actor with the raw query and returns
// their numbers.
func (h *harness) numbers(t testing.TB, token, query string) []int64 {
	t.Helper()
	q, err := url.ParseQuery(query)
	must(t, err)
	return h.listAll(t, token, q)
}

// set returns ns as a sorted, deduplicated string, for order-free comparison.
func set(ns ...int64) string {
	m := map[int64]bool{}
	for _, n := range ns {
		m[n] = true
	}
	return fmt.Sprint(slices.Sorted(maps.Keys(m)))
}
