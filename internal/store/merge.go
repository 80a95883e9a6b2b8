package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// Merge closes request number as a duplicate of in.Into and returns it. No
// message moves; both requests get an event (the duplicate's "merged" is
// public, the survivor's "merged_from" internal) and fresh activity. Closing
// is allowed without a public reply. An unknown, identical or already merged
// target is CodeInvalid on "into"; a request already merged is CodeConflict.
// Requesters and read-only agents get CodeForbidden (CodeNotFound for a
// request a requester may not read).
func (s *Store) Merge(ctx context.Context, a desk.Actor, number int64, in desk.MergeInput) (*desk.Request, error) {
	if in.Into <= 0 || in.Into == number {
		return nil, desk.Invalid("into", "must be the number of another request")
	}
	var out *desk.Request
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.merge(ctx, tx, a, number, in.Into)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: merge: %w", err)
	}
	return out, nil
}

func (s *Store) merge(ctx context.Context, tx querier, a desk.Actor, number, into int64) (*desk.Request, error) {
	if err := s.lockInOrder(ctx, tx, number, into); err != nil {
		return nil, err
	}
	r, err := s.loadRequest(ctx, tx, number, false)
	if err == nil {
		err = denyWork(a, r, "merge requests")
	}
	if err != nil {
		return nil, err
	}
	if r.MergedInto != nil {
		return nil, desk.Errorf(desk.CodeConflict, "request #%d is already merged into #%d", number, *r.MergedInto)
	}
	target, err := s.loadRequest(ctx, tx, into, false)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return nil, desk.Invalid("into", "no request #%d", into)
	}
	if err != nil {
		return nil, err
	}
	if target.MergedInto != nil {
		return nil, desk.Invalid("into", "request #%d was itself merged into #%d; merge into that one", into, *target.MergedInto)
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE requests SET merged_into = $1, status = $2, updated_at = $3,
		solved_at = COALESCE(solved_at, $3) WHERE number = $4`, into, desk.StatusClosed, s.tv(now), number); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	if err := s.touch(ctx, tx, into, now); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	if err := s.mergeEvents(ctx, tx, a, r, into, now); err != nil {
		return nil, err
	}
	merged := *r
	merged.MergedInto, merged.Status = &into, desk.StatusClosed
	if _, err := s.syncClocks(ctx, tx, &merged, "", now); err != nil {
		return nil, err
	}
	return s.loadRequest(ctx, tx, number, false)
}

func (s *Store) mergeEvents(ctx context.Context, tx querier, a desk.Actor, r *desk.Request, into int64, now time.Time) error {
	if err := s.addEvent(ctx, tx, r.Number, a, desk.EventMerged, map[string]any{"into": into}, true, now); err != nil {
		return err
	}
	if r.Status != desk.StatusClosed {
		data := map[string]any{"from": string(r.Status), "to": string(desk.StatusClosed)}
		if err := s.addEvent(ctx, tx, r.Number, a, desk.EventStatusChanged, data, true, now); err != nil {
			return err
		}
	}
	return s.addEvent(ctx, tx, into, a, desk.EventMergedFrom, map[string]any{"from": r.Number}, false, now)
}

// lockInOrder locks two requests' rows lowest number first, so that two
// merges of the same pair cannot deadlock (PostgreSQL; SQLite serialises writes).
func (s *Store) lockInOrder(ctx context.Context, tx querier, x, y int64) error {
	if s.sqlite() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT 1 FROM requests WHERE number IN ($1, $2) ORDER BY number FOR UPDATE`, x, y)
	return err
}
