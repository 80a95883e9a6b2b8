package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"guichet/internal/desk"
)

// adminSection is one tab of the admin pages.
type adminSection struct {
	Key  string // catalogue key of its label: admin.<Key>
	Path string
}

// adminSections lists the admin tabs in order. The email addresses tab
// (admin_mail.go) maps addresses to departments; each department's page lists
// its own (the "department-mail" template in mail.html).
var adminSections = []adminSection{
	{"departments", "/admin/departments"},
	{"agents", "/admin/agents"},
	{"organisations", "/admin/organisations"},
	{"tokens", "/admin/tokens"},
	{"mail", "/admin/mail"},
}

// adminView wraps every admin page's data with the tabs and the form sent
// back after a refused change.
type adminView struct {
	Section  string
	Sections []adminSection
	Form     adminForm
	Page     any
}

// adminForm is a form sent back with its error and what was typed.
type adminForm struct {
	Which  string // which form of the page
	Error  string
	Values url.Values
}

// Get returns a typed value, for templates.
func (f adminForm) Get(k string) string { return f.Values.Get(k) }

// Has reports whether a checkbox or multi-select value was sent.
func (f adminForm) Has(k, v string) bool {
	for _, x := range f.Values[k] {
		if x == v {
			return true
		}
	}
	return false
}

// renderAdmin shows an admin page with its tabs.
func (s *server) renderAdmin(w http.ResponseWriter, r *http.Request, st *reqState, status int, page, section, title string, form adminForm, data any) {
	v := adminView{Section: section, Sections: adminSections, Form: form, Page: data}
	s.render(w, r, st, status, page, title, v)
}

// adminChange runs an admin form. On success it flashes done and redirects
// to next; when the store refuses the change for a reason the user can fix
// (invalid, conflict…), redo shows the page again with the reason.
func (s *server) adminChange(w http.ResponseWriter, r *http.Request, st *reqState, which string,
	redo func(status int, form adminForm) error, do func(ctx context.Context) (done, next string, err error)) error {
	done, next, err := do(r.Context())
	if err != nil {
		code, p := problemFor(err)
		if code == desk.CodeInternal || code == desk.CodeNotFound || code == desk.CodeForbidden {
			return err
		}
		return redo(p.status, adminForm{Which: which, Error: errorText(st.cat, err), Values: r.PostForm})
	}
	s.setFlash(w, false, done)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// handleAdminHome opens the first admin tab.
func (s *server) handleAdminHome(w http.ResponseWriter, r *http.Request, st *reqState) error {
	http.Redirect(w, r, adminSections[0].Path, http.StatusSeeOther)
	return nil
}

// pathID reads the {id} of a path; CodeNotFound (naming what) if it is not one.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, desk.NotFound(what)
	}
	return id, nil
}

// formIDs parses the ids of a multi-select or checkbox list; a value that is
// not an id is CodeInvalid on field.
func formIDs(vals []string, field string) ([]int64, error) {
	out := make([]int64, 0, len(vals))
	for _, v := range vals {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, desk.Invalid(field, "must be ids")
		}
		out = append(out, id)
	}
	return out, nil
}
