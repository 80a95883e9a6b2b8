package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"guichet/internal/desk"
)

//go:embed templates
var templateFiles embed.FS

// pageNames lists the page templates; each is parsed with the layout and the
// shared partials, once per language.
var pageNames = []string{"login", "inbox", "request", "error", "directory", "people", "profile",
	"admin_departments", "admin_department", "admin_agents", "admin_agent",
	"admin_organisations", "admin_organisation", "admin_tokens", "admin_mail", "notifications",
	"portal_login", "portal_sent", "portal_link", "portal_requests", "portal_request", "portal_new", "portal_created"}

// pageSet holds every page's template, by language then page name.
type pageSet struct {
	byLang map[desk.Language]map[string]*template.Template
}

// parsePages parses every page for every language, binding the translation
// function to that language. It fails on a template error.
func parsePages(cats map[desk.Language]catalogue, assets *assetSet) (*pageSet, error) {
	ps := &pageSet{byLang: map[desk.Language]map[string]*template.Template{}}
	for _, l := range langs {
		ps.byLang[l] = map[string]*template.Template{}
		funcs := templateFuncs(cats[l], assets)
		for _, name := range pageNames {
			t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles,
				"templates/layout.html", "templates/partials.html", "templates/admin_fields.html", "templates/mail.html",
				"templates/portal_partials.html", "templates/admin_escalation.html", "templates/commit.html",
				"templates/"+name+".html")
			if err != nil {
				return nil, fmt.Errorf("web: parse %s: %w", name, err)
			}
			ps.byLang[l][name] = t
		}
	}
	return ps, nil
}

// view is what every page template receives: the layout's needs and the
// page's own data in Data.
type view struct {
	Lang     desk.Language
	Switch   desk.Language // the other language, offered by the switch
	Title    string
	Actor    desk.Actor
	SignedIn bool
	CSRF     string
	Flash    *flash
	Here     string // this page's path and query: where the language switch returns
	Query    string // the header search box's text
	Live     string // the event stream a live page follows, "" for others
	Portal   bool   // a page of the requester portal: its own header, no agent tools
	Unread   int    // the signed-in agent's unread notifications (notifications.go)
	Data     any
}

// livePage is page data that follows changes: its event stream's URL.
type livePage interface{ liveURL() string }

// render executes a page into a buffer, then writes it with status: a
// template failure becomes a plain 500, never half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, st *reqState, status int, page, title string, data any) {
	v := view{Lang: st.lang, Switch: desk.English, Title: title, Actor: st.actor, SignedIn: st.signedIn,
		CSRF: csrfToken(st), Flash: s.takeFlash(w, r), Here: r.URL.RequestURI(), Query: r.URL.Query().Get("q"), Data: data,
		Portal: strings.HasPrefix(page, "portal_") || strings.HasPrefix(r.URL.Path, "/portal") || st.requester()}
	if st.lang == desk.English {
		v.Switch = desk.French
	}
	if lp, ok := data.(livePage); ok {
		v.Live = lp.liveURL()
	}
	if s.store != nil && st.signedIn && st.actor.IsAgent() {
		v.Unread, _ = s.store.UnreadNotifications(r.Context(), st.actor) // a failure only hides the count
	}
	if r.Method != http.MethodGet {
		v.Here = refererPath(r)
	}
	var buf bytes.Buffer
	if err := s.pages.byLang[st.lang][page].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.ErrorContext(r.Context(), "web: render", "page", page, "err", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// refererPath is the local page a form was posted from (browsers send it
// under Referrer-Policy same-origin), or "/" when unknown: a page shown in
// answer to a post links back there, not to the form's action.
func refererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	return localPath(u.RequestURI(), "/")
}

// templateFuncs are the functions templates may call, bound to one language.
func templateFuncs(cat catalogue, assets *assetSet) template.FuncMap {
	dates := newDateFormat(cat)
	return template.FuncMap{
		"t":     cat.T,
		"label": func(prefix string, v any) string { return cat.T(fmt.Sprintf("%s.%v", prefix, v)) },
		"asset": assets.url,
		"when":  func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
		"iso":   func(t any) string { return timeOf(t).UTC().Format(time.RFC3339) },
		"due":   func(t any) string { return dates.format(timeOf(t)) },
		"html":  func(s string) template.HTML { return template.HTML(desk.SanitizeHTML(s)) },
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"count": func(n int) string {
			if n >= countCap {
				return fmt.Sprintf("%d+", countCap-1)
			}
			return fmt.Sprint(n)
		},
		"size": humanSize,
		"dict": dict,
		"has": func(ids any, id int64) bool { // ids may be nil
			list, _ := ids.([]int64)
			return slices.Contains(list, id)
		},
		"longdate": func(t time.Time) string { return longDate(cat, t) }, // portal_view.go
	}
}

// timeOf returns a time.Time or *time.Time given to a template function (the
// zero time for nil).
func timeOf(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case *time.Time:
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

// countCap bounds queue counts: "999+" is shown beyond.
const countCap = 1000

// humanSize formats a byte count for attachment links.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// dict builds a map from alternating keys and values, for passing several
// values to a template; a key that is not a string is skipped.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}
