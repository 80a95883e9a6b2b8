package api

import (
	"fmt"
	"testing"
)

func TestCalendars(t *testing.T) {
	forEachEngineAt(t, func(t *testing.T, h *harness, clock *testClock) {
		office := map[string]any{"monday": []any{map[string]any{"start": "09:00", "end": "17:00"}},
			"tuesday": []any{map[string]any{"start": "09:00", "end": "17:00"}}}
		t.Run("TheDefaultCalendarIsThereFromTheStart", func(t *testing.T) {
			list := h.call(t, h.agent, "GET", "/api/v1/calendars", nil).want(t, 200).JSON(t)["calendars"].([]any)
			def := list[0].(map[string]any)
			if len(list) != 1 || def["default"] != true || def["time_zone"] != "America/Montreal" || len(def["holidays"].([]any)) < 90 {
				t.Fatalf("calendars %v", list)
			}
			h.call(t, h.alice, "GET", "/api/v1/calendars", nil).want(t, 403)
			h.call(t, h.alice, "GET", fmt.Sprintf("/api/v1/calendars/%d", id(def)), nil).want(t, 403)
			h.call(t, h.agent, "POST", "/api/v1/calendars", map[string]any{"name": "x", "hours": office}).want(t, 403)
			h.call(t, h.agent, "PATCH", fmt.Sprintf("/api/v1/calendars/%d", id(def)), map[string]any{"name": "x"}).want(t, 403)
		})
		var cal map[string]any
		t.Run("CreateWithAPresetForADepartment", func(t *testing.T) {
			cal = h.call(t, h.admin, "POST", "/api/v1/calendars", map[string]any{"name": "Expédition", "time_zone": "America/Toronto",
				"hours": office, "preset": "canada", "preset_from": 2025, "preset_to": 2025, "language": "en",
				"department_ids": []int64{h.shipping.ID}}).want(t, 201).JSON(t)
			if len(cal["holidays"].([]any)) != 10 || cal["default"] != false || len(cal["department_ids"].([]any)) != 1 {
				t.Fatalf("calendar %v", cal)
			}
			got := h.call(t, h.agent, "GET", fmt.Sprintf("/api/v1/calendars/%d", id(cal)), nil).want(t, 200).JSON(t)
			if got["name"] != "Expédition" {
				t.Fatalf("read back %v", got)
			}
		})
		t.Run("ErrBadCalendarsAreRefusedAndNothingSaved", func(t *testing.T) {
			overlap := map[string]any{"monday": []any{map[string]any{"start": "09:00", "end": "12:00"},
				map[string]any{"start": "11:00", "end": "17:00"}}}
			for field, body := range map[string]map[string]any{
				"hours":           {"name": "vide", "hours": map[string]any{}},
				"hours.monday[1]": {"name": "chevauchement", "hours": overlap},
				"time_zone":       {"name": "ailleurs", "time_zone": "Mars/Olympus", "hours": office},
				"department_ids":  {"name": "x", "hours": office, "department_ids": []int64{999999}},
				"preset":          {"name": "x", "hours": office, "preset": "ontario"},
				"years":           {"name": "x", "hours": office, "preset": "quebec", "preset_from": 2030, "preset_to": 2020},
				"name":            {"hours": office},
			} {
				wantInvalid(t, h.call(t, h.admin, "POST", "/api/v1/calendars", body), field)
			}
			list := h.call(t, h.agent, "GET", "/api/v1/calendars", nil).JSON(t)["calendars"].([]any)
			if len(list) != 2 {
				t.Fatalf("%d calendars after refused ones, want 2", len(list))
			}
		})
		t.Run("PatchAndDelete", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/calendars/%d", id(cal))
			got := h.call(t, h.admin, "PATCH", path, map[string]any{"holidays": []any{}, "exceptions": []any{
				map[string]any{"date": "2025-12-24", "name": "Veille de Noël", "hours": []any{map[string]any{"start": "09:00", "end": "12:00"}}}}}).
				want(t, 200).JSON(t)
			if len(got["holidays"].([]any)) != 0 || len(got["exceptions"].([]any)) != 1 {
				t.Fatalf("patched %v", got)
			}
			wantInvalid(t, h.call(t, h.admin, "PATCH", path, map[string]any{"exceptions": []any{
				map[string]any{"date": "2025-12-24", "closed": true, "hours": []any{map[string]any{"start": "09:00", "end": "12:00"}}}}}),
				"exceptions[0].hours")
			def := h.call(t, h.agent, "GET", "/api/v1/calendars", nil).JSON(t)["calendars"].([]any)[0].(map[string]any)
			h.call(t, h.admin, "DELETE", fmt.Sprintf("/api/v1/calendars/%d", id(def)), nil).want(t, 409)
			h.call(t, h.agent, "DELETE", path, nil).want(t, 403)
			h.call(t, h.admin, "DELETE", path, nil).want(t, 204)
			h.call(t, h.agent, "GET", path, nil).want(t, 404)
			h.call(t, h.admin, "PATCH", path, map[string]any{"name": "x"}).want(t, 404)
			h.call(t, h.admin, "DELETE", path, nil).want(t, 404)
		})
	})
}
