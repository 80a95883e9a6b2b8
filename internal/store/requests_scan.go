package store

import (
	"context"
	"fmt"

	"guichet/internal/desk"
)

// requestSelect reads requests with the names shown beside their ids. LEFT
// JOINs keep requests as the outer table so SQLite walks its indexes in order.
const requestSelect = `SELECT r.number, r.subject, r.status, r.priority, r.channel, r.department_id,
	COALESCE(d.name, ''), r.agent_id, COALESCE(ap.name, ''), r.requester_id, COALESCE(rp.name, ''),
	r.organisation_id, r.contact_reason, r.spam, r.merged_into, r.public_replies,
	r.created_at, r.updated_at, r.solved_at`

const requestJoins = ` LEFT JOIN departments d ON d.id = r.department_id
	LEFT JOIN people rp ON rp.id = r.requester_id
	LEFT JOIN people ap ON ap.id = r.agent_id`

// scanRequest reads the columns of requestSelect, then into extra the
// columns a query adds after them.
func scanRequest(sc interface{ Scan(...any) error }, extra ...any) (desk.Request, error) {
	var r desk.Request
	err := sc.Scan(append([]any{&r.Number, &r.Subject, &r.Status, &r.Priority, &r.Channel, &r.DepartmentID,
		&r.Department, nullID{&r.AgentID}, &r.Agent, &r.RequesterID, &r.Requester,
		nullID{&r.OrganisationID}, &r.ContactReason, &r.Spam, nullID{&r.MergedInto}, &r.PublicReplies,
		timeScan{&r.CreatedAt}, timeScan{&r.UpdatedAt}, nullTimeScan{&r.SolvedAt}}, extra...)...)
	r.Tags = []string{}
	return r, err
}

// loadRequest reads one request with its tags (and, without lock, its
// clocks); CodeNotFound if unknown. With lock, the row stays locked until the
// transaction ends (PostgreSQL).
func (s *Store) loadRequest(ctx context.Context, q querier, number int64, lock bool) (*desk.Request, error) {
	query := requestSelect + ` FROM requests r` + requestJoins + ` WHERE r.number = $1`
	if lock && !s.sqlite() {
		// FOR UPDATE cannot lock the nullable side of an outer join.
		if _, err := q.ExecContext(ctx, `SELECT 1 FROM requests WHERE number = $1 FOR UPDATE`, number); err != nil {
			return nil, err
		}
	}
	r, err := scanRequest(q.QueryRowContext(ctx, query, number))
	if isNoRows(err) {
		return nil, desk.NotFound("request")
	}
	if err != nil {
		return nil, err
	}
	reqs := []desk.Request{r}
	if err := s.fillTags(ctx, q, reqs); err != nil {
		return nil, err
	}
	if !lock { // a read, or the answer of a write: show the clocks as they now are
		if err := s.fillClocks(ctx, q, reqs); err != nil {
			return nil, err
		}
	}
	return &reqs[0], nil
}

// fillTags loads the tags of reqs, alphabetically.
func (s *Store) fillTags(ctx context.Context, q querier, reqs []desk.Request) error {
	if len(reqs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	nums := make([]any, len(reqs))
	for i := range reqs {
		idx[reqs[i].Number] = i
		nums[i] = reqs[i].Number
	}
	rows, err := q.QueryContext(ctx, `SELECT number, tag FROM request_tags WHERE number IN (`+
		placeholders(1, len(nums))+`) ORDER BY number, tag`, nums...)
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var tag string
		if err := rows.Scan(&n, &tag); err != nil {
			return fmt.Errorf("tags: %w", err)
		}
		reqs[idx[n]].Tags = append(reqs[idx[n]].Tags, tag)
	}
	return rows.Err()
}

// readable returns the request if the actor may read it, CodeNotFound if it
// does not exist or the actor may not know it exists.
func (s *Store) readable(ctx context.Context, q querier, a desk.Actor, number int64, lock bool) (*desk.Request, error) {
	r, err := s.loadRequest(ctx, q, number, lock)
	if err != nil {
		return nil, err
	}
	if !a.CanRead(r) {
		return nil, desk.NotFound("request")
	}
	return r, nil
}
