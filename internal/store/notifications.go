package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// jsonText returns v as JSON text.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("json: %w", err)
	}
	return string(b), nil
}

// requireAgent refuses notifications to anyone but an agent (the system
// has none).
func requireAgent(a desk.Actor) error {
	if !a.IsAgent() || a.PersonID == 0 {
		return desk.Forbidden("notifications are for agents")
	}
	return nil
}

// Notifications lists agent a's notifications, newest first, as f chooses,
// and how many of theirs are unread. Requesters get CodeForbidden.
func (s *Store) Notifications(ctx context.Context, a desk.Actor, f commit.NotificationFilter) ([]commit.Notification, int, error) {
	if err := requireAgent(a); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	query := `SELECT n.id, n.number, r.subject, n.kind, n.level, n.department_id, n.data, n.created_at, n.read_at
		FROM notifications n JOIN requests r ON r.number = n.number WHERE n.person_id = $1 AND n.id < $2`
	if f.UnreadOnly {
		query += ` AND n.read_at IS NULL`
	}
	before := f.Before
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := s.rdb.QueryContext(ctx, query+` ORDER BY n.id DESC LIMIT $3`, a.PersonID, before, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("store: notifications: %w", err)
	}
	defer rows.Close()
	out := []commit.Notification{}
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: notifications: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: notifications: %w", err)
	}
	unread, err := s.UnreadNotifications(ctx, a)
	return out, unread, err
}

// scanNotification reads one notification and what its data recorded.
func scanNotification(sc interface{ Scan(...any) error }) (commit.Notification, error) {
	var n commit.Notification
	var data []byte
	if err := sc.Scan(&n.ID, &n.Number, &n.Subject, &n.Trigger, &n.Level, &n.DepartmentID, &data,
		timeScan{&n.CreatedAt}, nullTimeScan{&n.ReadAt}); err != nil {
		return n, err
	}
	var d struct {
		Department string `json:"department"`
		Clock      string `json:"clock"`
		ItemDue    string `json:"item_due"`
		Within     string `json:"within"`
		Promise    string `json:"promise"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return n, fmt.Errorf("notification %d: %w", n.ID, err)
	}
	n.Department, n.Clock, n.Within, n.Promise = d.Department, d.Clock, d.Within, d.Promise
	if t, err := time.Parse(time.RFC3339, d.ItemDue); err == nil {
		n.ItemDue = &t
	}
	return n, nil
}

// UnreadNotifications returns how many of agent a's notifications are
// unread (0 for anyone but an agent), counting at most 1,000.
func (s *Store) UnreadNotifications(ctx context.Context, a desk.Actor) (int, error) {
	if requireAgent(a) != nil {
		return 0, nil
	}
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE person_id = $1
		AND read_at IS NULL LIMIT 1000) u`, a.PersonID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks agent a's notifications ids read (nil or
// empty: all of them; ids of others' notifications are ignored) and returns
// how many of theirs stay unread. Requesters get CodeForbidden.
func (s *Store) MarkNotificationsRead(ctx context.Context, a desk.Actor, ids []int64) (int, error) {
	if err := requireAgent(a); err != nil {
		return 0, err
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		query := `UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL`
		args := []any{s.tv(s.now()), a.PersonID}
		if len(ids) > 0 {
			query += ` AND id IN (` + placeholders(3, len(ids)) + `)`
			for _, id := range ids {
				args = append(args, id)
			}
		}
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: mark notifications read: %w", err)
	}
	return s.UnreadNotifications(ctx, a)
}

// ReadRequestNotifications marks agent a's unread notifications about
// request number read, as opening the request reads them; it writes nothing
// when there are none (the common case) and does nothing for requesters.
func (s *Store) ReadRequestNotifications(ctx context.Context, a desk.Actor, number int64) error {
	if requireAgent(a) != nil {
		return nil
	}
	const unread = `FROM notifications WHERE person_id = $1 AND read_at IS NULL AND number = $2`
	if !s.exists(ctx, s.rdb, `SELECT 1 `+unread, a.PersonID, number) {
		return nil
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $3 WHERE person_id = $1
			AND read_at IS NULL AND number = $2`, a.PersonID, number, s.tv(s.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: read request notifications: %w", err)
	}
	return nil
}
