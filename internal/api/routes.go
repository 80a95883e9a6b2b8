package api

import (
	"net/http"

	"guichet/internal/desk"
)

// Route is one operation New serves: an HTTP method and a ServeMux path pattern
// such as "/api/v1/requests/{number}".
type Route struct {
	Method  string
	Pattern string
}

// handlerFunc is an API handler: it gets the authenticated actor (the zero
// Actor on public routes) and returns an error for writeError to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request, a desk.Actor) error

// route is a Route with its handler and whether it needs no authentication.
type route struct {
	Route
	handle handlerFunc
	public bool
}

// routes lists the whole API surface, in one place.
func (s *server) routes() []route {
	return []route{
		{Route{"GET", "/api/v1/openapi.json"}, s.handleOpenAPI, true},
		{Route{"GET", "/api/v1/me"}, s.handleMe, false},

		{Route{"POST", "/api/v1/requests"}, s.handleCreateRequest, false},
		{Route{"GET", "/api/v1/requests"}, s.handleListRequests, false},
		{Route{"GET", "/api/v1/requests/{number}"}, s.handleGetRequest, false},
		{Route{"PATCH", "/api/v1/requests/{number}"}, s.handleUpdateRequest, false},
		{Route{"POST", "/api/v1/requests/{number}/messages"}, s.handleAddMessage, false},
		{Route{"POST", "/api/v1/requests/{number}/handoffs"}, s.handleHandoff, false},
		{Route{"POST", "/api/v1/requests/{number}/merge"}, s.handleMerge, false},
		{Route{"GET", "/api/v1/attachments/{id}"}, s.handleGetAttachment, false},
		{Route{"GET", "/api/v1/requests/{number}/mail"}, s.handleListRequestMail, false},

		{Route{"GET", "/api/v1/mail-addresses"}, s.handleListMailAddresses, false},
		{Route{"POST", "/api/v1/mail-addresses"}, s.handleAddMailAddress, false},
		{Route{"DELETE", "/api/v1/mail-addresses/{id}"}, s.handleRemoveMailAddress, false},

		{Route{"POST", "/api/v1/requests/{number}/consults"}, s.handleOpenConsult, false},
		{Route{"GET", "/api/v1/requests/{number}/consults"}, s.handleListConsults, false},
		{Route{"POST", "/api/v1/requests/{number}/consults/{id}/answer"}, s.handleAnswerConsult, false},
		{Route{"GET", "/api/v1/consults"}, s.handleConsultQueue, false},
		{Route{"POST", "/api/v1/requests/{number}/promises"}, s.handleMakePromise, false},
		{Route{"GET", "/api/v1/requests/{number}/promises"}, s.handleListPromises, false},
		{Route{"POST", "/api/v1/requests/{number}/promises/{id}/kept"}, s.handleKeepPromise, false},

		{Route{"GET", "/api/v1/calendars"}, s.handleListCalendars, false},
		{Route{"POST", "/api/v1/calendars"}, s.handleCreateCalendar, false},
		{Route{"GET", "/api/v1/calendars/{id}"}, s.handleGetCalendar, false},
		{Route{"PATCH", "/api/v1/calendars/{id}"}, s.handleUpdateCalendar, false},
		{Route{"DELETE", "/api/v1/calendars/{id}"}, s.handleDeleteCalendar, false},

		{Route{"GET", "/api/v1/service-standards"}, s.handleListStandards, false},
		{Route{"POST", "/api/v1/service-standards"}, s.handleCreateStandard, false},
		{Route{"GET", "/api/v1/service-standards/{id}"}, s.handleGetStandard, false},
		{Route{"PATCH", "/api/v1/service-standards/{id}"}, s.handleUpdateStandard, false},
		{Route{"DELETE", "/api/v1/service-standards/{id}"}, s.handleDeleteStandard, false},

		{Route{"GET", "/api/v1/agreements"}, s.handleListAgreements, false},
		{Route{"POST", "/api/v1/agreements"}, s.handleCreateAgreement, false},
		{Route{"GET", "/api/v1/agreements/{id}"}, s.handleGetAgreement, false},
		{Route{"PATCH", "/api/v1/agreements/{id}"}, s.handleUpdateAgreement, false},
		{Route{"DELETE", "/api/v1/agreements/{id}"}, s.handleDeleteAgreement, false},

		{Route{"GET", "/api/v1/reports/compliance"}, s.handleCompliance, false},

		{Route{"GET", "/api/v1/departments"}, s.handleListDepartments, false},
		{Route{"POST", "/api/v1/departments"}, s.handleCreateDepartment, false},
		{Route{"GET", "/api/v1/departments/{id}"}, s.handleGetDepartment, false},
		{Route{"PATCH", "/api/v1/departments/{id}"}, s.handleUpdateDepartment, false},
		{Route{"DELETE", "/api/v1/departments/{id}"}, s.handleDeleteDepartment, false},
		{Route{"GET", "/api/v1/departments/{id}/escalation"}, s.handleGetEscalation, false},
		{Route{"PUT", "/api/v1/departments/{id}/escalation"}, s.handleSetEscalation, false},
		{Route{"GET", "/api/v1/notifications"}, s.handleListNotifications, false},
		{Route{"POST", "/api/v1/notifications/read"}, s.handleMarkNotificationsRead, false},

		{Route{"GET", "/api/v1/people"}, s.handleListPeople, false},
		{Route{"POST", "/api/v1/people"}, s.handleCreatePerson, false},
		{Route{"GET", "/api/v1/people/{id}"}, s.handleGetPerson, false},
		{Route{"PATCH", "/api/v1/people/{id}"}, s.handleUpdatePerson, false},

		{Route{"GET", "/api/v1/organisations"}, s.handleListOrganisations, false},
		{Route{"POST", "/api/v1/organisations"}, s.handleCreateOrganisation, false},
		{Route{"GET", "/api/v1/organisations/{id}"}, s.handleGetOrganisation, false},
		{Route{"PATCH", "/api/v1/organisations/{id}"}, s.handleUpdateOrganisation, false},
		{Route{"DELETE", "/api/v1/organisations/{id}"}, s.handleDeleteOrganisation, false},

		{Route{"GET", "/api/v1/agents"}, s.handleListAgents, false},
		{Route{"POST", "/api/v1/agents"}, s.handleCreateAgent, false},
		{Route{"GET", "/api/v1/agents/{id}"}, s.handleGetAgent, false},
		{Route{"PATCH", "/api/v1/agents/{id}"}, s.handleUpdateAgent, false},
	}
}

// Routes lists every route New serves, in the order of the routes table.
func Routes() []Route {
	var s server
	rs := s.routes()
	out := make([]Route, len(rs))
	for i, r := range rs {
		out[i] = r.Route
	}
	return out
}
