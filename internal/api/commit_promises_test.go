package api

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestPromises(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		clock.Set(t, "2025-03-03 09:00 -0500")
		n := num(h.createRequest(t, h.alice, map[string]any{"subject": "Date d'expédition"}))
		var p map[string]any
		t.Run("TheRequesterSeesThePromise", func(t *testing.T) {
			p = h.call(t, h.agent, "POST", reqPath(n, "/promises"), map[string]any{
				"text": "Je vous rappelle jeudi avec la date d'expédition.", "due_at": "2025-03-06T10:00:00-05:00"}).want(t, 201).JSON(t)
			if p["state"] != "pending" || p["made_by"] != "Gilles Tremblay" {
				t.Fatalf("promise %v", p)
			}
			list := h.call(t, h.alice, "GET", reqPath(n, "/promises"), nil).want(t, 200).JSON(t)["promises"].([]any)
			if len(list) != 1 || list[0].(map[string]any)["text"] != p["text"] {
				t.Fatalf("requester's promises %v", list)
			}
			if event(h.call(t, h.alice, "GET", reqPath(n, ""), nil).JSON(t), "promise.made") == nil {
				t.Fatal("the requester's history does not show the promise")
			}
			h.call(t, h.bob, "GET", reqPath(n, "/promises"), nil).want(t, 404)
		})
		t.Run("ErrBadPromises", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/promises"), map[string]any{"text": "hier", "due_at": "2025-03-02T10:00:00Z"}), "due_at")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/promises"), map[string]any{"text": "jeudi", "due_at": "jeudi"}), "due_at")
			wantInvalid(t, h.call(t, h.agent, "POST", reqPath(n, "/promises"), map[string]any{"due_at": "2025-03-06T10:00:00Z"}), "text")
			h.call(t, h.alice, "POST", reqPath(n, "/promises"), map[string]any{"text": "x", "due_at": "2025-03-06T10:00:00Z"}).want(t, 403)
			h.call(t, h.bob, "POST", reqPath(n, "/promises"), map[string]any{"text": "x", "due_at": "2025-03-06T10:00:00Z"}).want(t, 404)
			dup := num(h.createRequest(t, h.alice, map[string]any{"subject": "Date d'expédition (bis)"}))
			h.call(t, h.agent, "POST", reqPath(dup, "/merge"), map[string]any{"into": n}).want(t, 200)
			h.call(t, h.agent, "POST", reqPath(dup, "/promises"), map[string]any{"text": "x", "due_at": "2025-03-06T10:00:00Z"}).want(t, 409)
		})
		t.Run("PastDueAndNotKeptIsBroken", func(t *testing.T) {
			clock.Set(t, "2025-03-06 10:01 -0500")
			list := h.call(t, h.alice, "GET", reqPath(n, "/promises"), nil).JSON(t)["promises"].([]any)
			if list[0].(map[string]any)["state"] != "broken" {
				t.Fatalf("promise %v", list[0])
			}
		})
		t.Run("KeptWithoutABody", func(t *testing.T) {
			q := h.call(t, h.agent, "POST", reqPath(n, "/promises"), map[string]any{"text": "Rappel demain",
				"due_at": "2025-03-07T10:00:00-05:00"}).want(t, 201).JSON(t)
			kept := reqPath(n, fmt.Sprintf("/promises/%d/kept", id(q)))
			h.call(t, h.alice, "POST", kept, nil).want(t, 403)
			got := h.call(t, h.agent, "POST", kept, nil).want(t, 200).JSON(t)
			if got["state"] != "kept" || got["kept_at"] == nil {
				t.Fatalf("kept %v", got)
			}
			h.call(t, h.agent, "POST", kept, map[string]any{}).want(t, 409)
			h.call(t, h.agent, "POST", reqPath(n, "/promises/999999/kept"), nil).want(t, 404)
		})
	})
}

func TestCompliance(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		h.call(t, h.admin, "POST", "/api/v1/service-standards", map[string]any{"name": "Accueil", "first_response": "1h"}).want(t, 201)
		clock.Set(t, "2025-03-03 09:00 -0500")
		met := num(h.createRequest(t, h.alice, map[string]any{"subject": "Vite"}))
		h.createRequest(t, h.alice, map[string]any{"subject": "Lent"})
		clock.Set(t, "2025-03-03 09:30 -0500")
		h.call(t, h.agent, "POST", reqPath(met, "/messages"), map[string]any{"body": "Voilà"}).want(t, 201)
		clock.Set(t, "2025-03-03 11:00 -0500")
		const period = "/api/v1/reports/compliance?from=2025-03-01&to=2025-04-01"
		t.Run("JSON", func(t *testing.T) {
			rep := h.call(t, h.agent, "GET", period, nil).want(t, 200).JSON(t)
			rows := rep["departments"].([]any)
			if len(rows) != 1 {
				t.Fatalf("departments %v", rows)
			}
			row := rows[0].(map[string]any)
			if row["department"] != "Front desk" || row["kind"] != "first_response" || row["met"] != 1.0 || row["breached"] != 1.0 ||
				row["compliance"] != 0.5 || row["median_hours"] != 0.5 {
				t.Fatalf("front desk first response %v", row)
			}
			if got := h.call(t, h.agent, "GET", "/api/v1/reports/compliance", nil).want(t, 200).JSON(t); got["to"] == nil {
				t.Fatalf("default period %v", got)
			}
		})
		t.Run("CSV", func(t *testing.T) {
			for _, how := range []struct{ query, accept string }{{"&format=csv", ""}, {"", "text/csv"}} {
				req, err := http.NewRequestWithContext(t.Context(), "GET", h.url+period+how.query, nil)
				must(t, err)
				req.Header.Set("Authorization", "Bearer "+h.agent)
				if how.accept != "" {
					req.Header.Set("Accept", how.accept)
				}
				res, err := http.DefaultClient.Do(req)
				must(t, err)
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
					t.Fatalf("%d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), b)
				}
				records, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
				must(t, err)
				if len(records) < 2 || records[0][0] != "section" || records[1][0] != "department" || records[1][2] != "Front desk" {
					t.Fatalf("csv %q", records)
				}
			}
		})
		t.Run("ErrBadPeriodAndRequesters", func(t *testing.T) {
			wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/reports/compliance?from=hier", nil), "from")
			wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/reports/compliance?from=2025-04-01&to=2025-03-01", nil), "from")
			wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/reports/compliance?format=xlsx", nil), "format")
			wantInvalid(t, h.call(t, h.agent, "GET", "/api/v1/reports/compliance?since=2025", nil), "since")
			h.call(t, h.alice, "GET", "/api/v1/reports/compliance", nil).want(t, 403)
		})
	})
}
