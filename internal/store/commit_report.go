package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// Compliance returns the compliance figures of the clocks started in
// [f.From, f.To) (by default the last 365 days), classified as they stand now (see commit.Classify and
// commit.Figures), with the promises made in the period. Agents only
// (CodeForbidden); a reversed or overlong period is CodeInvalid on "from".
// It reads every clock of the period once, from one index, in a few parts
// at once.
func (s *Store) Compliance(ctx context.Context, a desk.Actor, f commit.ReportFilter) (*commit.Report, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("only agents read compliance figures")
	}
	now := s.now()
	f.Fill(now)
	if err := f.Validate(); err != nil {
		return nil, err
	}
	t, err := s.tallyClocks(ctx, f, now)
	if err != nil {
		return nil, fmt.Errorf("store: compliance: %w", err)
	}
	names, err := s.reportNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: compliance: %w", err)
	}
	r := &commit.Report{From: f.From.UTC(), To: f.To.UTC(), GeneratedAt: now}
	r.Departments = rowsOf(t.departments, func(k groupKey, fg commit.Figures) commit.DepartmentRow {
		return commit.DepartmentRow{DepartmentID: k.id, Department: names.departments[k.id], Kind: kindName(k.kind), Figures: fg}
	})
	r.Standards = rowsOf(t.standards, func(k groupKey, fg commit.Figures) commit.StandardRow {
		return commit.StandardRow{StandardID: k.id, Standard: names.standards[k.id], Kind: kindName(k.kind), Figures: fg}
	})
	r.Agreements = rowsOf(t.agreements, func(k groupKey, fg commit.Figures) commit.AgreementRow {
		return commit.AgreementRow{AgreementID: k.id, Agreement: names.agreements[k.id], Kind: kindName(k.kind), Figures: fg}
	})
	r.Matrix = rowsOf(t.matrix, func(k groupKey, fg commit.Figures) commit.MatrixCell {
		return commit.MatrixCell{ProviderDepartmentID: k.id, Provider: names.departments[k.id],
			CustomerDepartmentID: k.id2, Customer: names.departments[k.id2], Figures: fg}
	})
	if r.Promises, err = s.promiseFigures(ctx, f, now, names.departments); err != nil {
		return nil, fmt.Errorf("store: compliance: %w", err)
	}
	return r, nil
}

// reportSlices is how many parts of the period a report reads at once, each
// on its own read connection.
const reportSlices = 4

// tallyClocks counts every clock started in the period into its groups,
// reading the period in reportSlices parts at once and merging them.
func (s *Store) tallyClocks(ctx context.Context, f commit.ReportFilter, now time.Time) (*tallies, error) {
	parts := make([]*tallies, reportSlices)
	errs := make([]error, reportSlices)
	step := f.To.Sub(f.From) / reportSlices
	var wg sync.WaitGroup
	for i := range parts {
		from, to := f.From.Add(time.Duration(i)*step), f.From.Add(time.Duration(i+1)*step)
		if i == reportSlices-1 {
			to = f.To
		}
		parts[i] = newTallies()
		wg.Go(func() { errs[i] = s.tallySlice(ctx, from, to, now, parts[i]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, p := range parts[1:] {
		parts[0].merge(p)
	}
	return parts[0], nil
}

// tallyQuery reads each clock as four integers, so that a year of clocks is
// quick to read: its kind and state (by the length of their names, which
// tells each apart), whether it is past its due and at-risk times, and its
// department, packed in one; standard + 2³¹·agreement; the customer
// department; the business seconds of a stopped clock (-1 while it runs).
// Ids of standards must stay below 2³¹.
const tallyQuery = `SELECT length(kind) + 32 * length(state)
		+ 1024 * (CASE WHEN due_at <= $3 THEN 1 ELSE 0 END + CASE WHEN at_risk_at <= $3 THEN 2 ELSE 0 END)
		+ 4096 * department_id,
	COALESCE(standard_id, 0) + 2147483648 * COALESCE(agreement_id, 0),
	COALESCE(customer_department_id, 0),
	CASE WHEN stopped_at IS NULL THEN -1 ELSE business_seconds END
	FROM commit_clocks WHERE started_at >= $1 AND started_at < $2`

// kindOfLength returns the index in clockKinds of the kind whose name is n
// long (every kind's is a different length).
func kindOfLength(n int64) int8 {
	for i, k := range clockKinds {
		if int64(len(k)) == n {
			return int8(i)
		}
	}
	return 0
}

// stateOfLength returns the clock state whose name is n long (each state's
// is a different length).
func stateOfLength(n int64) desk.ClockState {
	for _, st := range []desk.ClockState{desk.ClockRunning, desk.ClockPaused, desk.ClockMet, desk.ClockBreached} {
		if int64(len(st)) == n {
			return st
		}
	}
	return desk.ClockRunning
}

// int64Scan scans an integer without database/sql's reflection.
type int64Scan struct{ p *int64 }

func (d int64Scan) Scan(v any) error {
	x, ok := v.(int64)
	if !ok {
		return fmt.Errorf("store: cannot scan %T as an integer", v)
	}
	*d.p = x
	return nil
}

// tallySlice counts the clocks started in [from, to).
func (s *Store) tallySlice(ctx context.Context, from, to, now time.Time, t *tallies) error {
	rows, err := s.rdb.QueryContext(ctx, tallyQuery, s.tv(from), s.tv(to), s.tv(now))
	if err != nil {
		return err
	}
	defer rows.Close()
	var a, b, customer, spent int64
	for rows.Next() {
		if err := rows.Scan(int64Scan{&a}, int64Scan{&b}, int64Scan{&customer}, int64Scan{&spent}); err != nil {
			return err
		}
		kind, dept := kindOfLength(a&31), a>>12
		class := commit.ClassifyPast(stateOfLength(a>>5&31), a>>10&1 != 0, a>>11&1 != 0)
		stopped := spent >= 0
		t.departments.add(groupKey{kind: kind, id: dept}, class, stopped, spent)
		if std := b & (1<<31 - 1); std != 0 {
			t.standards.add(groupKey{kind: kind, id: std}, class, stopped, spent)
		}
		if ag := b >> 31; ag != 0 {
			t.agreements.add(groupKey{kind: kind, id: ag}, class, stopped, spent)
		}
		if customer != 0 {
			t.matrix.add(groupKey{kind: -1, id: dept, id2: customer}, class, stopped, spent)
		}
	}
	return rows.Err()
}
