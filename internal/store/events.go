package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// addEvent appends one audit record to the request's history.
func (s *Store) addEvent(ctx context.Context, tx querier, number int64, a desk.Actor, typ string,
	data map[string]any, public bool, at time.Time) error {
	if data == nil {
		data = map[string]any{}
	}
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("event data: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO events (number, actor_id, type, data, public, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, number, idOrNil(a.PersonID), typ, string(b), public, s.tv(at))
	if err != nil {
		return fmt.Errorf("event %s: %w", typ, err)
	}
	return nil
}

// events returns a request's history, oldest first; only public events when
// publicOnly.
func (s *Store) events(ctx context.Context, q querier, number int64, publicOnly bool) ([]desk.Event, error) {
	query := `SELECT e.id, e.number, e.actor_id, COALESCE(p.name, ''), e.type, e.data, e.public, e.created_at
		FROM events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.number = $1`
	if publicOnly {
		query += ` AND e.public`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY e.id`, number)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	out := []desk.Event{}
	for rows.Next() {
		var e desk.Event
		var data []byte
		if err := rows.Scan(&e.ID, &e.Number, nullID{&e.ActorID}, &e.Actor, &e.Type, &data, &e.Public,
			timeScan{&e.CreatedAt}); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		if e.ActorID == nil {
			e.Actor = desk.SystemActor.Name
		}
		if len(data) > 0 {
			if err := json.Unmarshal(data, &e.Data); err != nil {
				return nil, fmt.Errorf("event %d data: %w", e.ID, err)
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// touch records that the request changed now.
func (s *Store) touch(ctx context.Context, tx querier, number int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE requests SET updated_at = $1 WHERE number = $2`, s.tv(at), number)
	return err
}
