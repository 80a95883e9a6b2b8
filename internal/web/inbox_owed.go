package web

import (
	"cmp"
	"context"
	"slices"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// sorts are the orders the inbox offers, the default first.
var sorts = []desk.RequestSort{desk.SortActivity, desk.SortOldest, desk.SortDue}

// owedConsults lists the open consults other departments asked of the
// actor's departments (one query per department of theirs), soonest due
// first, then oldest: what their departments owe others.
func (s *server) owedConsults(ctx context.Context, a desk.Actor) ([]commit.Consult, error) {
	var out []commit.Consult
	for _, id := range a.DepartmentIDs {
		list, err := s.store.ConsultQueue(ctx, a, id)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	slices.SortStableFunc(out, func(x, y commit.Consult) int {
		switch {
		case x.ResolutionDue == nil && y.ResolutionDue != nil:
			return 1
		case x.ResolutionDue != nil && y.ResolutionDue == nil:
			return -1
		case x.ResolutionDue != nil && !x.ResolutionDue.Equal(*y.ResolutionDue):
			return x.ResolutionDue.Compare(*y.ResolutionDue)
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return out, nil
}

// bulkAgents lists the active agents for the inbox's bulk assignment, each
// once, under the first of their departments (the inbox stays light with
// hundreds of agents); none when the actor cannot change requests.
func (s *server) bulkAgents(ctx context.Context, a desk.Actor, depts []desk.Department) ([]agentGroup, error) {
	if !a.CanWork() {
		return nil, nil
	}
	agents, err := s.agentsByName(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []agentGroup
	for _, d := range depts {
		g := agentGroup{Department: d.Name}
		for _, ag := range activeMembers(agents, d.ID) {
			if ag.DepartmentIDs[0] == d.ID {
				g.Agents = append(g.Agents, ag)
			}
		}
		if len(g.Agents) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}
