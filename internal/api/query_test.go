package api

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestListRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		at := func(email string) map[string]any { return map[string]any{"email": email} }
		invoice := num(h.createRequest(t, h.agent, map[string]any{"subject": "Facture en double", "department": "billing",
			"requester": at("alice@acme.example"), "tags": []string{"facture"}}))
		reception := num(h.createRequest(t, h.agent, map[string]any{"subject": "Problème à la réception du colis",
			"requester": at("bob@beta.example"), "tags": []string{"livraison"}}))
		damaged := num(h.createRequest(t, h.carol, map[string]any{"subject": "Colis endommagé", "department": "shipping"}))
		question := num(h.createRequest(t, h.dave, map[string]any{"subject": "Question sur les horaires"}))
		all := set(invoice, reception, damaged, question)
		h.call(t, h.agent, "PATCH", reqPath(invoice, ""), map[string]any{"status": "open"}).want(t, 200)
		h.call(t, h.agent, "PATCH", reqPath(damaged, ""), map[string]any{"agent_id": h.agentID}).want(t, 200)

		filters := []struct{ name, query, want string }{
			{"StatusOne", "status=open", set(invoice)},
			{"StatusCommaList", "status=new,open", all},
			{"StatusRepeated", "status=new&status=waiting_requester", set(reception, damaged, question)},
			{"DepartmentBySlug", "department=billing", set(invoice)},
			{"DepartmentByID", fmt.Sprintf("department=%d", h.shipping.ID), set(damaged)},
			{"Agent", fmt.Sprintf("agent=%d", h.agentID), set(damaged)},
			{"Unassigned", "agent=none", set(invoice, reception, question)},
			{"Requester", fmt.Sprintf("requester=%d", h.bobID), set(reception)},
			{"Tag", "tag=facture", set(invoice)},
			{"UpdatedSincePast", "updated_since=" + url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339)), all},
			{"UpdatedSinceFuture", "updated_since=" + url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339)), set()},
			{"SearchFoldsAccents", "q=reception", set(reception)},
			{"SearchWithAccents", "q=R%C3%A9ception", set(reception)},
			{"SearchStems", "q=colis+endommag%C3%A9s", set(damaged)},
		}
		for _, f := range filters {
			t.Run(f.name, func(t *testing.T) {
				if got := set(h.numbers(t, h.agent, f.query)...); got != f.want {
					t.Fatalf("%s: got %s, want %s", f.query, got, f.want)
				}
			})
		}
		t.Run("SearchSyntaxIsPlainText", func(t *testing.T) {
			for _, q := range []string{`"`, `*`, `NEAR(`, `'; drop table requests; --`, `a:b`, `(x OR`, `&|!`, `colis*`, `-`, `^`, `\`, `%`, `_`} {
				h.call(t, h.agent, "GET", "/api/v1/requests?q="+url.QueryEscape(q), nil).want(t, 200)
			}
			if got := set(h.numbers(t, h.agent, "")...); got != all {
				t.Fatalf("requests after hostile searches: %s, want %s", got, all)
			}
		})
		t.Run("RequesterListsOnlyTheirs", func(t *testing.T) {
			if got := set(h.numbers(t, h.alice, "")...); got != set(invoice) {
				t.Fatalf("alice sees %s", got)
			}
			if got := set(h.numbers(t, h.carol, "")...); got != set(damaged, question) {
				t.Fatalf("carol (shared organisation) sees %s, want hers and David's", got)
			}
			if got := set(h.numbers(t, h.bob, "q=colis")...); got != set(reception) {
				t.Fatalf("bob's search sees %s", got)
			}
		})
		t.Run("RequesterSearchSkipsInternalNotes", func(t *testing.T) {
			h.call(t, h.agent, "POST", reqPath(invoice, "/messages"), map[string]any{
				"visibility": "internal", "body": "Client zygomorphique, vérifier le contrat"}).want(t, 201)
			if got := h.numbers(t, h.agent, "q=zygomorphique"); set(got...) != set(invoice) {
				t.Fatalf("agent search: %v", got)
			}
			if got := h.numbers(t, h.alice, "q=zygomorphique"); len(got) != 0 {
				t.Fatalf("alice found her request through an internal note: %v", got)
			}
		})
		for _, c := range []struct{ name, query, field string }{
			{"ErrBadStatus", "status=open,pending", "status"},
			{"ErrUnknownDepartment", "department=nowhere", "department"},
			{"ErrBadAgent", "agent=bob", "agent"},
			{"ErrBadRequester", "requester=-1", "requester"},
			{"ErrBadUpdatedSince", "updated_since=yesterday", "updated_since"},
			{"ErrLimitZero", "limit=0", "limit"},
			{"ErrLimitTooBig", "limit=101", "limit"},
			{"ErrBadCursor", "cursor=not-a-cursor", "cursor"},
			{"ErrForgedCursor", "cursor=eyJ4IjoxfQ", "cursor"},
			{"ErrUnknownParameter", "stauts=open", "stauts"},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/requests?"+c.query, nil), c.field)
			})
		}
		t.Run("KeysetPaginationIsStableWithoutDuplicates", func(t *testing.T) {
			for i := range 7 {
				h.createRequest(t, h.agent, map[string]any{"subject": fmt.Sprintf("Lot %d", i),
					"requester": at("alice@acme.example")})
			}
			first := h.numbers(t, h.agent, "limit=3")
			if len(first) != 11 {
				t.Fatalf("walked %d requests in pages of 3, want 11: %v", len(first), first)
			}
			seen := map[int64]bool{}
			for _, n := range first {
				if seen[n] {
					t.Fatalf("request %d listed twice: %v", n, first)
				}
				seen[n] = true
			}
			if again := h.numbers(t, h.agent, "limit=3"); !slices.Equal(first, again) {
				t.Fatalf("order changed between walks:\n%v\n%v", first, again)
			}
			if whole := h.numbers(t, h.agent, "limit=100"); !slices.Equal(first, whole) {
				t.Fatalf("pages of 3 differ from one page:\n%v\n%v", first, whole)
			}
			h.checkNewestFirst(t, first)
		})
	})
}

// checkNewestFirst asserts that the requests numbered ns are ordered by
// updated_at descending.
func (h *harness) checkNewestFirst(t *testing.T, ns []int64) {
	t.Helper()
	var prev time.Time
	for i, n := range ns {
		m := h.call(t, h.agent, "GET", reqPath(n, ""), nil).want(t, 200).JSON(t)
		at, err := time.Parse(time.RFC3339Nano, m["updated_at"].(string))
		must(t, err)
		if i > 0 && at.After(prev) {
			t.Fatalf("request %d (updated %s) listed after one updated %s", n, at, prev)
		}
		prev = at
	}
}
