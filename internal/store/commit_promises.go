package store

import (
	"context"
	"database/sql"
	"fmt"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

const promiseSelect = `SELECT p.id, p.number, p.department_id, p.text, p.due_at, COALESCE(p.made_by, 0), COALESCE(m.name, ''),
	p.created_at, p.kept_at FROM promises p LEFT JOIN people m ON m.id = p.made_by`

// scanPromise reads one promise, its state as it stands at s.now().
func (s *Store) scanPromise(sc interface{ Scan(...any) error }) (commit.Promise, error) {
	var p commit.Promise
	err := sc.Scan(&p.ID, &p.Number, &p.DepartmentID, &p.Text, timeScan{&p.DueAt}, &p.MadeByID, &p.MadeBy,
		timeScan{&p.CreatedAt}, nullTimeScan{&p.KeptAt})
	p.State = commit.StateOf(p.DueAt, p.KeptAt, s.now())
	return p, err
}

func (s *Store) promiseList(ctx context.Context, q querier, where string, args ...any) ([]commit.Promise, error) {
	rows, err := q.QueryContext(ctx, promiseSelect+` WHERE `+where+` ORDER BY p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []commit.Promise{}
	for rows.Next() {
		p, err := s.scanPromise(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MakePromise records a promise to the requester of request number and
// returns it. The requester sees it (a public "promise.made" event too); its
// maker is reminded before it is due (the department's remind_before). A
// due time that is not in the future, or more than a year ahead, is
// CodeInvalid on "due_at"; a merged request is CodeConflict. Requesters and
// read-only agents get CodeForbidden (CodeNotFound for a request a requester
// may not read).
func (s *Store) MakePromise(ctx context.Context, a desk.Actor, number int64, in commit.NewPromise) (*commit.Promise, error) {
	if err := in.Validate(s.now()); err != nil {
		return nil, err
	}
	var id int64
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		r, err := s.loadRequest(ctx, q, number, true)
		if err == nil {
			err = denyWork(a, r, "make promises")
		}
		if err != nil {
			return err
		}
		if r.MergedInto != nil {
			return desk.Errorf(desk.CodeConflict, "request #%d was merged into #%d; promise there", number, *r.MergedInto)
		}
		now := s.now()
		ch, err := s.chain(ctx, q, r.DepartmentID)
		if err != nil {
			return err
		}
		var remind any
		if at, ok := ch.RemindAt(in.DueAt, now); ok {
			remind = s.tv(at)
		}
		err = q.QueryRowContext(ctx, `INSERT INTO promises (number, department_id, text, due_at, made_by, created_at,
			remind_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, number, r.DepartmentID, in.Text, s.tv(in.DueAt),
			idOrNil(a.PersonID), s.tv(now), remind).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert promise: %w", err)
		}
		data := map[string]any{"promise_id": id, "text": in.Text, "due_at": in.DueAt.UTC()}
		if err := s.addEvent(ctx, q, number, a, "promise.made", data, true, now); err != nil {
			return err
		}
		if err := s.touch(ctx, q, number, now); err != nil {
			return err
		}
		return s.acceptHandoff(ctx, q, a, number, now)
	})
	if err != nil {
		return nil, fmt.Errorf("store: make promise: %w", err)
	}
	return s.promise(ctx, s.rdb, number, id)
}

func (s *Store) promise(ctx context.Context, q querier, number, id int64) (*commit.Promise, error) {
	list, err := s.promiseList(ctx, q, `p.id = $1 AND p.number = $2`, id, number)
	if err != nil {
		return nil, fmt.Errorf("store: promise: %w", err)
	}
	if len(list) == 0 {
		return nil, desk.NotFound("promise")
	}
	return &list[0], nil
}

// Promises lists the promises made on request number, oldest first, each
// with its state now (a promise past due and not kept reads broken). The
// requester reads their own; CodeNotFound for a request they may not read.
func (s *Store) Promises(ctx context.Context, a desk.Actor, number int64) ([]commit.Promise, error) {
	if _, err := s.readable(ctx, s.rdb, a, number, false); err != nil {
		return nil, fmt.Errorf("store: promises: %w", err)
	}
	out, err := s.promiseList(ctx, s.rdb, `p.number = $1`, number)
	if err != nil {
		return nil, fmt.Errorf("store: promises: %w", err)
	}
	return out, nil
}

// KeepPromise records that promise id of request number was kept now and
// returns it: kept when on time, broken when late. A promise already kept is
// CodeConflict; an unknown one CodeNotFound. Requesters and read-only agents
// get CodeForbidden (CodeNotFound for a request a requester may not read).
func (s *Store) KeepPromise(ctx context.Context, a desk.Actor, number, id int64) (*commit.Promise, error) {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		r, err := s.loadRequest(ctx, q, number, true)
		if err == nil {
			err = denyWork(a, r, "keep promises")
		}
		if err != nil {
			return err
		}
		p, err := s.promise(ctx, q, number, id)
		if err != nil {
			return err
		}
		if p.KeptAt != nil {
			return desk.Errorf(desk.CodeConflict, "promise #%d was already kept", id)
		}
		now := s.now()
		if _, err := q.ExecContext(ctx, `UPDATE promises SET kept_at = $1 WHERE id = $2`, s.tv(now), id); err != nil {
			return fmt.Errorf("keep promise: %w", err)
		}
		data := map[string]any{"promise_id": id, "state": commit.StateOf(p.DueAt, &now, now)}
		if err := s.addEvent(ctx, q, number, a, "promise.kept", data, true, now); err != nil {
			return err
		}
		return s.touch(ctx, q, number, now)
	})
	if err != nil {
		return nil, fmt.Errorf("store: keep promise: %w", err)
	}
	return s.promise(ctx, s.rdb, number, id)
}
