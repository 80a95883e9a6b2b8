package store

import "slices"

// The "due soonest" order (desk.SortDue) lists in two steps. The first walks
// the running clocks by due time, then clock id (the partial index
// commit_clocks_due, whose rows SQLite keeps in id order among equal due
// times), and keeps, for each request, its soonest clock: that is the
// request's next deadline. When those run out,
// the second lists the requests without a running clock, newest activity
// first, as the default order does. A page may hold the end of the first
// step and the start of the second; its cursor says which step it ends in.

// runningClock selects the running clocks of requests (not of consults);
// k.state = 'running' in these words lets SQLite use the partial index.
const runningClock = `k.state = 'running' AND k.consult_id IS NULL`

// soonestClock keeps clock k only if no other running clock of its request
// is due before it (or at the same time with a smaller id).
const soonestClock = ` AND NOT EXISTS (SELECT 1 FROM commit_clocks e WHERE e.number = k.number AND e.consult_id IS NULL
	AND e.state = 'running' AND (e.due_at < k.due_at OR e.due_at = k.due_at AND e.id < k.id))`

// noRunningClock keeps the requests that have no deadline running.
const noRunningClock = `NOT EXISTS (SELECT 1 FROM commit_clocks e WHERE e.number = r.number AND e.consult_id IS NULL
	AND e.state = 'running')`

// buildDue returns the first step's query: requests by their soonest running
// clock, with that clock's due time and id as the last columns. The clocks
// drive (CROSS JOIN keeps them outer on SQLite), in index order; the cursor
// is after a (due time, clock id).
func (b *listBuilder) buildDue(limit string) string {
	where := runningClock
	if b.department != 0 {
		where += " AND k.department_id = " + b.arg(b.department)
	}
	if c := b.cursor; c != nil && c.kind == cursorDue {
		where += " AND (k.due_at, k.id) > (" + b.arg(b.s.tv(c.at)) + ", " + b.arg(c.number) + ")"
	}
	from := ` FROM commit_clocks k CROSS JOIN requests r`
	if b.byTag { // the tag's few requests drive, their clocks sorted
		from, where = ` FROM request_tags t CROSS JOIN commit_clocks k CROSS JOIN requests r`,
			`t.tag = `+b.tag+` AND k.number = t.number AND `+where
	}
	return requestSelect + `, k.due_at, k.id` + from + requestJoins +
		` WHERE ` + where + ` AND r.number = k.number AND ` + b.conds("") + soonestClock +
		` ORDER BY k.due_at, k.id` + limit
}

// dueSteps splits the plan of a "due soonest" list into its two steps; a
// cursor of the second step skips the first.
func (b *listBuilder) dueSteps() []*listBuilder {
	second := b.clone()
	second.undue, second.kind = true, cursorUndue
	if b.cursor != nil && b.cursor.kind == cursorUndue {
		return []*listBuilder{second}
	}
	second.cursor = nil
	first := b.clone()
	first.clocks, first.kind = true, cursorDue
	return []*listBuilder{first, second}
}

// clone returns a copy of b that can be built on its own.
func (b *listBuilder) clone() *listBuilder {
	c := *b
	c.where, c.args, c.statuses = slices.Clone(b.where), slices.Clone(b.args), slices.Clone(b.statuses)
	return &c
}
