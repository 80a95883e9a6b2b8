package api

import (
	"fmt"
	"strings"
	"testing"
)

// TestEveryRoute sends the same hostile requests to every route of Routes():
// what the shared wrapper promises must hold for each, including routes added
// later.
func TestEveryRoute(t *testing.T) {
	forEachEngine(t, func(t *testing.T, h *harness) {
		n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Routes"}))
		for _, rt := range Routes() {
			p := h.samplePath(rt.Pattern, n)
			hasBody := rt.Method == "POST" || rt.Method == "PATCH"
			t.Run(rt.Method+rt.Pattern, func(t *testing.T) {
				if rt.Pattern != "/api/v1/openapi.json" {
					h.call(t, "", rt.Method, p, nil).want(t, 401)
					h.call(t, "x"+h.admin, rt.Method, p, nil).want(t, 401)
				}
				if !hasBody {
					return
				}
				h.call(t, h.admin, rt.Method, p, `{"broken":`).want(t, 400)
				h.call(t, h.admin, rt.Method, p, "{\"a\":\"\xc3\x28\"}").want(t, 400)
				wantInvalid(t, h.call(t, h.admin, rt.Method, p, `{"no_such_field_anywhere": 1}`), "no_such_field_anywhere")
				h.call(t, h.admin, rt.Method, p, `{"x":"`+strings.Repeat("é", 1<<20)+`"}`).want(t, 413)
			})
		}
	})
}

// samplePath fills the path parameters of pattern with existing things:
// request number n, the billing department, Alice, Acme, the agent Gilles.
func (h *harness) samplePath(pattern string, n int64) string {
	ids := map[string]int64{
		"/api/v1/requests/{number}": n, "/api/v1/departments/{id}": h.billing.ID,
		"/api/v1/people/{id}": h.aliceID, "/api/v1/organisations/{id}": h.acme.ID,
		"/api/v1/agents/{id}": h.agentID, "/api/v1/attachments/{id}": 1,
	}
	for prefix, id := range ids {
		if rest, ok := strings.CutPrefix(pattern, prefix); ok {
			base := prefix[:strings.LastIndexByte(prefix, '/')+1]
			return fmt.Sprintf("%s%d%s", base, id, rest)
		}
	}
	return pattern
}
