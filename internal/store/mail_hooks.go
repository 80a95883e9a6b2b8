package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// The hooks below run inside the write transaction of the change that causes
// a mail, so that the change and its mail commit together or not at all.

// mailAfterCreate queues the acknowledgement of a new request, with the
// first-response due time of its service standard, if one applies, to to
// when the caller knows the requester's address (else it is read back).
func (s *Store) mailAfterCreate(ctx context.Context, tx *sql.Tx, r *desk.Request, to *MailRecipient) error {
	data, err := s.ackData(ctx, tx, r)
	if err != nil {
		return err
	}
	if to == nil || r.AgentID != nil {
		_, err = s.queueMail(ctx, tx, MailAck, r.Number, 0, data)
		return err
	}
	data["department"] = r.Department // what queueMail reads back, known here
	_, err = s.queueMailTo(ctx, tx, OutgoingMail{Kind: MailAck, Number: r.Number, To: *to, Data: data})
	return err
}

// ackData is what the acknowledgement says of the expected answer:
// "expect_by", the first-response due time, and "expect_tz", the time zone
// of the business calendar that clock runs on (the requester reads the date
// in the desk's local time, not in the server's).
func (s *Store) ackData(ctx context.Context, q querier, r *desk.Request) (map[string]any, error) {
	data := map[string]any{}
	d := r.Clocks.FirstResponseDue
	if d == nil {
		return data, nil
	}
	data["expect_by"] = d.UTC().Format(time.RFC3339)
	var calID, version int64
	err := q.QueryRowContext(ctx, `SELECT c.id, c.version FROM commit_clocks k JOIN calendars c ON c.id = k.calendar_id
		WHERE k.number = $1 AND k.consult_id IS NULL AND k.kind = $2 ORDER BY k.seq DESC LIMIT 1`,
		r.Number, commit.KindFirstResponse).Scan(&calID, &version)
	if isNoRows(err) {
		return data, nil
	}
	if err != nil {
		return nil, fmt.Errorf("acknowledgement: %w", err)
	}
	cal, err := s.businessCalendar(ctx, q, calID, version)
	if err != nil {
		return nil, fmt.Errorf("acknowledgement: %w", err)
	}
	data["expect_tz"] = cal.Location().String()
	return data, nil
}

// mailAfterMessage queues the mail carrying a public reply of the desk.
func (s *Store) mailAfterMessage(ctx context.Context, tx *sql.Tx, m *desk.Message) error {
	if m.Kind != desk.KindReply || m.Visibility != desk.Public {
		return nil
	}
	_, err := s.queueMail(ctx, tx, MailReply, m.Number, m.ID, nil)
	return err
}

// mailAfterHandoff queues the note telling the requester who owns the request now.
func (s *Store) mailAfterHandoff(ctx context.Context, tx *sql.Tx, h *desk.Handoff) error {
	_, err := s.queueMail(ctx, tx, MailHandoff, h.Number, 0,
		map[string]any{"handoff_id": h.ID, "from_department": h.FromDepartment})
	return err
}
