package web

import (
	"context"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// commitView is the commitments section of the request page: the service
// standard that applies and its clocks, the consults of the request and the
// promises made to its requester.
type commitView struct {
	Standard string      // the service standard's name, "" when none applies
	Clocks   []clockView // first response, next response, resolution: those that apply
	Consults []commit.Consult
	Promises []commit.Promise
	Consult  []deptEntry // the departments a consult may ask (all but the owner)
}

// clockView is one clock of a request as the page shows it.
type clockView struct {
	Kind  string     // first_response, next_response or resolution
	Due   *time.Time // nil while paused
	State string     // running, at_risk, paused, met or breached
}

// shownState is the state a clock shows: its state, or at_risk for a running
// clock that has used most of its target.
func shownState(state desk.ClockState, atRisk bool) string {
	if atRisk && state == desk.ClockRunning {
		return "at_risk"
	}
	return string(state)
}

// requestClocks lists the clocks of c that apply, in the order they matter
// to the requester.
func requestClocks(c desk.Clocks) []clockView {
	var out []clockView
	add := func(kind string, due *time.Time, state desk.ClockState, risk bool) {
		if state != "" {
			out = append(out, clockView{Kind: kind, Due: due, State: shownState(state, risk)})
		}
	}
	add(commit.KindFirstResponse, c.FirstResponseDue, c.FirstResponseState, c.FirstResponseAtRisk)
	add(commit.KindNextResponse, c.NextResponseDue, c.NextResponseState, c.NextResponseAtRisk)
	add(commit.KindResolution, c.ResolutionDue, c.ResolutionState, c.ResolutionAtRisk)
	return out
}

// commitments loads the commitments of request d: one query each for the
// standard's name, the consults and the promises.
func (s *server) commitments(ctx context.Context, a desk.Actor, d *desk.RequestDetail, dir []deptEntry) (commitView, error) {
	v := commitView{Clocks: requestClocks(d.Clocks)}
	if id := d.ServiceStandardID; id != nil {
		st, err := s.store.Standard(ctx, a, *id)
		if err != nil && desk.ErrorCode(err) != desk.CodeNotFound {
			return v, err
		}
		if st != nil {
			v.Standard = st.Name
		}
	}
	var err error
	if v.Consults, err = s.store.Consults(ctx, a, d.Number); err != nil {
		return v, err
	}
	if v.Promises, err = s.store.Promises(ctx, a, d.Number); err != nil {
		return v, err
	}
	for _, e := range dir {
		if e.ID != d.DepartmentID {
			v.Consult = append(v.Consult, e)
		}
	}
	return v, nil
}
