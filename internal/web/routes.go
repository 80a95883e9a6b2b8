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
	public        access = iota // anyone, signed in or not
	agentOnly                   // a signed-in agent; others are sent to the sign-in page
	adminOnly                   // a signed-in admin; other agents are refused (403)
	requesterOnly               // a requester signed in to the portal; others are sent to its sign-in page
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
		{Route{"POST", "/requests/{number}/consults"}, s.handleOpenConsult, agentOnly},
		{Route{"POST", "/requests/{number}/consults/{id}/answer"}, s.handleAnswerConsult, agentOnly},
		{Route{"POST", "/requests/{number}/promises"}, s.handleMakePromise, agentOnly},
		{Route{"POST", "/requests/{number}/promises/{id}/kept"}, s.handleKeepPromise, agentOnly},
		{Route{"GET", "/attachments/{id}"}, s.handleAttachment, agentOnly},

		{Route{"GET", "/live"}, s.handleLive, agentOnly},
		{Route{"POST", "/requests/{number}/presence"}, s.handlePresence, agentOnly},

		{Route{"GET", "/notifications"}, s.handleNotifications, agentOnly},
		{Route{"POST", "/notifications/read"}, s.handleReadNotifications, agentOnly},

		{Route{"GET", "/directory"}, s.handleDirectory, agentOnly},
		{Route{"GET", "/people"}, s.handlePeople, agentOnly},
		{Route{"GET", "/people/{id}"}, s.handleProfile, agentOnly},

		{Route{"GET", "/admin"}, s.handleAdminHome, adminOnly},
		{Route{"GET", "/admin/departments"}, s.handleAdminDepartments, adminOnly},
		{Route{"POST", "/admin/departments"}, s.handleCreateDepartment, adminOnly},
		{Route{"GET", "/admin/departments/{id}"}, s.handleAdminDepartment, adminOnly},
		{Route{"POST", "/admin/departments/{id}"}, s.handleUpdateDepartment, adminOnly},
		{Route{"POST", "/admin/departments/{id}/delete"}, s.handleDeleteDepartment, adminOnly},
		{Route{"POST", "/admin/departments/{id}/escalation"}, s.handleSetEscalation, adminOnly},
		{Route{"GET", "/admin/agents"}, s.handleAdminAgents, adminOnly},
		{Route{"POST", "/admin/agents"}, s.handleCreateAgent, adminOnly},
		{Route{"GET", "/admin/agents/{id}"}, s.handleAdminAgent, adminOnly},
		{Route{"POST", "/admin/agents/{id}"}, s.handleUpdateAgent, adminOnly},
		{Route{"GET", "/admin/organisations"}, s.handleAdminOrganisations, adminOnly},
		{Route{"POST", "/admin/organisations"}, s.handleCreateOrganisation, adminOnly},
		{Route{"GET", "/admin/organisations/{id}"}, s.handleAdminOrganisation, adminOnly},
		{Route{"POST", "/admin/organisations/{id}"}, s.handleUpdateOrganisation, adminOnly},
		{Route{"POST", "/admin/organisations/{id}/delete"}, s.handleDeleteOrganisation, adminOnly},
		{Route{"GET", "/admin/tokens"}, s.handleAdminTokens, adminOnly},
		{Route{"POST", "/admin/tokens"}, s.handleCreateToken, adminOnly},
		{Route{"POST", "/admin/tokens/{id}/revoke"}, s.handleRevokeToken, adminOnly},
		{Route{"GET", "/admin/mail"}, s.handleAdminMail, adminOnly},
		{Route{"POST", "/admin/mail"}, s.handleAddMailAddress, adminOnly},
		{Route{"POST", "/admin/mail/{id}/remove"}, s.handleRemoveMailAddress, adminOnly},

		// The requester portal (portal_*.go): sign in by link, open a request
		// without an account, follow one's requests.
		{Route{"GET", "/portal"}, s.handlePortalHome, public},
		{Route{"GET", "/portal/login"}, s.handlePortalLoginForm, public},
		{Route{"POST", "/portal/login"}, s.handlePortalSendLink, public},
		{Route{"GET", "/portal/link"}, s.handlePortalLink, public},
		{Route{"POST", "/portal/link"}, s.handlePortalSignIn, public},
		{Route{"GET", "/portal/new"}, s.handlePortalNewForm, public},
		{Route{"POST", "/portal/new"}, s.handlePortalCreate, public},
		{Route{"GET", "/portal/suggest"}, s.handlePortalSuggest, public},
		{Route{"GET", "/portal/requests"}, s.handlePortalRequests, requesterOnly},
		{Route{"GET", "/portal/requests/{number}"}, s.handlePortalRequest, requesterOnly},
		{Route{"POST", "/portal/requests/{number}/reply"}, s.handlePortalReply, requesterOnly},
		{Route{"GET", "/portal/attachments/{id}"}, s.handleAttachment, requesterOnly},
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
