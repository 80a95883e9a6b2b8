package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// LiveEvent is one change to a request, as live pages need it: which
// request, what kind of change and who made it (0 for the system). It carries
// no content, so it reveals nothing an agent could not read anyway.
type LiveEvent struct {
	ID      int64
	Number  int64
	Type    string
	ActorID int64
}

// maxLiveEvents bounds one EventsAfter call.
const maxLiveEvents = 1000

// LatestEventID returns the id of the newest event, 0 when there is none.
// Live pages start watching from there.
func (s *Store) LatestEventID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM events`).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: latest event: %w", err)
	}
	return id, nil
}

// EventsAfter returns up to limit events (1..1000, default 1000) whose id is
// above after, oldest first, for every request. On PostgreSQL ids are taken
// before commit, so a smaller id may still appear after a larger one was
// read: callers keep watching the gaps for a moment (see web's hub).
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int) ([]LiveEvent, error) {
	if limit <= 0 || limit > maxLiveEvents {
		limit = maxLiveEvents
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, number, type, COALESCE(actor_id, 0) FROM events
		WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events after: %w", err)
	}
	defer rows.Close()
	var out []LiveEvent
	for rows.Next() {
		var e LiveEvent
		if err := rows.Scan(&e.ID, &e.Number, &e.Type, &e.ActorID); err != nil {
			return nil, fmt.Errorf("store: events after: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: events after: %w", err)
	}
	return out, nil
}

// Presence says that an agent is writing on a request right now.
type Presence struct {
	Number    int64
	PersonID  int64
	Name      string
	Activity  string // PresenceReply or PresenceNote
	ExpiresAt time.Time
}

// Presence activities.
const (
	PresenceReply = "reply"
	PresenceNote  = "note"
)

// SetPresence records that the person is writing (activity PresenceReply or
// PresenceNote) on request number for the next ttl, or, with activity "",
// that they stopped. Expired rows are pruned on the way. It returns
// CodeInvalid for another activity or a ttl outside 1 s..10 min, and
// CodeNotFound for an unknown request or person.
func (s *Store) SetPresence(ctx context.Context, number, personID int64, activity string, ttl time.Duration) error {
	if activity != "" && activity != PresenceReply && activity != PresenceNote {
		return desk.Invalid("activity", "must be reply or note")
	}
	if ttl < time.Second || ttl > 10*time.Minute {
		return desk.Invalid("ttl", "must be between 1 second and 10 minutes")
	}
	now := s.now()
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_presence WHERE expires_at <= $1 OR (number = $2 AND person_id = $3)`,
			s.tv(now), number, personID); err != nil {
			return err
		}
		if activity == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO web_presence (number, person_id, activity, expires_at) VALUES ($1, $2, $3, $4)`,
			number, personID, activity, s.tv(now.Add(ttl)))
		if isForeignKey(err) {
			return desk.NotFound("request or person")
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set presence: %w", err)
	}
	return nil
}

// Presences returns every live presence (on every request), by request then
// name. The table only holds people typing right now, so it stays small.
func (s *Store) Presences(ctx context.Context) ([]Presence, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT w.number, w.person_id, p.name, w.activity, w.expires_at
		FROM web_presence w JOIN people p ON p.id = w.person_id WHERE w.expires_at > $1
		ORDER BY w.number, p.name, w.person_id`, s.tv(s.now()))
	if err != nil {
		return nil, fmt.Errorf("store: presences: %w", err)
	}
	defer rows.Close()
	var out []Presence
	for rows.Next() {
		var p Presence
		if err := rows.Scan(&p.Number, &p.PersonID, &p.Name, &p.Activity, timeScan{&p.ExpiresAt}); err != nil {
			return nil, fmt.Errorf("store: presences: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: presences: %w", err)
	}
	return out, nil
}
