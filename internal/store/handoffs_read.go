package store

import (
	"context"
	"fmt"

	"guichet/internal/desk"
)

// handoffs returns a request's handoffs, oldest first.
func (s *Store) handoffs(ctx context.Context, q querier, number int64) ([]desk.Handoff, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.number, h.from_department_id, COALESCE(fd.name, ''), h.from_agent_id,
		h.to_department_id, COALESCE(td.name, ''), h.to_agent_id, COALESCE(ta.name, ''), h.reason, COALESCE(h.by_id, 0),
		h.created_at, h.accepted_at
		FROM handoffs h LEFT JOIN departments fd ON fd.id = h.from_department_id
		LEFT JOIN departments td ON td.id = h.to_department_id LEFT JOIN people ta ON ta.id = h.to_agent_id
		WHERE h.number = $1 ORDER BY h.id`, number)
	if err != nil {
		return nil, fmt.Errorf("handoffs: %w", err)
	}
	defer rows.Close()
	out := []desk.Handoff{}
	for rows.Next() {
		var h desk.Handoff
		if err := rows.Scan(&h.ID, &h.Number, &h.FromDepartmentID, &h.FromDepartment, nullID{&h.FromAgentID},
			&h.ToDepartmentID, &h.ToDepartment, nullID{&h.ToAgentID}, &h.ToAgent, &h.Reason, &h.ByID,
			timeScan{&h.CreatedAt}, nullTimeScan{&h.AcceptedAt}); err != nil {
			return nil, fmt.Errorf("handoffs: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
