package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"guichet/internal/desk"
)

// denyWork returns the error for an actor who may not change request r:
// nil for agents who work requests, CodeForbidden for read-only agents and
// for a requester who may read the request, CodeNotFound otherwise.
func denyWork(a desk.Actor, r *desk.Request, what string) error {
	if a.CanWork() {
		return nil
	}
	if r == nil || a.IsAgent() || a.CanRead(r) {
		return desk.Forbidden("only agents " + what)
	}
	return desk.NotFound("request")
}

// UpdateRequest applies a patch and returns the request as it now is. Each
// change appends an event with the old and new values (status and agent
// changes are public); a patch that changes nothing writes nothing. Solving
// or closing a request that has had no public reply is CodeCloseWithoutReply
// unless it is spam (possibly set by the same patch) or merged. An agent who
// is not an active agent is CodeInvalid on "agent_id". Requesters and
// read-only agents get CodeForbidden (CodeNotFound for a request a requester
// may not read).
func (s *Store) UpdateRequest(ctx context.Context, a desk.Actor, number int64, p desk.RequestPatch) (*desk.Request, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var out *desk.Request
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		r, err := s.loadRequest(ctx, tx, number, true)
		if err == nil {
			err = denyWork(a, r, "change requests")
		}
		if err != nil {
			return err
		}
		changed, err := s.applyPatch(ctx, tx, a, r, &p)
		if err != nil || !changed {
			out = r
			return err
		}
		out, err = s.loadRequest(ctx, tx, number, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: update request: %w", err)
	}
	return out, nil
}

// change is one field change, recorded as an event.
type change struct {
	event    string
	from, to any
	public   bool
	extra    map[string]any
}

// applyPatch writes the patch's changes and their events; false if nothing changed.
func (s *Store) applyPatch(ctx context.Context, tx querier, a desk.Actor, r *desk.Request, p *desk.RequestPatch) (bool, error) {
	now := s.now()
	next := *r
	var changes []change
	if p.Spam != nil && *p.Spam != r.Spam {
		next.Spam = *p.Spam
		changes = append(changes, change{event: desk.EventSpamChanged, from: r.Spam, to: next.Spam})
	}
	if p.Status != nil && *p.Status != r.Status {
		if err := desk.CheckDone(&next, *p.Status); err != nil {
			return false, err
		}
		next.Status = *p.Status
		changes = append(changes, change{event: desk.EventStatusChanged, from: string(r.Status), to: string(next.Status), public: true})
	}
	if p.Priority != nil && *p.Priority != r.Priority {
		next.Priority = *p.Priority
		changes = append(changes, change{event: desk.EventPriorityChanged, from: string(r.Priority), to: string(next.Priority)})
	}
	if p.AgentID != nil {
		c, err := s.assign(ctx, tx, r, &next, *p.AgentID)
		if err != nil {
			return false, err
		}
		if c != nil {
			changes = append(changes, *c)
		}
	}
	if p.Tags != nil && !slices.Equal(sortedCopy(*p.Tags), r.Tags) {
		next.Tags = sortedCopy(*p.Tags)
		if err := s.setTags(ctx, tx, r.Number, r.Tags, next.Tags); err != nil {
			return false, err
		}
		changes = append(changes, change{event: desk.EventTagsChanged, from: r.Tags, to: next.Tags})
	}
	if p.ContactReason != nil && *p.ContactReason != r.ContactReason {
		next.ContactReason = *p.ContactReason
		changes = append(changes, change{event: desk.EventReasonChanged, from: r.ContactReason, to: next.ContactReason})
	}
	if len(changes) == 0 {
		return false, nil
	}
	if err := s.saveRequest(ctx, tx, r, &next, now); err != nil {
		return false, err
	}
	for _, c := range changes {
		data := map[string]any{"from": c.from, "to": c.to}
		for k, v := range c.extra {
			data[k] = v
		}
		if err := s.addEvent(ctx, tx, r.Number, a, c.event, data, c.public, now); err != nil {
			return false, err
		}
	}
	if _, err := s.syncClocks(ctx, tx, &next, "", now); err != nil {
		return false, err
	}
	return true, s.acceptHandoff(ctx, tx, a, r.Number, now)
}

// assign sets next's agent: 0 unassigns, any other id must be an active agent.
func (s *Store) assign(ctx context.Context, tx querier, r, next *desk.Request, agentID int64) (*change, error) {
	cur := int64(0)
	if r.AgentID != nil {
		cur = *r.AgentID
	}
	if agentID == cur {
		return nil, nil
	}
	c := &change{event: desk.EventAssigned, public: true, from: idOrNil(cur), to: idOrNil(agentID),
		extra: map[string]any{"from_agent": r.Agent}}
	next.AgentID, next.Agent = nil, ""
	if agentID != 0 {
		ag, err := s.agent(ctx, tx, agentID)
		if desk.ErrorCode(err) == desk.CodeNotFound || err == nil && !ag.Active {
			return nil, desk.Invalid("agent_id", "must be an active agent")
		}
		if err != nil {
			return nil, err
		}
		next.AgentID, next.Agent = &ag.PersonID, ag.Name
	}
	c.extra["to_agent"] = next.Agent
	return c, nil
}

// saveRequest writes next's workflow fields, keeping solved_at consistent.
func (s *Store) saveRequest(ctx context.Context, tx querier, r, next *desk.Request, now time.Time) error {
	solved := r.SolvedAt
	if next.Status.Done() && solved == nil {
		solved = &now
	} else if !next.Status.Done() {
		solved = nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE requests SET status = $1, priority = $2, agent_id = $3, contact_reason = $4,
		spam = $5, solved_at = $6, updated_at = $7 WHERE number = $8`, next.Status, next.Priority, idPtrOrNil(next.AgentID),
		next.ContactReason, next.Spam, s.tvp(solved), s.tv(now), r.Number)
	if err != nil {
		return fmt.Errorf("save request: %w", err)
	}
	return nil
}

func sortedCopy(tags []string) []string {
	out := slices.Clone(tags)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return out
}
