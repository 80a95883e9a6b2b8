package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
)

// TestPagesRender executes every page template in both languages with
// representative data: a template error would otherwise only show up as a 500
// on the page that hits it.
func TestPagesRender(t *testing.T) {
	s, err := newServer(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	agentID := int64(7)
	now := time.Now()
	req := desk.Request{Number: 42, Subject: "Commande <b>abîmée</b>", Status: desk.StatusOpen, Priority: desk.PriorityHigh,
		DepartmentID: 1, Department: "Expédition", AgentID: &agentID, Agent: "Marie", Requester: "Julie", Tags: []string{"livraison"},
		CreatedAt: now, UpdatedAt: now}
	detail := &desk.RequestDetail{Request: req, Messages: []desk.Message{
		{ID: 1, Kind: desk.KindRequester, Author: "Julie", Body: "Bonjour\n<script>alert(1)</script>", CreatedAt: now,
			Attachments: []desk.Attachment{{ID: 3, Filename: "photo.jpg", Size: 2048}}},
		{ID: 2, Kind: desk.KindNote, Visibility: desk.Internal, Author: "Marie", Body: "note", CreatedAt: now},
		{ID: 3, Kind: desk.KindReply, Author: "Marie", BodyHTML: `<p onclick="x()">Salut<script>alert(2)</script></p>`, CreatedAt: now},
	}, Events: []desk.Event{{Type: desk.EventStatusChanged, Actor: "Marie", Data: map[string]any{"from": "new", "to": "open"}, CreatedAt: now}}}
	depts := []desk.Department{{ID: 1, Name: "Expédition", Handles: "livraisons, colis"}, {ID: 2, Name: "Facturation"}}
	agents := []desk.Agent{{PersonID: 7, Name: "Marie", Active: true, DepartmentIDs: []int64{1}}}
	dir := []deptEntry{{Department: depts[0], Keywords: keywords(depts[0].Handles), Hours: "9 h à 17 h", Members: agents},
		{Department: depts[1]}}
	pages := map[string]any{
		"login": loginView{Email: "a@example.com", Next: "/inbox", Error: "x"},
		"error": errorView{Message: "boom"},
		"inbox": inboxView{Queues: []queue{{Label: "Mes demandes", URL: "/inbox?agent=me", Count: 1200, Counted: true, Current: true}},
			Departments: depts, Statuses: desk.Statuses, Requests: []desk.Request{req}, NextURL: "/inbox?cursor=abc", Here: "/inbox"},
		"request": requestView{R: detail, Events: describeEvents(s.cat[desk.French], detail), Departments: dir,
			Agents: groupAgents(dir), Statuses: desk.Statuses, Priorities: priorities, Tags: "livraison",
			Form: formState{Which: "update", Error: "fermeture refusée"}},
		"directory": directoryView{Q: "colis", For: 42, Entries: dir, Total: 2},
		"people":    peopleView{Q: "julie", People: []desk.Person{{ID: 3, Name: "Julie", Kind: desk.ExternalPerson, Emails: []string{"julie@example.com"}}}},
		"profile": profileView{P: &desk.Person{ID: 3, Name: "Julie", Kind: desk.InternalPerson, Language: desk.French, Emails: []string{"julie@example.com"}},
			Organisation: &desk.Organisation{Name: "École", SharedRequests: true}, Department: &depts[0],
			Agent: &agents[0], AgentDepts: []string{"Expédition"}, Open: 3, Requests: []desk.Request{req}, NextURL: "/people/3?cursor=x"},
		"admin_departments": adminView{Section: "departments", Sections: adminSections, Page: adminDeptsPage{dir}, Form: adminForm{Which: "create", Error: "x", Values: url.Values{"name": {"N"}}}},
		"admin_department": adminView{Section: "departments", Sections: adminSections, Page: adminDeptPage{D: &depts[0], Hours: "9-5",
			Escalation: &escalationSection{PickupWithin: "2h", Steps: []stepRow{{Level: commit.NotifyOwner, On: true}},
				Members: []leadRow{{ID: 1, Name: "Marie", Lead: true}}, Agents: agents, Departments: depts, ManagerID: 1}},
			Form: adminForm{Which: "escalation", Error: "x"}},
		"notifications": notificationsPage{Unread: 1, Items: []notificationView{{ID: 1, Number: 12, Subject: "Commande",
			Text: "en retard", Unread: true}}},
		"admin_agents":        adminView{Section: "agents", Sections: adminSections, Page: adminAgentsPage{Agents: []agentRow{{Agent: agents[0], Departments: []string{"Expédition"}}}, Departments: depts, Roles: roles}, Form: adminForm{Which: "create", Values: url.Values{"departments": {"1"}, "role": {"admin"}}}},
		"admin_agent":         adminView{Section: "agents", Sections: adminSections, Page: adminAgentPage{A: &agents[0], Departments: depts, Roles: roles}},
		"admin_organisations": adminView{Section: "organisations", Sections: adminSections, Page: []desk.Organisation{{ID: 1, Name: "École", SharedRequests: true}}},
		"admin_organisation":  adminView{Section: "organisations", Sections: adminSections, Page: &desk.Organisation{ID: 1, Name: "École"}},
		"admin_tokens":        adminView{Section: "tokens", Sections: adminSections, Page: adminTokensPage{Tokens: []store.TokenInfo{{ID: 1, Name: "t", Person: "Marie"}}, Agents: agents, New: "gch_x", NewFor: "Marie"}},
	}
	for _, lang := range langs {
		for name, data := range pages {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				st := &reqState{lang: lang, cat: s.cat[lang], signedIn: true, session: "sid",
					actor: desk.Actor{PersonID: 7, Name: "Marie", Role: desk.RoleAgent}}
				rec := httptest.NewRecorder()
				s.render(rec, httptest.NewRequest("GET", "/x", nil), st, http.StatusOK, name, "T", data)
				body := rec.Body.String()
				if rec.Code != http.StatusOK || !strings.Contains(body, "</html>") {
					var buf strings.Builder
					err := s.pages.byLang[lang][name].ExecuteTemplate(&buf, "layout", view{Lang: lang, Data: data})
					t.Logf("template error: %v", err)
					t.Fatalf("status %d, body %.300s", rec.Code, body)
				}
				if strings.Contains(body, "<script>alert") || strings.Contains(body, "onclick") {
					t.Fatalf("unsafe markup rendered live: %s", body)
				}
				if strings.Contains(body, "missing-") {
					t.Fatal("a template names an unknown asset")
				}
			})
		}
	}
}

func TestStaticAssets(t *testing.T) {
	s, err := newServer(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	h := s.handler()
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	t.Run("HashedURLIsCachedForever", func(t *testing.T) {
		u := s.assets.url("app.css")
		if !strings.HasPrefix(u, "/static/app.") || u == "/static/app.css" {
			t.Fatalf("url %q carries no hash", u)
		}
		rec := get(u)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
			t.Fatalf("%d %v", rec.Code, rec.Header())
		}
	})
	t.Run("UnhashedOrStaleNameIsNotFound", func(t *testing.T) {
		for _, p := range []string{"/static/app.css", "/static/app.0000000000.css"} {
			if rec := get(p); rec.Code != http.StatusNotFound {
				t.Fatalf("%s: %d", p, rec.Code)
			}
		}
	})
}
