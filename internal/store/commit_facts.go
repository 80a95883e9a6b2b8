package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// requestFacts are a request's commit.Facts as stored, with what the store
// keeps beside them.
type requestFacts struct {
	commit.Facts
	kind       desk.PersonKind // the requester's
	standardID *int64          // the standard applied last
	stored     bool            // a row exists
	created    bool            // the request is created in this transaction
}

// loadFacts returns request r's facts, or new ones (creation time, the
// requester's kind) when none are stored yet.
func (s *Store) loadFacts(ctx context.Context, q querier, r *desk.Request) (*requestFacts, error) {
	f := &requestFacts{}
	var first, cycle, paused *time.Time
	var pauses string
	err := q.QueryRowContext(ctx, `SELECT requester_kind, first_reply_at, cycle_since, cycle_seq, paused_since, paused_done,
		pauses, standard_id FROM commit_requests WHERE number = $1`, r.Number).Scan(&f.kind, nullTimeScan{&first},
		nullTimeScan{&cycle}, &f.CycleSeq, nullTimeScan{&paused}, &f.Done, &pauses, nullID{&f.standardID})
	if isNoRows(err) {
		f.Created = r.CreatedAt
		err = q.QueryRowContext(ctx, `SELECT kind FROM people WHERE id = $1`, r.RequesterID).Scan(&f.kind)
		if err != nil {
			return nil, fmt.Errorf("requester kind: %w", err)
		}
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load clock facts: %w", err)
	}
	f.stored, f.Created = true, r.CreatedAt
	f.FirstReply, f.CycleSince, f.PausedSince = deref(first), deref(cycle), deref(paused)
	if f.Pauses, err = decodePauses(pauses); err != nil {
		return nil, fmt.Errorf("request %d pauses: %w", r.Number, err)
	}
	return f, nil
}

// saveFacts writes f for request number, clearing its stale mark.
func (s *Store) saveFacts(ctx context.Context, q querier, number int64, f *requestFacts) error {
	pauses := encodePauses(f.Pauses)
	args := []any{number, f.kind, s.tz(f.FirstReply), s.tz(f.CycleSince), f.CycleSeq, s.tz(f.PausedSince), f.Done,
		pauses, idPtrOrNil(f.standardID), false}
	query := `UPDATE commit_requests SET requester_kind = $2, first_reply_at = $3, cycle_since = $4, cycle_seq = $5,
		paused_since = $6, paused_done = $7, pauses = $8, standard_id = $9, stale = $10 WHERE number = $1`
	if !f.stored {
		query = `INSERT INTO commit_requests (number, requester_kind, first_reply_at, cycle_since, cycle_seq, paused_since,
			paused_done, pauses, standard_id, stale) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	}
	if _, err := q.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("save clock facts: %w", err)
	}
	f.stored = true
	return nil
}

// tz returns t as the engine stores it, or NULL for the zero time.
func (s *Store) tz(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return s.tv(t)
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// encodePauses returns pauses as a JSON list of [from, to] unix microseconds.
func encodePauses(ps []commit.Span) string {
	pairs := make([][2]int64, len(ps))
	for i, p := range ps {
		pairs[i] = [2]int64{p.From.UnixMicro(), p.To.UnixMicro()}
	}
	b, _ := json.Marshal(pairs) // integers always encode
	return string(b)
}

func decodePauses(s string) ([]commit.Span, error) {
	var pairs [][2]int64
	if err := json.Unmarshal([]byte(s), &pairs); err != nil {
		return nil, err
	}
	out := make([]commit.Span, len(pairs))
	for i, p := range pairs {
		out[i] = commit.Span{From: time.UnixMicro(p[0]).UTC(), To: time.UnixMicro(p[1]).UTC()}
	}
	return out, nil
}
