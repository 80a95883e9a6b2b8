package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// recomputeBatch is how many requests one write recomputes after a change of
// standards or calendars, so that other writes are not held up long.
const recomputeBatch = 200

// markOpenStale marks every request that is not solved or closed for its
// clocks to be computed again: a standard or calendar changed.
func (s *Store) markOpenStale(ctx context.Context, q querier) error {
	_, err := q.ExecContext(ctx, `UPDATE commit_requests SET stale = $1 WHERE NOT paused_done AND NOT stale`, true)
	if err != nil {
		return fmt.Errorf("mark clocks stale: %w", err)
	}
	return nil
}

// bgRecompute says whether a background worker recomputes stale clocks,
// and wakes it.
type bgRecompute struct {
	mu   sync.Mutex
	on   bool
	kick chan struct{}
}

// SetBackgroundRecompute tells the store whether a background worker (the
// timers) recomputes the clocks a change of standards or calendars marks
// stale. While one does, such a change only marks them and wakes it
// (StaleMarked), so that an admin's request does not wait for every open
// request; without one the change recomputes them itself.
func (s *Store) SetBackgroundRecompute(on bool) {
	s.bg.mu.Lock()
	defer s.bg.mu.Unlock()
	s.bg.on = on
	if s.bg.kick == nil {
		s.bg.kick = make(chan struct{}, 1)
	}
}

// StaleMarked is signalled when a change marked clocks stale while a
// background worker recomputes them.
func (s *Store) StaleMarked() <-chan struct{} {
	s.SetBackgroundRecompute(s.backgroundRecompute())
	return s.bg.kick
}

func (s *Store) backgroundRecompute() bool {
	s.bg.mu.Lock()
	defer s.bg.mu.Unlock()
	return s.bg.on
}

// recomputeAfterChange has the stale clocks recomputed after an
// administrative change has committed: by the background worker when one
// runs, else now. A failure is logged, not returned: the change is saved
// and the stale marks stay for RecomputeStale to finish.
func (s *Store) recomputeAfterChange(ctx context.Context) error {
	if s.backgroundRecompute() {
		select {
		case s.bg.kick <- struct{}{}:
		default:
		}
		return nil
	}
	if _, err := s.RecomputeStale(ctx); err != nil {
		s.log.WarnContext(ctx, "store: clocks left stale after a change of commitments", "err", err)
	}
	return nil
}

// RecomputeStale computes again the clocks of every request marked stale by
// a change of service standards or calendars, in writes of a few hundred
// requests, and returns how many it recomputed. It stops at the first error
// (ctx's included); what is left stays marked for the next call. The stale
// marks are indexed, so finding them costs nothing when there are none.
func (s *Store) RecomputeStale(ctx context.Context) (int, error) {
	total := 0
	for {
		nums, err := s.staleRequests(ctx)
		if err != nil || len(nums) == 0 {
			return total, err
		}
		err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
			q := tx
			now := s.now()
			for _, n := range nums {
				r, err := s.clockSubject(ctx, q, n)
				if err != nil {
					return err
				}
				if _, err := s.syncClocks(ctx, q, r, "", now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("store: recompute clocks: %w", err)
		}
		total += len(nums)
	}
}

func (s *Store) staleRequests(ctx context.Context) ([]int64, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT number FROM commit_requests WHERE stale ORDER BY number LIMIT $1`, recomputeBatch)
	if err != nil {
		return nil, fmt.Errorf("store: stale clocks: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: stale clocks: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

var _ commit.Store = (*Store)(nil)

// RecomputeClocks computes request number's clocks again now, in their own
// write, as any change of the request does. The durable timers use it when
// a clock falls due. It returns CodeNotFound for an unknown request.
func (s *Store) RecomputeClocks(ctx context.Context, number int64) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		r, err := s.clockSubject(ctx, q, number)
		if err != nil {
			return err
		}
		_, err = s.syncClocks(ctx, q, r, "", s.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: recompute clocks: %w", err)
	}
	return nil
}

// clockSubject reads, and on PostgreSQL locks, what a request's clocks
// depend on: the fields syncClocks reads. CodeNotFound if unknown.
func (s *Store) clockSubject(ctx context.Context, q querier, number int64) (*desk.Request, error) {
	query := `SELECT number, status, priority, channel, department_id, requester_id, organisation_id, contact_reason,
		spam, merged_into, created_at, agent_id FROM requests WHERE number = $1`
	if !s.sqlite() {
		query += ` FOR UPDATE`
	}
	var r desk.Request
	err := q.QueryRowContext(ctx, query, number).Scan(&r.Number, &r.Status, &r.Priority, &r.Channel, &r.DepartmentID,
		&r.RequesterID, nullID{&r.OrganisationID}, &r.ContactReason, &r.Spam, nullID{&r.MergedInto}, timeScan{&r.CreatedAt}, nullID{&r.AgentID})
	if isNoRows(err) {
		return nil, desk.NotFound("request")
	}
	if err != nil {
		return nil, fmt.Errorf("clock subject: %w", err)
	}
	return &r, nil
}
