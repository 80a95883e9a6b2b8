package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"guichet/internal/desk"
)

// Handoff gives the request to another department, and optionally to one of
// its agents, and returns the handoff record. The request's owner changes at
// once; a public "handed_off" event names the new department and agent so the
// requester sees who handles it now (the reason stays internal). The handoff
// counts as accepted when an agent of the receiving department next works on
// the request. An unknown department is CodeInvalid on "to_department_id"; an
// agent who is not an active member of it CodeInvalid on "to_agent_id";
// handing a request to the department and agent that already own it is
// CodeInvalid on "to_department_id". Requesters and read-only agents get
// CodeForbidden (CodeNotFound for a request a requester may not read).
func (s *Store) Handoff(ctx context.Context, a desk.Actor, number int64, in desk.NewHandoff) (*desk.Handoff, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *desk.Handoff
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.handoff(ctx, tx, a, number, &in)
		if err == nil {
			err = s.mailAfterHandoff(ctx, tx, out) // the requester is told the new owner
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: handoff: %w", err)
	}
	return out, nil
}

func (s *Store) handoff(ctx context.Context, tx querier, a desk.Actor, number int64, in *desk.NewHandoff) (*desk.Handoff, error) {
	r, err := s.loadRequest(ctx, tx, number, true)
	if err == nil {
		err = denyWork(a, r, "hand requests off")
	}
	if err != nil {
		return nil, err
	}
	to, err := s.department(ctx, tx, `id = $1`, in.ToDepartmentID)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return nil, desk.Invalid("to_department_id", "no such department")
	}
	if err != nil {
		return nil, err
	}
	h := &desk.Handoff{Number: number, FromDepartmentID: r.DepartmentID, FromDepartment: r.Department,
		FromAgentID: r.AgentID, ToDepartmentID: to.ID, ToDepartment: to.Name, Reason: in.Reason, ByID: a.PersonID,
		CreatedAt: s.now()}
	if in.ToAgentID != 0 {
		ag, err := s.agent(ctx, tx, in.ToAgentID)
		if desk.ErrorCode(err) == desk.CodeNotFound || err == nil && (!ag.Active || !slices.Contains(ag.DepartmentIDs, to.ID)) {
			return nil, desk.Invalid("to_agent_id", "must be an active agent of %s", to.Name)
		}
		if err != nil {
			return nil, err
		}
		h.ToAgentID, h.ToAgent = &ag.PersonID, ag.Name
	}
	if to.ID == r.DepartmentID && (h.ToAgentID == nil || r.AgentID != nil && *h.ToAgentID == *r.AgentID) {
		return nil, desk.Invalid("to_department_id", "%s already owns this request", to.Name)
	}
	if err := s.recordHandoff(ctx, tx, a, h); err != nil {
		return nil, err
	}
	if err := s.startHandoffEscalation(ctx, tx, h); err != nil { // escalation_sync.go
		return nil, err
	}
	r.DepartmentID, r.AgentID = h.ToDepartmentID, h.ToAgentID
	if _, err := s.syncClocks(ctx, tx, r, "", h.CreatedAt); err != nil {
		return nil, err
	}
	return h, nil
}

// recordHandoff moves the request to its new owner and records the handoff and its event.
func (s *Store) recordHandoff(ctx context.Context, tx querier, a desk.Actor, h *desk.Handoff) error {
	_, err := tx.ExecContext(ctx, `UPDATE requests SET department_id = $1, agent_id = $2, updated_at = $3 WHERE number = $4`,
		h.ToDepartmentID, idPtrOrNil(h.ToAgentID), s.tv(h.CreatedAt), h.Number)
	if err != nil {
		return fmt.Errorf("move request: %w", err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO handoffs (number, from_department_id, from_agent_id, to_department_id,
		to_agent_id, reason, by_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		h.Number, h.FromDepartmentID, idPtrOrNil(h.FromAgentID), h.ToDepartmentID, idPtrOrNil(h.ToAgentID), h.Reason,
		idOrNil(h.ByID), s.tv(h.CreatedAt)).Scan(&h.ID)
	if err != nil {
		return fmt.Errorf("insert handoff: %w", err)
	}
	data := map[string]any{"handoff_id": h.ID, "from_department_id": h.FromDepartmentID, "from_department": h.FromDepartment,
		"to_department_id": h.ToDepartmentID, "to_department": h.ToDepartment}
	if h.ToAgentID != nil {
		data["to_agent_id"], data["to_agent"] = *h.ToAgentID, h.ToAgent
	}
	return s.addEvent(ctx, tx, h.Number, a, desk.EventHandedOff, data, true, h.CreatedAt)
}
