package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

const deliverySelect = `SELECT id, kind, msg_id, to_email, state, attempts, last_error, created_at, sent_at FROM mail_outbox`

func scanDelivery(sc interface{ Scan(...any) error }) (desk.MailDelivery, error) {
	var d desk.MailDelivery
	err := sc.Scan(&d.ID, &d.Kind, nullID{&d.MessageID}, &d.To, &d.State, &d.Attempts, &d.LastError,
		timeScan{&d.CreatedAt}, nullTimeScan{&d.SentAt})
	return d, err
}

// MailDeliveries lists the mail sent or queued for a request, oldest first.
// Only agents see it (a requester gets CodeNotFound, as for anything they
// may not know exists); an unknown request is CodeNotFound too.
func (s *Store) MailDeliveries(ctx context.Context, a desk.Actor, number int64) ([]desk.MailDelivery, error) {
	if !a.IsAgent() {
		return nil, desk.NotFound("request")
	}
	if _, err := s.readable(ctx, s.rdb, a, number, false); err != nil {
		return nil, fmt.Errorf("store: mail deliveries: %w", err)
	}
	out, err := s.deliveries(ctx, s.rdb, number)
	if err != nil {
		return nil, fmt.Errorf("store: mail deliveries: %w", err)
	}
	return out, nil
}

func (s *Store) deliveries(ctx context.Context, q querier, number int64) ([]desk.MailDelivery, error) {
	rows, err := q.QueryContext(ctx, deliverySelect+` WHERE number = $1 ORDER BY id`, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []desk.MailDelivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// fillDeliveries sets, with one query, the request's mail and the delivery
// status of the replies among its messages (agents only).
func (s *Store) fillDeliveries(ctx context.Context, q querier, d *desk.RequestDetail) error {
	list, err := s.deliveries(ctx, q, d.Number)
	if err != nil || len(list) == 0 {
		return err
	}
	d.Mail = list
	byMsg := map[int64]*desk.MailDelivery{}
	for i := range list {
		if list[i].MessageID != nil {
			byMsg[*list[i].MessageID] = &list[i]
		}
	}
	for i := range d.Messages {
		d.Messages[i].Delivery = byMsg[d.Messages[i].ID]
	}
	return nil
}

// MarkMailSent records that outbox mail id was accepted by the relay. It is
// idempotent; CodeNotFound for an unknown id.
func (s *Store) MarkMailSent(ctx context.Context, id int64) error {
	return s.updateMail(ctx, id, `UPDATE mail_outbox SET state = $1, attempts = attempts + 1, last_error = '',
		sent_at = COALESCE(sent_at, $2), updated_at = $2 WHERE id = $3`, MailSent, s.tv(s.now()), id)
}

// MarkMailFailed records a failed delivery attempt of outbox mail id with its
// error; final marks the mail failed for good (no more retries), otherwise it
// stays queued. A mail already sent stays sent. CodeNotFound for an unknown id.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, reason string, final bool) error {
	state := MailQueued
	if final {
		state = MailFailed
	}
	return s.updateMail(ctx, id, `UPDATE mail_outbox SET state = CASE WHEN state = 'sent' THEN state ELSE $1 END,
		attempts = attempts + 1, last_error = $2, updated_at = $3 WHERE id = $4`, state, cutRunes(reason, 500),
		s.tv(s.now()), id)
}

func (s *Store) updateMail(ctx context.Context, id int64, query string, args ...any) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return desk.NotFound("outbox mail")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: outbox mail %d: %w", id, err)
	}
	return nil
}

// EnqueuePendingMail inserts delivery jobs, through the job enqueuer, for up
// to limit queued outbox mails that have none (written while no enqueuer was
// set, e.g. by the demo loader or an import), marking them in the same
// transaction. It returns how many it enqueued (0 without an enqueuer).
func (s *Store) EnqueuePendingMail(ctx context.Context, limit int) (int, error) {
	enq := s.mailEnqueuer()
	if enq == nil {
		return 0, nil
	}
	var n int
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		ids, err := s.unenqueued(ctx, tx, limit)
		if err != nil || len(ids) == 0 {
			n = 0
			return err
		}
		if err := enq.EnqueueMailTx(ctx, s.jobTx(ctx, tx), ids); err != nil {
			return err
		}
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET enqueued = true WHERE id IN (`+
			placeholders(1, len(ids))+`)`, args...); err != nil {
			return err
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: enqueue pending mail: %w", err)
	}
	return n, nil
}

func (s *Store) unenqueued(ctx context.Context, q querier, limit int) ([]int64, error) {
	query := `SELECT id FROM mail_outbox WHERE state = 'queued' AND NOT enqueued ORDER BY id LIMIT $1`
	if !s.sqlite() {
		query += ` FOR UPDATE SKIP LOCKED` // two sweeps at once never enqueue a mail twice
	}
	rows, err := q.QueryContext(ctx, query, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// MailBacklog returns how many outbox mails are queued and the age of the
// oldest, for metrics and readiness.
func (s *Store) MailBacklog(ctx context.Context) (int, time.Duration, error) {
	var n int
	var oldest *time.Time
	err := s.reads().QueryRowContext(ctx, `SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE state = 'queued'`).Scan(
		&n, nullTimeScan{&oldest})
	if err != nil {
		return 0, 0, fmt.Errorf("store: mail backlog: %w", err)
	}
	if oldest == nil {
		return n, 0, nil
	}
	return n, s.now().Sub(*oldest), nil
}
