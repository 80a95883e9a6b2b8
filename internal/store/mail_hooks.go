package store

import (
	"context"
	"database/sql"
	"time"

	"guichet/internal/desk"
)

// The hooks below run inside the write transaction of the change that causes
// a mail, so that the change and its mail commit together or not at all.

// mailAfterCreate queues the acknowledgement of a new request, with the
// first-response due time of its service standard, if one applies.
func (s *Store) mailAfterCreate(ctx context.Context, tx *sql.Tx, r *desk.Request) error {
	_, err := s.queueMail(ctx, tx, MailAck, r.Number, 0, ackData(r))
	return err
}

func ackData(r *desk.Request) map[string]any {
	data := map[string]any{}
	if d := r.Clocks.FirstResponseDue; d != nil {
		data["expect_by"] = d.UTC().Format(time.RFC3339)
	}
	return data
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
