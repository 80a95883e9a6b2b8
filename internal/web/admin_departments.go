package web

import (
	"context"
	"net/http"
	"strconv"
	"unicode/utf8"

	"guichet/internal/desk"
)

// adminDeptsPage is the departments tab's data.
type adminDeptsPage struct {
	Entries []deptEntry
}

// handleAdminDepartments lists the departments with a form to create one.
func (s *server) handleAdminDepartments(w http.ResponseWriter, r *http.Request, st *reqState) error {
	return s.showAdminDepartments(w, r, st, http.StatusOK, adminForm{})
}

func (s *server) showAdminDepartments(w http.ResponseWriter, r *http.Request, st *reqState, status int, form adminForm) error {
	dir, err := s.directory(r.Context(), st.actor)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_departments", "departments", st.cat.T("title.admin_departments"), form, adminDeptsPage{dir})
	return nil
}

// handleCreateDepartment adds a department with its service hours.
func (s *server) handleCreateDepartment(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	redo := func(status int, form adminForm) error { return s.showAdminDepartments(w, r, st, status, form) }
	return s.adminChange(w, r, st, "create", redo, func(ctx context.Context) (string, string, error) {
		d := desk.Department{Slug: f.Get("slug"), Name: f.Get("name"), Handles: f.Get("handles")}
		if err := checkHours(f.Get("hours")); err != nil {
			return "", "", err
		}
		if err := s.store.CreateDepartment(ctx, st.actor, &d); err != nil {
			return "", "", err
		}
		if err := s.store.SetServiceHours(ctx, st.actor, d.ID, f.Get("hours")); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.department_created", d.Name), "/admin/departments", nil
	})
}

// adminDeptPage is one department's edit page.
type adminDeptPage struct {
	D          *desk.Department
	Hours      string
	Mail       []desk.MailAddress // the addresses that route mail to it
	Escalation *escalationSection // admin_escalation.go
}

// handleAdminDepartment shows one department's edit form.
func (s *server) handleAdminDepartment(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "department")
	if err != nil {
		return err
	}
	return s.showAdminDepartment(w, r, st, id, http.StatusOK, adminForm{})
}

func (s *server) showAdminDepartment(w http.ResponseWriter, r *http.Request, st *reqState, id int64, status int, form adminForm) error {
	d, err := s.store.Department(r.Context(), st.actor, id)
	if err != nil {
		return err
	}
	hours, err := s.store.ServiceHours(r.Context())
	if err != nil {
		return err
	}
	mail, err := s.departmentMail(r.Context(), st.actor, id)
	if err != nil {
		return err
	}
	esc, err := s.escalationSection(r.Context(), st, id, form)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_department", "departments", d.Name, form,
		adminDeptPage{D: d, Hours: hours[id], Mail: mail, Escalation: esc})
	return nil
}

// handleUpdateDepartment saves a department: name, slug, what it handles,
// service hours, and whether it is the front desk.
func (s *server) handleUpdateDepartment(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "department")
	if err != nil {
		return err
	}
	f := r.PostForm
	redo := func(status int, form adminForm) error { return s.showAdminDepartment(w, r, st, id, status, form) }
	return s.adminChange(w, r, st, "update", redo, func(ctx context.Context) (string, string, error) {
		d := desk.Department{ID: id, Slug: f.Get("slug"), Name: f.Get("name"), Handles: f.Get("handles"), FrontDesk: f.Get("front_desk") == "on"}
		if err := checkHours(f.Get("hours")); err != nil {
			return "", "", err
		}
		if err := s.store.UpdateDepartment(ctx, st.actor, &d); err != nil {
			return "", "", err
		}
		if err := s.store.SetServiceHours(ctx, st.actor, id, f.Get("hours")); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.saved"), "/admin/departments/" + strconv.FormatInt(id, 10), nil
	})
}

// handleDeleteDepartment removes a department that owns nothing.
func (s *server) handleDeleteDepartment(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "department")
	if err != nil {
		return err
	}
	redo := func(status int, form adminForm) error { return s.showAdminDepartment(w, r, st, id, status, form) }
	return s.adminChange(w, r, st, "delete", redo, func(ctx context.Context) (string, string, error) {
		if err := s.store.DeleteDepartment(ctx, st.actor, id); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.deleted"), "/admin/departments", nil
	})
}

// checkHours refuses service hours the store would refuse, before anything
// is written: a department is never saved without the hours typed with it.
func checkHours(h string) error {
	if !utf8.ValidString(h) || utf8.RuneCountInString(h) > 500 {
		return desk.Invalid("service_hours", "must be at most 500 characters")
	}
	return nil
}
