package web

import "net/http"

// Route is one method and ServeMux pattern New serves.
type Route struct {
	Method  string
	Pattern string
}

// handlerFunc is a page handler: it gets the request's state (language,
// actor, CSRF key) and returns an error for fail to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request, st *reqState) error

// access tells who may reach a route.
type access int

const (
	public    access = iota // anyone, signed in or not
	agentOnly               // a signed-in agent; others are sent to the sign-in page
)

// route is a Route with its handler and who may reach it.
type route struct {
	Route
	handle handlerFunc
	access access
}

// routes lists every page and form action, in one place. Every POST is checked
// for its CSRF token before its handler runs (see wrap).
func (s *server) routes() []route {
	return []route{
		{Route{"GET", "/{$}"}, s.handleHome, public},
		{Route{"GET", "/login"}, s.handleLoginForm, public},
		{Route{"POST", "/login"}, s.handleLogin, public},
		{Route{"POST", "/logout"}, s.handleLogout, public},
		{Route{"POST", "/logout/everywhere"}, s.handleLogoutEverywhere, agentOnly},
		{Route{"POST", "/language"}, s.handleLanguage, public},

		{Route{"GET", "/inbox"}, s.handleInbox, agentOnly},
		{Route{"POST", "/inbox/bulk"}, s.handleBulk, agentOnly},

		{Route{"GET", "/requests/{number}"}, s.handleRequest, agentOnly},
		{Route{"POST", "/requests/{number}/reply"}, s.handleReply, agentOnly},
		{Route{"POST", "/requests/{number}/note"}, s.handleNote, agentOnly},
		{Route{"POST", "/requests/{number}/update"}, s.handleUpdate, agentOnly},
		{Route{"POST", "/requests/{number}/assign"}, s.handleAssign, agentOnly},
		{Route{"POST", "/requests/{number}/handoff"}, s.handleHandoff, agentOnly},
		{Route{"POST", "/requests/{number}/merge"}, s.handleMerge, agentOnly},
		{Route{"GET", "/attachments/{id}"}, s.handleAttachment, agentOnly},
	}
}

// Routes lists every route New serves, static assets included, for the
// server's metrics labels.
func Routes() []Route {
	var s server
	rs := s.routes()
	out := make([]Route, 0, len(rs)+1)
	for _, r := range rs {
		out = append(out, r.Route)
	}
	return append(out, Route{"GET", "/static/{file}"})
}
