package web

import (
	"net/http"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// peopleView is the people search page's data.
type peopleView struct {
	Q      string
	People []desk.Person
}

// handlePeople finds requesters (and colleagues) by name or email.
func (s *server) handlePeople(w http.ResponseWriter, r *http.Request, st *reqState) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var people []desk.Person
	if q != "" {
		var err error
		if people, err = s.store.People(r.Context(), st.actor, q, 50); err != nil {
			return err
		}
	}
	s.render(w, r, st, http.StatusOK, "people", st.cat.T("title.people"), peopleView{Q: q, People: people})
	return nil
}

// profileView is a requester profile's data.
type profileView struct {
	P            *desk.Person
	Organisation *desk.Organisation
	Department   *desk.Department
	Agent        *desk.Agent // when the person is also an agent
	AgentDepts   []string
	Open         int // active requests, capped at countCap
	Requests     []desk.Request
	NextURL      string
}

// handleProfile shows one person: emails, organisation or department, and
// all their requests, newest activity first, a page at a time.
func (s *server) handleProfile(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return desk.NotFound("person")
	}
	ctx := r.Context()
	p, err := s.store.Person(ctx, st.actor, id)
	if err != nil {
		return err
	}
	v := profileView{P: p}
	if p.OrganisationID != nil {
		if v.Organisation, err = s.store.Organisation(ctx, st.actor, *p.OrganisationID); err != nil {
			return err
		}
	}
	if p.DepartmentID != nil {
		if v.Department, err = s.store.Department(ctx, st.actor, *p.DepartmentID); err != nil {
			return err
		}
	}
	if err := s.profileAgent(r, st, &v); err != nil {
		return err
	}
	cursor := r.URL.Query().Get("cursor")
	page, err := s.store.ListRequests(ctx, st.actor, desk.RequestFilter{RequesterID: id, Cursor: cursor, Limit: 50})
	if err != nil {
		return err
	}
	v.Requests = page.Requests
	if page.NextCursor != "" {
		v.NextURL = "/people/" + strconv.FormatInt(id, 10) + "?cursor=" + page.NextCursor
	}
	if v.Open, err = s.store.CountRequests(ctx, st.actor, desk.RequestFilter{RequesterID: id, Status: active}, countCap); err != nil {
		return err
	}
	s.render(w, r, st, http.StatusOK, "profile", p.Name, v)
	return nil
}

// profileAgent adds the person's agent record and departments, if any.
func (s *server) profileAgent(r *http.Request, st *reqState, v *profileView) error {
	ag, err := s.store.Agent(r.Context(), st.actor, v.P.ID)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	v.Agent = ag
	depts, err := s.store.Departments(r.Context(), st.actor)
	if err != nil {
		return err
	}
	for _, d := range depts {
		for _, id := range ag.DepartmentIDs {
			if id == d.ID {
				v.AgentDepts = append(v.AgentDepts, d.Name)
			}
		}
	}
	return nil
}
