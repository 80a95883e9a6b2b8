package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"guichet/internal/commit"
)

// groupKey names a group of clocks in a report: a kind and one owner
// (department, standard or agreement), or a provider × customer pair of
// departments for the matrix.
type groupKey struct {
	kind int8 // index in clockKinds; -1 for the matrix
	id   int64
	id2  int64
}

// clockKinds numbers the kinds of clock in reports, in report order.
var clockKinds = []string{commit.KindFirstResponse, commit.KindNextResponse, commit.KindResolution,
	commit.KindConsultResponse, commit.KindConsultResolution}

// kindName returns the name of kind index k ("" for the matrix).
func kindName(k int8) string {
	if k < 0 {
		return ""
	}
	return clockKinds[k]
}

// groups are the tallies of one grouping.
type groups map[groupKey]*commit.Tally

func (g groups) add(k groupKey, c commit.Class, stopped bool, spent int64) {
	t := g[k]
	if t == nil {
		t = &commit.Tally{}
		g[k] = t
	}
	t.Add(c, stopped, spent)
}

// tallies are the groups of a report.
type tallies struct {
	departments, standards, agreements, matrix groups
}

func newTallies() *tallies { return &tallies{groups{}, groups{}, groups{}, groups{}} }

// merge adds o's tallies to t's.
func (t *tallies) merge(o *tallies) {
	for _, p := range [][2]groups{{t.departments, o.departments}, {t.standards, o.standards},
		{t.agreements, o.agreements}, {t.matrix, o.matrix}} {
		for k, v := range p[1] {
			if cur := p[0][k]; cur != nil {
				cur.Merge(v)
			} else {
				p[0][k] = v
			}
		}
	}
}

// rowsOf turns tallies into report rows sorted by owner, then kind.
func rowsOf[R any](g groups, row func(groupKey, commit.Figures) R) []R {
	keys := make([]groupKey, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b groupKey) int {
		return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.id2, b.id2), cmp.Compare(a.kind, b.kind))
	})
	out := make([]R, len(keys))
	for i, k := range keys {
		out[i] = row(k, g[k].Figures())
	}
	return out
}

// reportNames are the names a report shows beside ids.
type reportNames struct {
	departments, standards, agreements map[int64]string
}

func (s *Store) reportNames(ctx context.Context) (reportNames, error) {
	n := reportNames{map[int64]string{}, map[int64]string{}, map[int64]string{}}
	for table, m := range map[string]map[int64]string{"departments": n.departments, "service_standards": n.standards,
		"agreements": n.agreements} {
		if err := s.names(ctx, table, m); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *Store) names(ctx context.Context, table string, m map[int64]string) error {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, name FROM `+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		m[id] = name
	}
	return rows.Err()
}

// promiseFigures counts the promises made in the period per department.
func (s *Store) promiseFigures(ctx context.Context, f commit.ReportFilter, now time.Time, names map[int64]string) ([]commit.PromiseRow, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT department_id, due_at, kept_at FROM promises
		WHERE created_at >= $1 AND created_at < $2`, s.tv(f.From), s.tv(f.To))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[int64]*commit.PromiseRow{}
	for rows.Next() {
		var dept int64
		var due time.Time
		var kept *time.Time
		if err := rows.Scan(&dept, timeScan{&due}, nullTimeScan{&kept}); err != nil {
			return nil, err
		}
		p := by[dept]
		if p == nil {
			p = &commit.PromiseRow{DepartmentID: dept, Department: names[dept]}
			by[dept] = p
		}
		switch commit.StateOf(due, kept, now) {
		case commit.PromiseKept:
			p.Kept++
		case commit.PromiseBroken:
			p.Broken++
		default:
			p.Pending++
		}
	}
	out := make([]commit.PromiseRow, 0, len(by))
	for _, p := range by {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b commit.PromiseRow) int { return cmp.Compare(a.DepartmentID, b.DepartmentID) })
	return out, rows.Err()
}
