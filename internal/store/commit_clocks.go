package store

import (
	"context"
	"fmt"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/commit"
	"guichet/internal/desk"
)

// selection is the service standard that applies to a request and the
// calendar its targets count on.
type selection struct {
	standardID int64
	targets    commit.Targets
	calendarID int64
	cal        *calendar.Calendar
}

// selectStandard returns the most specific active standard matching r (see
// commit.Conditions.Specificity), or nil when none does.
func (s *Store) selectStandard(ctx context.Context, q querier, r *desk.Request, kind desk.PersonKind) (*selection, error) {
	sel := &selection{}
	var version int64
	err := q.QueryRowContext(ctx, `SELECT st.id, st.first_response, st.next_response, st.resolution, c.id, c.version
		FROM service_standards st JOIN calendars c ON c.id = COALESCE(st.calendar_id,
			(SELECT dc.calendar_id FROM department_calendars dc WHERE dc.department_id = $1),
			(SELECT d.id FROM calendars d WHERE d.is_default))
		WHERE st.active AND (st.department_id IS NULL OR st.department_id = $1)
			AND (st.requester_kind = '' OR st.requester_kind = $2) AND (st.organisation_id IS NULL OR st.organisation_id = $3)
			AND (st.priority = '' OR st.priority = $4) AND (st.contact_reason = '' OR st.contact_reason = $5)
			AND (st.channel = '' OR st.channel = $6)
		ORDER BY st.specificity DESC, st.id LIMIT 1`, r.DepartmentID, kind, idPtrOrNil(r.OrganisationID), r.Priority,
		commit.NormalizeReason(r.ContactReason), r.Channel).Scan(&sel.standardID, targetScan{&sel.targets.FirstResponse},
		targetScan{&sel.targets.NextResponse}, targetScan{&sel.targets.Resolution}, &sel.calendarID, &version)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("select standard: %w", err)
	}
	if sel.cal, err = s.businessCalendar(ctx, q, sel.calendarID, version); err != nil {
		return nil, err
	}
	return sel, nil
}

// syncClocks brings request r's clocks up to date after a change, inside the
// change's transaction: r as it now is, msg the kind of message just added
// ("" for none). It applies the change to the request's facts, chooses the
// standard again and writes every clock that is not finished. Spam and
// merged requests lose their clocks.
func (s *Store) syncClocks(ctx context.Context, q querier, r *desk.Request, msg desk.MessageKind, now time.Time) (desk.Clocks, error) {
	f, err := s.loadFacts(ctx, q, r)
	if err != nil {
		return desk.Clocks{}, err
	}
	cycleStart, seq := f.Apply(commit.Happening{Status: r.Status, Message: msg, At: now})
	var sel *selection
	if !r.Spam && r.MergedInto == nil {
		if sel, err = s.selectStandard(ctx, q, r, f.kind); err != nil {
			return desk.Clocks{}, err
		}
	}
	var ms []commit.Measure
	f.standardID = nil
	if sel != nil {
		f.standardID = &sel.standardID
		ms = f.Measures(sel.targets, sel.cal, now)
		if !cycleStart.IsZero() {
			if m, ok := f.Cycle(seq, cycleStart, now, sel.targets, sel.cal, now); ok {
				ms = append(ms, m)
			}
		}
	}
	if err := s.writeRequestClocks(ctx, q, r, sel, ms, r.Spam || r.MergedInto != nil); err != nil {
		return desk.Clocks{}, err
	}
	if err := s.saveFacts(ctx, q, r.Number, f); err != nil {
		return desk.Clocks{}, err
	}
	return displayClocks(f.standardID, ms, now), nil
}

// clockKey names a request clock.
type clockKey struct {
	kind string
	seq  int
}

// writeRequestClocks writes ms for request r: a finished clock stays as it
// was (it was judged under the standard of its day), any other is inserted
// or updated, and unfinished clocks not in ms are deleted (all clocks when
// purge is set).
func (s *Store) writeRequestClocks(ctx context.Context, q querier, r *desk.Request, sel *selection, ms []commit.Measure, purge bool) error {
	if purge {
		_, err := q.ExecContext(ctx, `DELETE FROM commit_clocks WHERE number = $1 AND consult_id IS NULL`, r.Number)
		return err
	}
	type row struct {
		id      int64
		stopped bool
	}
	have := map[clockKey]row{}
	rows, err := q.QueryContext(ctx, `SELECT id, kind, seq, stopped_at IS NOT NULL FROM commit_clocks
		WHERE number = $1 AND consult_id IS NULL`, r.Number)
	if err != nil {
		return fmt.Errorf("request clocks: %w", err)
	}
	for rows.Next() {
		var k clockKey
		var v row
		if err := rows.Scan(&v.id, &k.kind, &k.seq, &v.stopped); err != nil {
			rows.Close()
			return fmt.Errorf("request clocks: %w", err)
		}
		have[k] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("request clocks: %w", err)
	}
	for _, m := range ms {
		k := clockKey{m.Kind, m.Seq}
		cur, ok := have[k]
		delete(have, k)
		if ok && cur.stopped && !m.Stop.IsZero() {
			continue
		}
		c := clockRow{number: r.Number, department: r.DepartmentID, standard: &sel.standardID, calendar: sel.calendarID, m: m}
		if err := s.putClock(ctx, q, cur.id, c); err != nil {
			return err
		}
	}
	for _, v := range have {
		if v.stopped {
			continue
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM commit_clocks WHERE id = $1`, v.id); err != nil {
			return fmt.Errorf("delete clock: %w", err)
		}
	}
	return nil
}

// clockRow is one commit_clocks row to write.
type clockRow struct {
	number, department int64
	customer           *int64 // consults: the asking department
	consult            *int64
	standard           *int64
	agreement          *int64
	calendar           int64
	m                  commit.Measure
}

// storedState is the state a clock is stored in: a clock that has not
// stopped is running or paused (the timer job finds the running ones past
// their due time); a stopped one met or breached.
func storedState(m commit.Measure) desk.ClockState {
	switch {
	case !m.Stop.IsZero():
		return m.State
	case m.Due.IsZero():
		return desk.ClockPaused
	}
	return desk.ClockRunning
}

// putClock updates clock id, or inserts c when id is 0.
func (s *Store) putClock(ctx context.Context, q querier, id int64, c clockRow) error {
	m := c.m
	args := []any{c.department, idPtrOrNil(c.customer), idPtrOrNil(c.standard), idPtrOrNil(c.agreement), c.calendar,
		int64(m.Target / time.Second), s.tv(m.Start), s.tz(m.Due), s.tz(m.AtRisk), s.tz(m.Stop), int64(m.Spent / time.Second),
		storedState(m)}
	var err error
	if id != 0 {
		_, err = q.ExecContext(ctx, `UPDATE commit_clocks SET department_id = $1, customer_department_id = $2, standard_id = $3,
			agreement_id = $4, calendar_id = $5, target_seconds = $6, started_at = $7, due_at = $8, at_risk_at = $9,
			stopped_at = $10, business_seconds = $11, state = $12 WHERE id = $13`, append(args, id)...)
	} else {
		_, err = q.ExecContext(ctx, `INSERT INTO commit_clocks (department_id, customer_department_id, standard_id,
			agreement_id, calendar_id, target_seconds, started_at, due_at, at_risk_at, stopped_at, business_seconds, state,
			number, consult_id, kind, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			append(args, c.number, idPtrOrNil(c.consult), m.Kind, m.Seq)...)
	}
	if err != nil {
		return fmt.Errorf("write clock %s: %w", m.Kind, err)
	}
	return nil
}

// displayClocks returns what a request shows of measures ms at now.
func displayClocks(standard *int64, ms []commit.Measure, now time.Time) desk.Clocks {
	c := desk.Clocks{ServiceStandardID: standard}
	nextSeq := -1
	for _, m := range ms {
		due, state := dueOf(m), commit.Current(storedState(m), dueOf(m), now)
		switch {
		case m.Kind == commit.KindFirstResponse:
			c.FirstResponseDue, c.FirstResponseState = due, state
		case m.Kind == commit.KindResolution:
			c.ResolutionDue, c.ResolutionState = due, state
		case m.Kind == commit.KindNextResponse && m.Seq > nextSeq:
			nextSeq = m.Seq
			c.NextResponseDue, c.NextResponseState = due, state
		}
	}
	return c
}

func dueOf(m commit.Measure) *time.Time {
	if m.Due.IsZero() {
		return nil
	}
	d := m.Due.UTC().Truncate(time.Microsecond)
	return &d
}
