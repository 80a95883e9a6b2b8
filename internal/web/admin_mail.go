package web

import (
	"context"
	"net/http"
	"strconv"

	"guichet/internal/desk"
)

// adminMailPage is the email addresses tab's data: the address → department
// mapping and the departments an address may route to.
type adminMailPage struct {
	Addresses   []desk.MailAddress
	Departments []desk.Department
}

// handleAdminMail lists the addresses that route mail to a department, with
// a form to add one.
func (s *server) handleAdminMail(w http.ResponseWriter, r *http.Request, st *reqState) error {
	return s.showAdminMail(w, r, st, http.StatusOK, adminForm{})
}

func (s *server) showAdminMail(w http.ResponseWriter, r *http.Request, st *reqState, status int, form adminForm) error {
	var page adminMailPage
	var err error
	if page.Addresses, err = s.store.MailAddressList(r.Context(), st.actor); err != nil {
		return err
	}
	if page.Departments, err = s.store.Departments(r.Context(), st.actor); err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_mail", "mail", st.cat.T("title.admin_mail"), form, page)
	return nil
}

// handleAddMailAddress maps an address to a department.
func (s *server) handleAddMailAddress(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	return s.mailChange(w, r, st, "add", func(ctx context.Context) (string, error) {
		dept, _ := strconv.ParseInt(f.Get("department"), 10, 64)
		m := desk.MailAddress{Address: f.Get("address"), DepartmentID: dept}
		if err := s.store.AddMailAddress(ctx, st.actor, &m); err != nil {
			return "", err
		}
		return st.cat.T("flash.mail_address_added", m.Address, m.Department), nil
	})
}

// handleRemoveMailAddress stops routing an address to a department.
func (s *server) handleRemoveMailAddress(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "mail address")
	if err != nil {
		return err
	}
	return s.mailChange(w, r, st, "remove", func(ctx context.Context) (string, error) {
		if err := s.store.RemoveMailAddress(ctx, st.actor, id); err != nil {
			return "", err
		}
		return st.cat.T("flash.mail_address_removed"), nil
	})
}

// mailChange is adminChange for the mail tab: it goes back to the tab, and
// its refusals say what is wrong with the address in the tab's own words.
func (s *server) mailChange(w http.ResponseWriter, r *http.Request, st *reqState, which string,
	do func(ctx context.Context) (string, error)) error {
	var cause error
	return s.adminChange(w, r, st, which, func(status int, form adminForm) error {
		if text := mailErrorText(st.cat, cause); text != "" {
			form.Error = text
		}
		return s.showAdminMail(w, r, st, status, form)
	}, func(ctx context.Context) (string, string, error) {
		done, err := do(ctx)
		cause = err
		return done, "/admin/mail", err
	})
}

// mailErrorText names what is wrong with an address form, "" when the
// generic message says it.
func mailErrorText(cat catalogue, err error) string {
	e := desk.AsError(err)
	switch {
	case e == nil:
		return ""
	case e.Code == desk.CodeConflict:
		return cat.T("mail.error_taken")
	case e.Code == desk.CodeInvalid && e.Field == "address":
		return cat.T("mail.error_address")
	case e.Code == desk.CodeInvalid && e.Field == "department_id":
		return cat.T("mail.error_department")
	}
	return ""
}

// departmentMail returns the addresses that route mail to department id.
func (s *server) departmentMail(ctx context.Context, a desk.Actor, id int64) ([]desk.MailAddress, error) {
	all, err := s.store.MailAddressList(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []desk.MailAddress
	for _, m := range all {
		if m.DepartmentID == id {
			out = append(out, m)
		}
	}
	return out, nil
}
