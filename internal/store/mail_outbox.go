package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"guichet/internal/desk"
)

// queueMail writes one mail to the outbox inside tx, for the requester of
// request number: an acknowledgement, a handoff note or the public reply
// msgID. What the mail will say about the owner is recorded now, as of the
// change. It returns the outbox id (see queueMailTo).
func (s *Store) queueMail(ctx context.Context, tx *sql.Tx, kind string, number, msgID int64,
	data map[string]any) (int64, error) {
	var to MailRecipient
	var dept string
	var agent sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT p.name, p.language, e.email, d.name, ap.name FROM requests r
		JOIN people p ON p.id = r.requester_id
		JOIN person_emails e ON e.person_id = p.id
		JOIN departments d ON d.id = r.department_id
		LEFT JOIN people ap ON ap.id = r.agent_id
		WHERE r.number = $1 ORDER BY e.position LIMIT 1`, number).Scan(&to.Name, &to.Language, &to.Email, &dept, &agent)
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	if data == nil {
		data = map[string]any{}
	}
	data["department"] = dept
	if agent.Valid {
		data["agent"] = agent.String
	}
	return s.queueMailTo(ctx, tx, OutgoingMail{Kind: kind, Number: number, MessageID: msgID, To: to, Data: data})
}

// MailRecipient is who an outbox mail goes to.
type MailRecipient struct {
	Email    string
	Name     string
	Language desk.Language
}

// OutgoingMail is a mail to queue: its kind (one of the Mail* kinds, each with
// templates in internal/mail/templates), the request it is about (0 for none,
// such as a sign-in link), the public reply it carries (0 for none), its
// recipient and what the templates need (Data).
type OutgoingMail struct {
	Kind      string
	Number    int64
	MessageID int64
	To        MailRecipient
	Data      map[string]any
}

// queueMailTo writes m to the outbox inside tx. When a job enqueuer is set,
// the delivery job is inserted in the same transaction; otherwise the mail
// waits, queued and visible, until a sweep enqueues it. It returns the outbox
// id.
func (s *Store) queueMailTo(ctx context.Context, tx *sql.Tx, m OutgoingMail) (int64, error) {
	if m.Data == nil {
		m.Data = map[string]any{}
	}
	b, err := json.Marshal(m.Data)
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	enq := s.mailEnqueuer()
	id, err := s.insertID(ctx, tx, "id", `INSERT INTO mail_outbox (token, kind, number, msg_id, to_email, to_name,
		language, data, state, enqueued, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
		newToken(m.Number), m.Kind, idOrNil(m.Number), idOrNil(m.MessageID), m.To.Email, m.To.Name,
		m.To.Language, string(b), MailQueued, enq != nil && !s.sqlite(), s.tv(s.now()))
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	if enq != nil {
		if err := s.enqueueMail(ctx, tx, enq, id); err != nil {
			return 0, fmt.Errorf("outbox: enqueue: %w", err)
		}
	}
	if s.sqlite() {
		s.signalQueued()
	}
	return id, nil
}

// newToken returns a fresh Message-ID local part for a mail about request
// number: "g<number>.<random>" ("g0.<random>" for a mail about none).
func newToken(number int64) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return fmt.Sprintf("g%d.%s", number, hex.EncodeToString(b))
}

// OutboxMail returns one outbox mail with what rendering it needs: the
// request's subject, the reply it carries and the Message-IDs of the
// requester's mail in the request. CodeNotFound if there is no such mail.
func (s *Store) OutboxMail(ctx context.Context, id int64) (*OutboxMail, error) {
	m := &OutboxMail{}
	var data string
	var number, msgID *int64
	var subject sql.NullString
	err := s.reads().QueryRowContext(ctx, `SELECT o.id, o.token, o.kind, o.number, r.subject, o.to_email, o.to_name,
		o.language, o.data, o.state, o.attempts, o.last_error, o.created_at, o.sent_at, o.msg_id
		FROM mail_outbox o LEFT JOIN requests r ON r.number = o.number WHERE o.id = $1`, id).Scan(
		&m.ID, &m.Token, &m.Kind, nullID{&number}, &subject, &m.ToEmail, &m.ToName, &m.Language, &data, &m.State,
		&m.Attempts, &m.LastError, timeScan{&m.CreatedAt}, nullTimeScan{&m.SentAt}, nullID{&msgID})
	if isNoRows(err) {
		return nil, desk.NotFound("outbox mail")
	}
	if err != nil {
		return nil, fmt.Errorf("store: outbox mail: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &m.Data); err != nil {
		return nil, fmt.Errorf("store: outbox mail %d: %w", id, err)
	}
	m.Subject = subject.String
	if number == nil {
		return m, nil // about no request: no reply, no thread
	}
	m.Number = *number
	if msgID != nil {
		if m.Reply, err = s.oneMessage(ctx, m.Number, *msgID); err != nil {
			return nil, fmt.Errorf("store: outbox mail: %w", err)
		}
	}
	if m.References, err = s.mailReferences(ctx, m.Number); err != nil {
		return nil, fmt.Errorf("store: outbox mail: %w", err)
	}
	return m, nil
}

// oneMessage returns message id of request number with its attachments.
func (s *Store) oneMessage(ctx context.Context, number, id int64) (*desk.Message, error) {
	msgs, err := s.messages(ctx, s.rdb, number, true)
	if err != nil {
		return nil, err
	}
	for i := range msgs {
		if msgs[i].ID == id {
			return &msgs[i], nil
		}
	}
	return nil, desk.NotFound("message")
}

// mailReferences returns the Message-IDs of the last mail received in a
// request, oldest first (at most 10).
func (s *Store) mailReferences(ctx context.Context, number int64) ([]string, error) {
	rows, err := s.reads().QueryContext(ctx, `SELECT message_id FROM mail_inbound WHERE number = $1 AND auto = ''
		AND message_id NOT LIKE 'sha256:%' ORDER BY received_at DESC LIMIT 10`, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append([]string{id}, out...)
	}
	return out, rows.Err()
}
