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
// merged requests lose their clocks. The request's pickup escalation follows
// the change too.
func (s *Store) syncClocks(ctx context.Context, q querier, r *desk.Request, msg desk.MessageKind, now time.Time) (desk.Clocks, error) {
	f, err := s.loadFacts(ctx, q, r)
	if err != nil {
		return desk.Clocks{}, err
	}
	return s.applyClocks(ctx, q, r, f, msg, now)
}

// startClocks is syncClocks for request r created in this transaction by a
// requester of the given kind: nothing is stored for it yet (facts, clocks,
// escalation), so nothing is read back.
func (s *Store) startClocks(ctx context.Context, q querier, r *desk.Request, kind desk.PersonKind, now time.Time) (desk.Clocks, error) {
	f := &requestFacts{kind: kind, created: true}
	f.Created = r.CreatedAt
	return s.applyClocks(ctx, q, r, f, "", now)
}

// applyClocks is syncClocks once request r's facts f are loaded.
func (s *Store) applyClocks(ctx context.Context, q querier, r *desk.Request, f *requestFacts, msg desk.MessageKind,
	now time.Time) (desk.Clocks, error) {
	var err error
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
	if err := s.writeRequestClocks(ctx, q, r, sel, ms, r.Spam || r.MergedInto != nil, f.created); err != nil {
		return desk.Clocks{}, err
	}
	if err := s.saveFacts(ctx, q, r.Number, f); err != nil {
		return desk.Clocks{}, err
	}
	if err := s.syncPickup(ctx, q, r, now, f.created); err != nil { // escalation_sync.go
		return desk.Clocks{}, err
	}
	return displayClocks(f.standardID, ms, now), nil
}

// writeRequestClocks writes ms for request r: a finished clock stays as it
// was (it was judged under the standard of its day), any other is inserted
// or updated when it changed, and unfinished clocks not in ms are deleted
// (all clocks when purge is set). A request created in this transaction
// (created) has none stored to compare with.
func (s *Store) writeRequestClocks(ctx context.Context, q querier, r *desk.Request, sel *selection, ms []commit.Measure,
	purge, created bool) error {
	if purge {
		_, err := q.ExecContext(ctx, `DELETE FROM commit_clocks WHERE number = $1 AND consult_id IS NULL`, r.Number)
		return err
	}
	var have map[clockKey]clockValues
	if !created {
		var err error
		if have, err = s.storedClocks(ctx, q, `number = $1 AND consult_id IS NULL`, r.Number); err != nil {
			return err
		}
	}
	for _, m := range ms {
		k := clockKey{m.Kind, m.Seq}
		cur, ok := have[k]
		delete(have, k)
		if ok && cur.stopped >= 0 && !m.Stop.IsZero() {
			continue
		}
		c := clockRow{number: r.Number, department: r.DepartmentID, standard: &sel.standardID, calendar: sel.calendarID, m: m}
		if err := s.putClock(ctx, q, cur, c); err != nil {
			return err
		}
	}
	for _, v := range have {
		if v.stopped >= 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM commit_clocks WHERE id = $1`, v.id); err != nil {
			return fmt.Errorf("delete clock: %w", err)
		}
	}
	return nil
}

// displayClocks returns what a request shows of measures ms at now.
func displayClocks(standard *int64, ms []commit.Measure, now time.Time) desk.Clocks {
	c := desk.Clocks{ServiceStandardID: standard}
	nextSeq := -1
	for _, m := range ms {
		if m.Kind == commit.KindNextResponse {
			if m.Seq <= nextSeq {
				continue
			}
			nextSeq = m.Seq
		}
		var atRisk *time.Time
		if !m.AtRisk.IsZero() {
			atRisk = &m.AtRisk
		}
		showClock(&c, m.Kind, dueOf(m), atRisk, storedState(m), now)
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
