package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"guichet/internal/desk"
)

const agentSelect = `SELECT a.person_id, p.name, COALESCE((SELECT e.email FROM person_emails e WHERE e.person_id = a.person_id
	ORDER BY e.position LIMIT 1), ''), a.role, a.active, a.created_at FROM agents a JOIN people p ON p.id = a.person_id`

func scanAgent(sc interface{ Scan(...any) error }) (desk.Agent, error) {
	var ag desk.Agent
	err := sc.Scan(&ag.PersonID, &ag.Name, &ag.Email, &ag.Role, &ag.Active, timeScan{&ag.CreatedAt})
	return ag, err
}

// CreateAgent makes an existing person an agent, active, with a role and
// departments. It returns CodeForbidden for non-admins, CodeInvalid for a bad
// role, an unknown person ("person_id") or department ("department_ids"), and
// CodeConflict if the person is already an agent.
func (s *Store) CreateAgent(ctx context.Context, a desk.Actor, ag *desk.Agent) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage agents")
	}
	if err := ag.Validate(); err != nil {
		return err
	}
	ag.Active = true
	ag.CreatedAt = s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		p, err := s.person(ctx, tx, ag.PersonID)
		if desk.ErrorCode(err) == desk.CodeNotFound {
			return desk.Invalid("person_id", "no such person")
		}
		if err != nil {
			return err
		}
		if s.exists(ctx, tx, `SELECT 1 FROM agents WHERE person_id = $1`, ag.PersonID) {
			return desk.Errorf(desk.CodeConflict, "%s is already an agent", p.Name)
		}
		ag.Name, ag.Email = p.Name, p.Emails[0]
		if _, err := tx.ExecContext(ctx, `INSERT INTO agents (person_id, role, active, created_at) VALUES ($1, $2, true, $3)`,
			ag.PersonID, ag.Role, s.tv(ag.CreatedAt)); err != nil {
			return err
		}
		return s.setAgentDepartments(ctx, tx, ag)
	})
	if err != nil {
		return fmt.Errorf("store: create agent: %w", err)
	}
	s.auth.forget()
	return nil
}

// setAgentDepartments replaces the agent's memberships with ag.DepartmentIDs.
// Memberships kept keep their lead role.
func (s *Store) setAgentDepartments(ctx context.Context, tx querier, ag *desk.Agent) error {
	slices.Sort(ag.DepartmentIDs)
	ag.DepartmentIDs = slices.Compact(ag.DepartmentIDs)
	if ag.DepartmentIDs == nil {
		ag.DepartmentIDs = []int64{}
	}
	args := []any{ag.PersonID}
	for _, d := range ag.DepartmentIDs {
		args = append(args, d)
	}
	del := `DELETE FROM agent_departments WHERE person_id = $1`
	if len(ag.DepartmentIDs) > 0 {
		del += ` AND department_id NOT IN (` + placeholders(2, len(ag.DepartmentIDs)) + `)`
	}
	if _, err := tx.ExecContext(ctx, del, args...); err != nil {
		return err
	}
	for _, d := range ag.DepartmentIDs {
		if !s.exists(ctx, tx, `SELECT 1 FROM departments WHERE id = $1`, d) {
			return desk.Invalid("department_ids", "no department %d", d)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO agent_departments (person_id, department_id) VALUES ($1, $2)
			ON CONFLICT (person_id, department_id) DO NOTHING`, ag.PersonID, d); err != nil {
			return err
		}
	}
	return nil
}

// Agent returns one agent. Agents only: a requester gets CodeNotFound, as for
// an unknown person.
func (s *Store) Agent(ctx context.Context, a desk.Actor, personID int64) (*desk.Agent, error) {
	if !a.IsAgent() {
		return nil, desk.NotFound("agent")
	}
	ag, err := s.agent(ctx, s.rdb, personID)
	if err != nil {
		return nil, fmt.Errorf("store: agent: %w", err)
	}
	return ag, nil
}

func (s *Store) agent(ctx context.Context, q querier, personID int64) (*desk.Agent, error) {
	ag, err := scanAgent(q.QueryRowContext(ctx, agentSelect+` WHERE a.person_id = $1`, personID))
	if isNoRows(err) {
		return nil, desk.NotFound("agent")
	}
	if err != nil {
		return nil, err
	}
	ags := []desk.Agent{ag}
	if err := s.fillAgentDepartments(ctx, q, ags); err != nil {
		return nil, err
	}
	return &ags[0], nil
}

func (s *Store) fillAgentDepartments(ctx context.Context, q querier, ags []desk.Agent) error {
	idx := map[int64]int{}
	for i := range ags {
		idx[ags[i].PersonID] = i
		ags[i].DepartmentIDs = []int64{}
	}
	query, args := `SELECT person_id, department_id FROM agent_departments ORDER BY person_id, department_id`, []any{}
	if len(ags) == 1 {
		query = `SELECT person_id, department_id FROM agent_departments WHERE person_id = $1 ORDER BY department_id`
		args = []any{ags[0].PersonID}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, did int64
		if err := rows.Scan(&pid, &did); err != nil {
			return err
		}
		if i, ok := idx[pid]; ok {
			ags[i].DepartmentIDs = append(ags[i].DepartmentIDs, did)
		}
	}
	return rows.Err()
}

// Agents lists every agent by name. Agents only: CodeForbidden for requesters.
func (s *Store) Agents(ctx context.Context, a desk.Actor) ([]desk.Agent, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents list agents")
	}
	rows, err := s.rdb.QueryContext(ctx, agentSelect+` ORDER BY p.name, a.person_id`)
	if err != nil {
		return nil, fmt.Errorf("store: agents: %w", err)
	}
	defer rows.Close()
	out := []desk.Agent{}
	for rows.Next() {
		ag, err := scanAgent(rows)
		if err != nil {
			return nil, fmt.Errorf("store: agents: %w", err)
		}
		out = append(out, ag)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: agents: %w", err)
	}
	if err := s.fillAgentDepartments(ctx, s.rdb, out); err != nil {
		return nil, fmt.Errorf("store: agents: %w", err)
	}
	return out, nil
}

// UpdateAgent saves ag's role, active flag and departments. It returns
// CodeForbidden for non-admins, CodeInvalid for a bad role or department,
// CodeNotFound for a person who is not an agent, and CodeConflict when the
// change would leave no active admin.
func (s *Store) UpdateAgent(ctx context.Context, a desk.Actor, ag *desk.Agent) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage agents")
	}
	if err := ag.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		cur, err := s.agent(ctx, tx, ag.PersonID)
		if err != nil {
			return err
		}
		if cur.Role == desk.RoleAdmin && cur.Active && (ag.Role != desk.RoleAdmin || !ag.Active) {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agents WHERE role = 'admin' AND active`).Scan(&admins); err != nil {
				return err
			}
			if admins <= 1 {
				return desk.Errorf(desk.CodeConflict, "this is the last active admin")
			}
		}
		ag.Name, ag.Email, ag.CreatedAt = cur.Name, cur.Email, cur.CreatedAt
		if _, err := tx.ExecContext(ctx, `UPDATE agents SET role = $1, active = $2 WHERE person_id = $3`,
			ag.Role, ag.Active, ag.PersonID); err != nil {
			return err
		}
		return s.setAgentDepartments(ctx, tx, ag)
	})
	if err != nil {
		return fmt.Errorf("store: update agent: %w", err)
	}
	s.auth.forget()
	return nil
}
