package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// AddMessage adds a message to a request and returns it.
//
//   - An agent's public message is a reply (KindReply): it counts as a public
//     reply (so the request may be solved) and moves a new request to open.
//   - An agent's internal message is a note (KindNote), never shown to the requester.
//   - A requester's message (KindRequester, always public) reopens a request
//     that was waiting (on the requester or a department) or solved; a closed
//     request is CodeConflict (open a new one), and so is a merged one.
//
// A requester gets CodeNotFound for a request that is not theirs and
// CodeForbidden for an internal note; a read-only agent CodeForbidden.
// Invalid input is CodeInvalid naming the field; an attachment over the
// limit CodeTooLarge. Nothing is written on failure.
func (s *Store) AddMessage(ctx context.Context, a desk.Actor, number int64, in desk.NewMessage) (*desk.Message, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r, err := s.readable(ctx, s.rdb, a, number, false)
	if err == nil {
		err = a.CheckMessage(r, &in)
	}
	if err != nil {
		return nil, fmt.Errorf("store: add message: %w", err)
	}
	staged, err := s.stageAttachments(in.Attachments)
	if err != nil {
		return nil, err
	}
	var out *desk.Message
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.addMessage(ctx, tx, a, number, &in, staged)
		if err == nil {
			err = s.mailAfterMessage(ctx, tx, out) // a public reply is mailed, committed with it
		}
		return err
	})
	s.releaseBlobs(context.WithoutCancel(ctx), staged, err != nil)
	if err != nil {
		return nil, fmt.Errorf("store: add message: %w", err)
	}
	return out, nil
}

func (s *Store) addMessage(ctx context.Context, tx querier, a desk.Actor, number int64, in *desk.NewMessage,
	staged []stagedBlob) (*desk.Message, error) {
	r, err := s.readable(ctx, tx, a, number, true)
	if err != nil {
		return nil, err
	}
	return s.addMessageTo(ctx, tx, a, r, in, staged)
}

// addMessageTo is addMessage to r, a request a may read, loaded (and on
// PostgreSQL locked) in this transaction.
func (s *Store) addMessageTo(ctx context.Context, tx querier, a desk.Actor, r *desk.Request, in *desk.NewMessage,
	staged []stagedBlob) (*desk.Message, error) {
	number := r.Number
	if err := a.CheckMessage(r, in); err != nil {
		return nil, err
	}
	kind := desk.KindRequester
	switch {
	case a.IsAgent() && in.Visibility == desk.Internal:
		kind = desk.KindNote
	case a.IsAgent():
		kind = desk.KindReply
	case r.Status == desk.StatusClosed:
		return nil, desk.Errorf(desk.CodeConflict, "request #%d is closed; open a new request", r.Number)
	}
	now := s.now()
	m, err := s.insertMessage(ctx, tx, newMessage{number: number, kind: kind, vis: in.Visibility, authorID: a.PersonID,
		author: a.Name, body: in.Body, bodyHTML: desk.SanitizeHTML(in.BodyHTML), staged: staged, at: now})
	if err != nil {
		return nil, err
	}
	if err := s.afterMessage(ctx, tx, a, r, kind, now); err != nil {
		return nil, err
	}
	if err := s.indexMessage(ctx, tx, m); err != nil {
		return nil, err
	}
	data := map[string]any{"message_id": m.ID, "kind": string(kind)}
	if err := s.addEvent(ctx, tx, number, a, desk.EventMessageAdded, data, in.Visibility == desk.Public, now); err != nil {
		return nil, err
	}
	return m, nil
}

// afterMessage applies what a new message does to the request: reply count,
// status, activity time, handoff acceptance.
func (s *Store) afterMessage(ctx context.Context, tx querier, a desk.Actor, r *desk.Request, kind desk.MessageKind, now time.Time) error {
	to := r.Status
	replies := 0
	switch kind {
	case desk.KindReply:
		replies = 1
		if r.Status == desk.StatusNew {
			to = desk.StatusOpen
		}
	case desk.KindRequester:
		switch r.Status {
		case desk.StatusWaitingRequester, desk.StatusWaitingDepartment, desk.StatusSolved:
			to = desk.StatusOpen
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE requests SET public_replies = public_replies + $1, status = $2, updated_at = $3,
		solved_at = CASE WHEN $4 THEN NULL ELSE solved_at END WHERE number = $5`,
		replies, to, s.tv(now), to != r.Status && !to.Done(), r.Number)
	if err != nil {
		return fmt.Errorf("update request: %w", err)
	}
	if to != r.Status {
		data := map[string]any{"from": string(r.Status), "to": string(to)}
		if err := s.addEvent(ctx, tx, r.Number, a, desk.EventStatusChanged, data, true, now); err != nil {
			return err
		}
	}
	if kind != desk.KindNote { // a note changes no clock
		after := *r
		after.Status = to
		if _, err := s.syncClocks(ctx, tx, &after, kind, now); err != nil {
			return err
		}
	}
	return s.acceptHandoff(ctx, tx, a, r.Number, now)
}

// acceptHandoff marks pending handoffs of the request as accepted when an
// agent of the receiving department works on it.
func (s *Store) acceptHandoff(ctx context.Context, tx querier, a desk.Actor, number int64, now time.Time) error {
	if !a.CanWork() || a.System || len(a.DepartmentIDs) == 0 {
		return nil
	}
	args := []any{s.tv(now), number}
	for _, d := range a.DepartmentIDs {
		args = append(args, d)
	}
	res, err := tx.ExecContext(ctx, `UPDATE handoffs SET accepted_at = $1 WHERE number = $2 AND accepted_at IS NULL
		AND to_department_id IN (`+placeholders(3, len(a.DepartmentIDs))+`)`, args...)
	if err != nil {
		return fmt.Errorf("accept handoff: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return s.endAcceptedHandoffs(ctx, tx, number) // escalation_sync.go
}
