package web

import (
	"context"
	"net/http"
	"strconv"

	"guichet/internal/desk"
)

// handleAdminOrganisations lists the organisations with a form to add one.
func (s *server) handleAdminOrganisations(w http.ResponseWriter, r *http.Request, st *reqState) error {
	return s.showAdminOrganisations(w, r, st, http.StatusOK, adminForm{})
}

func (s *server) showAdminOrganisations(w http.ResponseWriter, r *http.Request, st *reqState, status int, form adminForm) error {
	orgs, err := s.store.Organisations(r.Context(), st.actor)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_organisations", "organisations", st.cat.T("title.admin_organisations"), form, orgs)
	return nil
}

// orgForm reads an organisation from a form.
func orgForm(r *http.Request, id int64) desk.Organisation {
	f := r.PostForm
	return desk.Organisation{ID: id, Name: f.Get("name"), Domain: f.Get("domain"), SharedRequests: f.Get("shared") == "on"}
}

// handleCreateOrganisation adds an organisation.
func (s *server) handleCreateOrganisation(w http.ResponseWriter, r *http.Request, st *reqState) error {
	redo := func(status int, form adminForm) error { return s.showAdminOrganisations(w, r, st, status, form) }
	return s.adminChange(w, r, st, "create", redo, func(ctx context.Context) (string, string, error) {
		o := orgForm(r, 0)
		if err := s.store.CreateOrganisation(ctx, st.actor, &o); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.organisation_created", o.Name), "/admin/organisations", nil
	})
}

// handleAdminOrganisation shows one organisation's edit form.
func (s *server) handleAdminOrganisation(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "organisation")
	if err != nil {
		return err
	}
	return s.showAdminOrganisation(w, r, st, id, http.StatusOK, adminForm{})
}

func (s *server) showAdminOrganisation(w http.ResponseWriter, r *http.Request, st *reqState, id int64, status int, form adminForm) error {
	o, err := s.store.Organisation(r.Context(), st.actor, id)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_organisation", "organisations", o.Name, form, o)
	return nil
}

// handleUpdateOrganisation saves an organisation's name, mail domain and
// whether its people read each other's requests.
func (s *server) handleUpdateOrganisation(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "organisation")
	if err != nil {
		return err
	}
	redo := func(status int, form adminForm) error { return s.showAdminOrganisation(w, r, st, id, status, form) }
	return s.adminChange(w, r, st, "update", redo, func(ctx context.Context) (string, string, error) {
		o := orgForm(r, id)
		if err := s.store.UpdateOrganisation(ctx, st.actor, &o); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.saved"), "/admin/organisations/" + strconv.FormatInt(id, 10), nil
	})
}

// handleDeleteOrganisation removes an organisation nobody belongs to.
func (s *server) handleDeleteOrganisation(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "organisation")
	if err != nil {
		return err
	}
	redo := func(status int, form adminForm) error { return s.showAdminOrganisation(w, r, st, id, status, form) }
	return s.adminChange(w, r, st, "delete", redo, func(ctx context.Context) (string, string, error) {
		if err := s.store.DeleteOrganisation(ctx, st.actor, id); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.deleted"), "/admin/organisations", nil
	})
}
