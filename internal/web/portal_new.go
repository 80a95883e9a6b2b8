package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// New requests from the portal: at most newMaxPerIP from one IP without an
// account, and newMaxPerPerson from one signed-in requester, within newWindow.
const (
	newWindow       = time.Hour
	newMaxPerIP     = 10
	newMaxPerPerson = 20
)

// honeypotField is a form field people never see (nor fill): a post that
// fills it comes from a robot.
const honeypotField = "website"

// portalNewView is the data of the new-request form.
type portalNewView struct {
	Anonymous  bool // no account: the form asks for a name and an address
	Name       string
	Email      string
	Subject    string
	Body       string
	Dept       int64        // the department picked, 0 to let the desk route it
	Chosen     bool         // a department (or "let the desk decide") was picked
	Choices    []deptChoice // every department, the suggested ones first
	Suggest    bool         // the form came back from its "suggest" button
	FilesAgain bool         // files were chosen: they must be chosen again
	Error      string
}

// deptChoice is one department of the form's picker.
type deptChoice struct {
	deptEntry
	Suggested bool // it matches what was typed
}

// portalCreatedView is the data of the page that confirms a new request. It
// tells only what the visitor typed and where the request went.
type portalCreatedView struct {
	Number     int64
	Subject    string
	Department string
	Agent      string
	ExpectBy   *time.Time // the first answer's due time, when a service standard applies
	Email      string     // where the sign-in link to follow it goes
}

// handlePortalNewForm shows the new-request form: with name and address
// without an account, without them for a signed-in requester.
func (s *server) handlePortalNewForm(w http.ResponseWriter, r *http.Request, st *reqState) error {
	v := portalNewView{Anonymous: !st.requester()}
	return s.showPortalNew(w, r, st, http.StatusOK, v)
}

// showPortalNew renders the form with the directory and the suggestions for
// what v holds.
func (s *server) showPortalNew(w http.ResponseWriter, r *http.Request, st *reqState, status int, v portalNewView) error {
	all, err := s.portalDirectory(r.Context(), st.actor)
	if err != nil {
		return err
	}
	suggested := suggestDepartments(all, v.Subject+"\n"+v.Body, maxSuggestions)
	v.Choices = make([]deptChoice, 0, len(all))
	for _, e := range suggested {
		v.Choices = append(v.Choices, deptChoice{e, true})
	}
	for _, e := range all {
		if !slices.ContainsFunc(suggested, func(x deptEntry) bool { return x.ID == e.ID }) {
			v.Choices = append(v.Choices, deptChoice{e, false})
		}
	}
	if v.Suggest && !v.Chosen && len(suggested) > 0 { // the suggestion is picked, and may be changed
		v.Dept, v.Chosen = suggested[0].ID, true
	}
	s.render(w, r, st, status, "portal_new", st.cat.T("portal.title.new"), v)
	return nil
}

// handlePortalCreate opens the request on the portal channel, or, from the
// form's "suggest" button, shows the form again with the departments that
// match what was typed. Without an account the request is the address's
// (a new requester, or the one who has it); the acknowledgement is mailed as
// for a mail. Robots are kept out by the CSRF token, a honeypot field and a
// limit per IP.
func (s *server) handlePortalCreate(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	if f.Get(honeypotField) != "" {
		return desk.Errorf(httpx.CodeBadForm, "honeypot field filled")
	}
	v := portalNewView{Anonymous: !st.requester(), Name: strings.TrimSpace(f.Get("name")), Email: strings.TrimSpace(f.Get("email")),
		Subject: f.Get("subject"), Body: f.Get("body"), Suggest: f.Get("action") == "suggest"}
	if f.Has("department") {
		v.Chosen = true
		v.Dept, _ = strconv.ParseInt(f.Get("department"), 10, 64)
	}
	atts, err := formAttachments(r)
	if err != nil {
		return err
	}
	v.FilesAgain = len(atts) > 0
	if v.Suggest {
		return s.showPortalNew(w, r, st, http.StatusOK, v)
	}
	if v.Anonymous {
		if v.Name == "" {
			v.Error = st.cat.T("portal.new.need_name")
		} else if _, err := desk.NormalizeEmail(v.Email); err != nil {
			v.Error = st.cat.T("portal.new.bad_email")
		}
		if v.Error != "" {
			return s.showPortalNew(w, r, st, http.StatusUnprocessableEntity, v)
		}
	}
	key, max := limitKey("portal-new-ip", clientIP(r)), newMaxPerIP
	if !v.Anonymous {
		key, max = limitKey("portal-new-person", strconv.FormatInt(st.actor.PersonID, 10)), newMaxPerPerson
	}
	ok, err := s.withinLimits(r.Context(), []limit{{key, max, newWindow}})
	if err != nil {
		return err
	}
	if !ok {
		v.Error = st.cat.T("portal.new.rate_limited")
		return s.showPortalNew(w, r, st, http.StatusTooManyRequests, v)
	}
	in := desk.NewRequest{Subject: v.Subject, Body: v.Body, DepartmentID: v.Dept, Channel: desk.ChannelPortal, Attachments: atts}
	actor := st.actor
	if v.Anonymous { // the desk opens it for the address, as for a mail
		actor, in.RequesterEmail, in.RequesterName = desk.SystemActor, v.Email, v.Name
	}
	req, err := s.store.CreateRequest(r.Context(), actor, in)
	if err != nil {
		if code, p := problemFor(err); code != desk.CodeInternal {
			v.Error = errorText(st.cat, err)
			return s.showPortalNew(w, r, st, p.status, v)
		}
		return err
	}
	if !v.Anonymous {
		s.setFlash(w, false, st.cat.T("portal.flash.created", req.Number, ownerText(req)))
		http.Redirect(w, r, fmt.Sprintf("/portal/requests/%d", req.Number), http.StatusSeeOther)
		return nil
	}
	c := portalCreatedView{Number: req.Number, Subject: req.Subject, Department: req.Department, Agent: req.Agent,
		ExpectBy: req.Clocks.FirstResponseDue, Email: v.Email}
	s.render(w, r, st, http.StatusCreated, "portal_created", st.cat.T("portal.title.created", req.Number), c)
	return nil
}

// ownerText names who handles r: "Shipping — Marie Tremblay", or the
// department alone.
func ownerText(r *desk.Request) string {
	if r.Agent != "" {
		return r.Department + " — " + r.Agent
	}
	return r.Department
}
