package store

import (
	"context"
	"fmt"
	"time"
)

// The engines differ in how they keep time (SQLite: integer unix microseconds;
// PostgreSQL: timestamptz), row locking and full-text search. Everything else
// is shared SQL with $n placeholders.

func (s *Store) sqlite() bool { return s.engine == "sqlite" }

// tv returns t as the engine stores it.
func (s *Store) tv(t time.Time) any {
	t = t.UTC().Truncate(time.Microsecond)
	if s.sqlite() {
		return t.UnixMicro()
	}
	return t
}

// tvp returns t as the engine stores it, or NULL for nil.
func (s *Store) tvp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return s.tv(*t)
}

// timeScan scans a timestamp of either engine into a UTC time.Time.
type timeScan struct{ t *time.Time }

func (d timeScan) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		*d.t = time.UnixMicro(x).UTC()
	case time.Time:
		*d.t = x.UTC()
	default:
		return fmt.Errorf("store: cannot scan %T as a time", v)
	}
	return nil
}

// nullTimeScan scans a nullable timestamp of either engine.
type nullTimeScan struct{ t **time.Time }

func (d nullTimeScan) Scan(v any) error {
	if v == nil {
		*d.t = nil
		return nil
	}
	var t time.Time
	if err := (timeScan{&t}).Scan(v); err != nil {
		return err
	}
	*d.t = &t
	return nil
}

// nullID scans a nullable id into a *int64.
type nullID struct{ p **int64 }

func (d nullID) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.p = nil
	case int64:
		*d.p = &x
	case int32:
		n := int64(x)
		*d.p = &n
	default:
		return fmt.Errorf("store: cannot scan %T as an id", v)
	}
	return nil
}

// idOrNil returns id, or NULL when it is zero.
func idOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idPtrOrNil returns *p, or NULL when p is nil.
func idPtrOrNil(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// insertID runs insert, an INSERT into a table whose key column is its
// INTEGER PRIMARY KEY, and returns the new row's key: on SQLite the rowid
// the insert reports (no result rows to read, cheaper on the single writer),
// on PostgreSQL through RETURNING key.
func (s *Store) insertID(ctx context.Context, q querier, key, insert string, args ...any) (int64, error) {
	if s.sqlite() {
		res, err := q.ExecContext(ctx, insert, args...)
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	var id int64
	err := q.QueryRowContext(ctx, insert+" RETURNING "+key, args...).Scan(&id)
	return id, err
}
