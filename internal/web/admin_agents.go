package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// roles lists the agent roles, most powerful first.
var roles = []desk.Role{desk.RoleAdmin, desk.RoleAgent, desk.RoleReadOnly}

// adminAgentsPage is the agents tab's data.
type adminAgentsPage struct {
	Agents      []agentRow
	Departments []desk.Department
	Roles       []desk.Role
}

// agentRow is an agent with its departments' names.
type agentRow struct {
	desk.Agent
	Departments []string
}

// handleAdminAgents lists the agents with a form to add one.
func (s *server) handleAdminAgents(w http.ResponseWriter, r *http.Request, st *reqState) error {
	return s.showAdminAgents(w, r, st, http.StatusOK, adminForm{})
}

func (s *server) showAdminAgents(w http.ResponseWriter, r *http.Request, st *reqState, status int, form adminForm) error {
	ctx := r.Context()
	agents, err := s.store.Agents(ctx, st.actor)
	if err != nil {
		return err
	}
	depts, err := s.store.Departments(ctx, st.actor)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, d := range depts {
		names[d.ID] = d.Name
	}
	rows := make([]agentRow, 0, len(agents))
	for _, a := range agents {
		row := agentRow{Agent: a}
		for _, id := range a.DepartmentIDs {
			row.Departments = append(row.Departments, names[id])
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(x, y agentRow) int { return strings.Compare(fold(x.Name), fold(y.Name)) })
	page := adminAgentsPage{Agents: rows, Departments: depts, Roles: roles}
	s.renderAdmin(w, r, st, status, "admin_agents", "agents", st.cat.T("title.admin_agents"), form, page)
	return nil
}

// handleCreateAgent makes someone an agent: the person with that email, or
// a new colleague. Everything is checked before anything is written.
func (s *server) handleCreateAgent(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	redo := func(status int, form adminForm) error { return s.showAdminAgents(w, r, st, status, form) }
	return s.adminChange(w, r, st, "create", redo, func(ctx context.Context) (string, string, error) {
		ag, password, err := agentForm(f.Get("role"), f["departments"], f.Get("password"))
		if err != nil {
			return "", "", err
		}
		email, err := desk.NormalizeEmail(f.Get("email"))
		if err != nil {
			return "", "", err
		}
		p, err := s.store.PersonByEmail(ctx, st.actor, email)
		switch {
		case desk.ErrorCode(err) == desk.CodeNotFound:
			p = &desk.Person{Name: f.Get("name"), Kind: desk.InternalPerson, Emails: []string{email}}
			if len(ag.DepartmentIDs) > 0 {
				p.DepartmentID = &ag.DepartmentIDs[0]
			}
			if err := s.store.CreatePerson(ctx, st.actor, p); err != nil {
				return "", "", err
			}
		case err != nil:
			return "", "", err
		}
		ag.PersonID = p.ID
		if err := s.store.CreateAgent(ctx, st.actor, &ag); err != nil {
			return "", "", err
		}
		if password != "" {
			if err := s.store.SetPassword(ctx, p.ID, password); err != nil {
				return "", "", err
			}
		}
		return st.cat.T("flash.agent_created", p.Name), "/admin/agents", nil
	})
}

// agentForm reads an agent's role, departments and optional password,
// checking them all before anything is written.
func agentForm(role string, depts []string, password string) (desk.Agent, string, error) {
	ids, err := formIDs(depts, "department_ids")
	if err != nil {
		return desk.Agent{}, "", err
	}
	ag := desk.Agent{Role: desk.Role(role), Active: true, DepartmentIDs: ids}
	if err := ag.Validate(); err != nil {
		return desk.Agent{}, "", err
	}
	if password != "" && (len(password) < 8 || len(password) > 72) {
		return desk.Agent{}, "", desk.Invalid("password", "must be 8 to 72 bytes long")
	}
	return ag, password, nil
}

// adminAgentPage is one agent's edit page.
type adminAgentPage struct {
	A           *desk.Agent
	Departments []desk.Department
	Roles       []desk.Role
}

// handleAdminAgent shows one agent's edit form.
func (s *server) handleAdminAgent(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "agent")
	if err != nil {
		return err
	}
	return s.showAdminAgent(w, r, st, id, http.StatusOK, adminForm{})
}

func (s *server) showAdminAgent(w http.ResponseWriter, r *http.Request, st *reqState, id int64, status int, form adminForm) error {
	a, err := s.store.Agent(r.Context(), st.actor, id)
	if err != nil {
		return err
	}
	depts, err := s.store.Departments(r.Context(), st.actor)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_agent", "agents", a.Name, form, adminAgentPage{A: a, Departments: depts, Roles: roles})
	return nil
}

// handleUpdateAgent saves an agent's role, whether they are active, their
// departments and, when one is typed, a new password.
func (s *server) handleUpdateAgent(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "agent")
	if err != nil {
		return err
	}
	f := r.PostForm
	redo := func(status int, form adminForm) error { return s.showAdminAgent(w, r, st, id, status, form) }
	return s.adminChange(w, r, st, "update", redo, func(ctx context.Context) (string, string, error) {
		ag, password, err := agentForm(f.Get("role"), f["departments"], f.Get("password"))
		if err != nil {
			return "", "", err
		}
		ag.PersonID, ag.Active = id, f.Get("active") == "on"
		if err := s.store.UpdateAgent(ctx, st.actor, &ag); err != nil {
			return "", "", err
		}
		if password != "" {
			if err := s.store.SetPassword(ctx, id, password); err != nil {
				return "", "", err
			}
		}
		if !ag.Active { // a deactivated agent is signed out everywhere
			if err := s.store.DeleteWebSessions(ctx, id); err != nil {
				return "", "", err
			}
		}
		return st.cat.T("flash.saved"), "/admin/agents/" + strconv.FormatInt(id, 10), nil
	})
}
