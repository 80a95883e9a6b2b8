package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

var _ commit.EscalationStore = (*Store)(nil)

// Escalation returns department id's escalation chain and leads
// (commit.DefaultEscalation with its leads when it saved none). Agents only
// (CodeForbidden); an unknown department is CodeNotFound.
func (s *Store) Escalation(ctx context.Context, a desk.Actor, id int64) (*commit.Escalation, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read escalation chains")
	}
	if _, err := s.department(ctx, s.rdb, `id = $1`, id); err != nil {
		return nil, fmt.Errorf("store: escalation: %w", err)
	}
	e, err := s.chain(ctx, s.rdb, id)
	if err != nil {
		return nil, fmt.Errorf("store: escalation: %w", err)
	}
	if e.LeadIDs, err = s.leadIDs(ctx, s.rdb, id); err != nil {
		return nil, fmt.Errorf("store: escalation: %w", err)
	}
	return &e, nil
}

// chain returns department id's stored chain, or the default one.
func (s *Store) chain(ctx context.Context, q querier, id int64) (commit.Escalation, error) {
	list, err := s.chains(ctx, q, `department_id = $1`, id)
	if err != nil || len(list) == 0 {
		return commit.DefaultEscalation(id), err
	}
	return list[0], nil
}

// chains returns the stored chains matching where (without their leads).
func (s *Store) chains(ctx context.Context, q querier, where string, args ...any) ([]commit.Escalation, error) {
	rows, err := q.QueryContext(ctx, `SELECT department_id, pickup_within, accept_within, remind_before, manager_id,
		parent_department_id, steps, updated_at FROM department_escalations WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("escalation chains: %w", err)
	}
	defer rows.Close()
	var out []commit.Escalation
	for rows.Next() {
		e := commit.Escalation{Configured: true, LeadIDs: []int64{}}
		var steps string
		var updated time.Time
		if err := rows.Scan(&e.DepartmentID, targetScan{&e.PickupWithin}, targetScan{&e.AcceptWithin},
			targetScan{&e.RemindBefore}, nullID{&e.ManagerID}, nullID{&e.ParentDepartmentID}, &steps,
			timeScan{&updated}); err != nil {
			return nil, fmt.Errorf("escalation chains: %w", err)
		}
		if err := json.Unmarshal([]byte(steps), &e.Steps); err != nil {
			return nil, fmt.Errorf("escalation chain %d: %w", e.DepartmentID, err)
		}
		e.UpdatedAt = &updated
		out = append(out, e)
	}
	return out, rows.Err()
}

// leadIDs returns the leads of department id, active or not.
func (s *Store) leadIDs(ctx context.Context, q querier, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT person_id FROM agent_departments WHERE department_id = $1 AND is_lead
		ORDER BY person_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetEscalation saves department e.DepartmentID's chain and makes e.LeadIDs
// its leads (the others of its members are no longer leads). Requests
// already waiting for an agent count their pickup time from now; escalations
// in progress follow the new steps. Admins only (CodeForbidden); an unknown
// department is CodeNotFound. Invalid input is CodeInvalid naming the field,
// nothing saved: a lead who is not a member of the department ("lead_ids"),
// an unknown or inactive manager ("manager_id"), an unknown parent or a loop
// of parents ("parent_department_id"), steps out of order ("steps[i]…").
func (s *Store) SetEscalation(ctx context.Context, a desk.Actor, e *commit.Escalation) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage escalation chains")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		if _, err := s.department(ctx, q, `id = $1`, e.DepartmentID); err != nil {
			return err
		}
		if err := s.checkChain(ctx, q, e); err != nil {
			return err
		}
		if err := s.saveChain(ctx, q, e); err != nil {
			return err
		}
		if err := s.ensureDefaultCalendar(ctx, q); err != nil {
			return err
		}
		return s.rescheduleDepartment(ctx, q, *e, s.now())
	})
	if err != nil {
		return fmt.Errorf("store: set escalation: %w", err)
	}
	return nil
}

// checkChain checks what e names against the database.
func (s *Store) checkChain(ctx context.Context, q querier, e *commit.Escalation) error {
	for _, id := range e.LeadIDs {
		if !s.exists(ctx, q, `SELECT 1 FROM agent_departments ad JOIN agents g ON g.person_id = ad.person_id
			WHERE ad.person_id = $1 AND ad.department_id = $2 AND g.active`, id, e.DepartmentID) {
			return desk.Invalid("lead_ids", "agent %d is not an active member of this department", id)
		}
	}
	if e.ManagerID != nil && !s.exists(ctx, q, `SELECT 1 FROM agents WHERE person_id = $1 AND active`, *e.ManagerID) {
		return desk.Invalid("manager_id", "no active agent %d", *e.ManagerID)
	}
	if e.ParentDepartmentID == nil {
		return nil
	}
	if !s.exists(ctx, q, `SELECT 1 FROM departments WHERE id = $1`, *e.ParentDepartmentID) {
		return desk.Invalid("parent_department_id", "no department %d", *e.ParentDepartmentID)
	}
	others, err := s.chains(ctx, q, `parent_department_id IS NOT NULL AND department_id <> $1`, e.DepartmentID)
	if err != nil {
		return err
	}
	parents := map[int64]int64{}
	for _, o := range others {
		parents[o.DepartmentID] = *o.ParentDepartmentID
	}
	return commit.CheckParents(e.DepartmentID, e.ParentDepartmentID, parents)
}

// saveChain writes e and its leads.
func (s *Store) saveChain(ctx context.Context, q querier, e *commit.Escalation) error {
	steps, err := json.Marshal(e.Steps)
	if err != nil {
		return err
	}
	now := s.now()
	_, err = q.ExecContext(ctx, `INSERT INTO department_escalations (department_id, pickup_within, accept_within,
		remind_before, manager_id, parent_department_id, steps, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (department_id) DO UPDATE SET pickup_within = excluded.pickup_within,
		accept_within = excluded.accept_within, remind_before = excluded.remind_before, manager_id = excluded.manager_id,
		parent_department_id = excluded.parent_department_id, steps = excluded.steps, updated_at = excluded.updated_at`,
		e.DepartmentID, e.PickupWithin.String(), e.AcceptWithin.String(), e.RemindBefore.String(),
		idPtrOrNil(e.ManagerID), idPtrOrNil(e.ParentDepartmentID), string(steps), s.tv(now))
	if err != nil {
		return fmt.Errorf("save chain: %w", err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE agent_departments SET is_lead = $1 WHERE department_id = $2 AND is_lead`,
		false, e.DepartmentID); err != nil {
		return fmt.Errorf("save leads: %w", err)
	}
	for _, id := range e.LeadIDs {
		if _, err := q.ExecContext(ctx, `UPDATE agent_departments SET is_lead = $1 WHERE department_id = $2
			AND person_id = $3`, true, e.DepartmentID, id); err != nil {
			return fmt.Errorf("save leads: %w", err)
		}
	}
	e.Configured, e.UpdatedAt = true, &now
	return nil
}

// org reads what resolving chains needs: every stored chain, the active
// leads of each department and the active agents.
func (s *Store) org(ctx context.Context, q querier) (commit.Org, error) {
	o := commit.Org{Chains: map[int64]commit.Escalation{}, Leads: map[int64][]int64{}, Active: map[int64]bool{}}
	list, err := s.chains(ctx, q, `1 = 1`)
	if err != nil {
		return o, err
	}
	for _, e := range list {
		o.Chains[e.DepartmentID] = e
	}
	rows, err := q.QueryContext(ctx, `SELECT g.person_id, COALESCE(ad.department_id, 0), COALESCE(ad.is_lead, $1)
		FROM agents g LEFT JOIN agent_departments ad ON ad.person_id = g.person_id AND ad.is_lead
		WHERE g.active ORDER BY g.person_id`, false)
	if err != nil {
		return o, fmt.Errorf("org: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, dept int64
		var lead bool
		if err := rows.Scan(&p, &dept, &lead); err != nil {
			return o, fmt.Errorf("org: %w", err)
		}
		o.Active[p] = true
		if lead && !slices.Contains(o.Leads[dept], p) {
			o.Leads[dept] = append(o.Leads[dept], p)
		}
	}
	return o, rows.Err()
}
