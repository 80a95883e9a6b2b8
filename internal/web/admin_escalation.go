package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// escalationLevels are the steps of the chain form, in the order a chain
// climbs them.
var escalationLevels = []commit.Level{commit.NotifyOwner, commit.NotifyLeads, commit.NotifyManager}

// escalationSection is the department page's chain form: the saved chain,
// or what was typed when it was refused.
type escalationSection struct {
	Configured                               bool
	PickupWithin, AcceptWithin, RemindBefore string
	Steps                                    []stepRow
	Members                                  []leadRow // the department's active agents
	Agents                                   []desk.Agent
	Departments                              []desk.Department // possible parents
	ManagerID, ParentID                      int64
}

// stepRow is one level of the form: whether the chain has it, and its delay.
type stepRow struct {
	Level commit.Level
	On    bool
	After string
}

// leadRow is a member of the department, and whether they lead it.
type leadRow struct {
	ID   int64
	Name string
	Lead bool
}

// escalationSection builds the chain form of department id; form holds what
// was typed when the chain was just refused.
func (s *server) escalationSection(ctx context.Context, st *reqState, id int64, form adminForm) (*escalationSection, error) {
	e, err := s.store.Escalation(ctx, st.actor, id)
	if err != nil {
		return nil, err
	}
	agents, err := s.store.Agents(ctx, st.actor)
	if err != nil {
		return nil, err
	}
	depts, err := s.store.Departments(ctx, st.actor)
	if err != nil {
		return nil, err
	}
	sec := &escalationSection{Configured: e.Configured, PickupWithin: e.PickupWithin.String(),
		AcceptWithin: e.AcceptWithin.String(), RemindBefore: e.RemindBefore.String(), ManagerID: deref0(e.ManagerID),
		ParentID: deref0(e.ParentDepartmentID)}
	for _, a := range agents {
		if !a.Active {
			continue
		}
		sec.Agents = append(sec.Agents, a)
		if slices.Contains(a.DepartmentIDs, id) {
			sec.Members = append(sec.Members, leadRow{ID: a.PersonID, Name: a.Name, Lead: slices.Contains(e.LeadIDs, a.PersonID)})
		}
	}
	for _, d := range depts {
		if d.ID != id {
			sec.Departments = append(sec.Departments, d)
		}
	}
	for _, l := range escalationLevels {
		row := stepRow{Level: l}
		for _, st := range e.Steps {
			if st.Notify == l {
				row.On, row.After = true, st.After.String()
			}
		}
		sec.Steps = append(sec.Steps, row)
	}
	if form.Which == "escalation" {
		sec.retype(form)
	}
	return sec, nil
}

// retype shows what was typed in a refused form instead of the saved chain.
func (sec *escalationSection) retype(f adminForm) {
	sec.PickupWithin, sec.AcceptWithin, sec.RemindBefore = f.Get("pickup_within"), f.Get("accept_within"), f.Get("remind_before")
	sec.ManagerID, _ = strconv.ParseInt(f.Get("manager_id"), 10, 64)
	sec.ParentID, _ = strconv.ParseInt(f.Get("parent_department_id"), 10, 64)
	for i := range sec.Steps {
		l := string(sec.Steps[i].Level)
		sec.Steps[i].On, sec.Steps[i].After = f.Get("step_"+l) == "on", f.Get("after_"+l)
	}
	for i := range sec.Members {
		sec.Members[i].Lead = f.Has("lead_ids", strconv.FormatInt(sec.Members[i].ID, 10))
	}
}

func deref0(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// handleSetEscalation saves a department's escalation chain and leads.
func (s *server) handleSetEscalation(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "department")
	if err != nil {
		return err
	}
	f := r.PostForm
	redo := func(status int, form adminForm) error { return s.showAdminDepartment(w, r, st, id, status, form) }
	return s.adminChange(w, r, st, "escalation", redo, func(ctx context.Context) (string, string, error) {
		in, err := escalationForm(f.Get, f["lead_ids"])
		if err != nil {
			return "", "", err
		}
		e, err := in.Escalation(id)
		if err != nil {
			return "", "", err
		}
		if err := s.store.SetEscalation(ctx, st.actor, &e); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.saved"), "/admin/departments/" + strconv.FormatInt(id, 10) + "#escalation-title", nil
	})
}

// escalationForm reads the chain form.
func escalationForm(get func(string) string, leads []string) (commit.EscalationInput, error) {
	in := commit.EscalationInput{PickupWithin: get("pickup_within"), AcceptWithin: get("accept_within"),
		RemindBefore: get("remind_before")}
	var err error
	if in.LeadIDs, err = formIDs(leads, "lead_ids"); err != nil {
		return in, err
	}
	for _, p := range []struct {
		dst   **int64
		field string
	}{{&in.ManagerID, "manager_id"}, {&in.ParentDepartmentID, "parent_department_id"}} {
		v := strings.TrimSpace(get(p.field))
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return in, desk.Invalid(p.field, "must be an id")
		}
		*p.dst = &n
	}
	for _, l := range escalationLevels {
		if get("step_"+string(l)) == "on" {
			in.Steps = append(in.Steps, commit.StepInput{Notify: string(l), After: get("after_" + string(l))})
		}
	}
	return in, nil
}
