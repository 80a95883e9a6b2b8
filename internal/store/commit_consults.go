package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// OpenConsult asks another department about request number on behalf of its
// owner, who keeps the request. The consult runs under the most specific
// active agreement in which that department owes the request's department
// (commit.SelectAgreement; the contact reason is the request's unless given);
// without one it has no due times. The request waits on the department
// (status waiting_department, a public status event; the question stays
// internal). Consulting the request's own department is CodeInvalid on
// "to_department_id", an unknown department too; a solved, closed or merged
// request is CodeConflict. Requesters and read-only agents get CodeForbidden
// (CodeNotFound for a request a requester may not read).
func (s *Store) OpenConsult(ctx context.Context, a desk.Actor, number int64, in commit.NewConsult) (*commit.Consult, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *commit.Consult
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.openConsult(ctx, tx, a, number, &in)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: open consult: %w", err)
	}
	return out, nil
}

func (s *Store) openConsult(ctx context.Context, q querier, a desk.Actor, number int64, in *commit.NewConsult) (*commit.Consult, error) {
	r, err := s.loadRequest(ctx, q, number, true)
	if err == nil {
		err = denyWork(a, r, "consult departments")
	}
	if err != nil {
		return nil, err
	}
	if r.MergedInto != nil || r.Status.Done() {
		return nil, desk.Errorf(desk.CodeConflict, "request #%d is %s; reopen it before consulting", number, r.Status)
	}
	to, err := s.department(ctx, q, `id = $1`, in.ToDepartmentID)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return nil, desk.Invalid("to_department_id", "no such department")
	}
	if err != nil {
		return nil, err
	}
	if to.ID == r.DepartmentID {
		return nil, desk.Invalid("to_department_id", "%s owns this request: consult another department, or assign it within %s", to.Name, to.Name)
	}
	reason := in.ContactReason
	if reason == "" {
		reason = r.ContactReason
	}
	list, err := s.agreements(ctx, q, `provider_department_id = $1 AND active`, to.ID)
	if err != nil {
		return nil, err
	}
	var agreementID *int64
	if ag := commit.SelectAgreement(list, to.ID, r.DepartmentID, reason); ag != nil {
		agreementID = &ag.ID
	}
	now := s.now()
	c := &commit.Consult{Number: number, FromDepartmentID: r.DepartmentID, ToDepartmentID: to.ID, AgreementID: agreementID,
		ContactReason: reason, Question: in.Question, AskedAt: now, State: commit.ConsultOpen}
	err = q.QueryRowContext(ctx, `INSERT INTO consults (number, from_department_id, to_department_id, agreement_id,
		contact_reason, question, asked_by, asked_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		number, c.FromDepartmentID, c.ToDepartmentID, idPtrOrNil(agreementID), reason, in.Question, idOrNil(a.PersonID),
		s.tv(now), c.State).Scan(&c.ID)
	if err != nil {
		return nil, fmt.Errorf("insert consult: %w", err)
	}
	if err := s.writeConsultClocks(ctx, q, c, now); err != nil {
		return nil, err
	}
	data := map[string]any{"consult_id": c.ID, "to_department_id": to.ID, "to_department": to.Name, "question": in.Question}
	if err := s.addEvent(ctx, q, number, a, "consult.opened", data, false, now); err != nil {
		return nil, err
	}
	if err := s.moveStatus(ctx, q, a, r, desk.StatusWaitingDepartment, now); err != nil {
		return nil, err
	}
	if err := s.acceptHandoff(ctx, q, a, number, now); err != nil {
		return nil, err
	}
	return s.consult(ctx, q, number, c.ID)
}

// moveStatus moves request r to status to (with a public event and its
// clocks) unless it is there already, and records activity.
func (s *Store) moveStatus(ctx context.Context, q querier, a desk.Actor, r *desk.Request, to desk.Status, now time.Time) error {
	if r.Status == to {
		return s.touch(ctx, q, r.Number, now)
	}
	if _, err := q.ExecContext(ctx, `UPDATE requests SET status = $1, updated_at = $2 WHERE number = $3`, to, s.tv(now), r.Number); err != nil {
		return fmt.Errorf("request status: %w", err)
	}
	data := map[string]any{"from": string(r.Status), "to": string(to)}
	if err := s.addEvent(ctx, q, r.Number, a, desk.EventStatusChanged, data, true, now); err != nil {
		return err
	}
	after := *r
	after.Status = to
	_, err := s.syncClocks(ctx, q, &after, "", now)
	return err
}

// AnswerConsult records the consulted department's answer to consult id of
// request number and returns the consult. The answer comes back to the
// request as an internal note; a final answer closes the consult and, when
// no other consult is open, moves a request waiting on a department back to
// open. Only agents of the consulted department (or admins) answer
// (CodeForbidden); an answered consult is CodeConflict; requesters get
// CodeNotFound (consults are internal).
func (s *Store) AnswerConsult(ctx context.Context, a desk.Actor, number, id int64, in commit.ConsultAnswer) (*commit.Consult, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !a.IsAgent() {
		return nil, desk.NotFound("consult")
	}
	var out *commit.Consult
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.answerConsult(ctx, tx, a, number, id, &in)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: answer consult: %w", err)
	}
	return out, nil
}

func (s *Store) answerConsult(ctx context.Context, q querier, a desk.Actor, number, id int64, in *commit.ConsultAnswer) (*commit.Consult, error) {
	r, err := s.loadRequest(ctx, q, number, true)
	if err != nil {
		return nil, err
	}
	c, err := s.consult(ctx, q, number, id)
	if err != nil {
		return nil, err
	}
	if !a.CanWork() || !a.IsAdmin() && !a.InDepartment(c.ToDepartmentID) {
		return nil, desk.Forbidden("only agents of " + c.ToDepartment + " answer its consults")
	}
	if c.State == commit.ConsultAnswered {
		return nil, desk.Errorf(desk.CodeConflict, "consult #%d is already answered", id)
	}
	now := s.now()
	if c.RespondedAt == nil {
		c.RespondedAt = &now
	}
	if in.Final {
		c.AnsweredAt, c.Answer, c.State, c.AnsweredByID = &now, in.Answer, commit.ConsultAnswered, &a.PersonID
	}
	if _, err := q.ExecContext(ctx, `UPDATE consults SET responded_at = $1, answered_at = $2, answer = $3, answered_by = $4,
		state = $5 WHERE id = $6`, s.tvp(c.RespondedAt), s.tvp(c.AnsweredAt), c.Answer, idPtrOrNil(c.AnsweredByID), c.State, id); err != nil {
		return nil, fmt.Errorf("update consult: %w", err)
	}
	if err := s.consultNote(ctx, q, a, c, in, now); err != nil {
		return nil, err
	}
	if err := s.writeConsultClocks(ctx, q, c, now); err != nil {
		return nil, err
	}
	if err := s.resumeAfterConsult(ctx, q, a, r, now); err != nil {
		return nil, err
	}
	return s.consult(ctx, q, number, id)
}

// consultNote brings the answer back to the request as an internal note.
func (s *Store) consultNote(ctx context.Context, q querier, a desk.Actor, c *commit.Consult, in *commit.ConsultAnswer, now time.Time) error {
	body := fmt.Sprintf("[%s · consult #%d] %s", c.ToDepartment, c.ID, in.Answer)
	m, err := s.insertMessage(ctx, q, newMessage{number: c.Number, kind: desk.KindNote, vis: desk.Internal,
		authorID: a.PersonID, author: a.Name, body: body, at: now})
	if err != nil {
		return err
	}
	if err := s.reindex(ctx, q, c.Number); err != nil {
		return err
	}
	data := map[string]any{"consult_id": c.ID, "final": in.Final, "message_id": m.ID, "department": c.ToDepartment}
	return s.addEvent(ctx, q, c.Number, a, "consult.answered", data, false, now)
}

// resumeAfterConsult moves request r from waiting on a department back to
// open once no consult of it is open.
func (s *Store) resumeAfterConsult(ctx context.Context, q querier, a desk.Actor, r *desk.Request, now time.Time) error {
	if r.Status != desk.StatusWaitingDepartment ||
		s.exists(ctx, q, `SELECT 1 FROM consults WHERE number = $1 AND state = 'open'`, r.Number) {
		return s.touch(ctx, q, r.Number, now)
	}
	return s.moveStatus(ctx, q, a, r, desk.StatusOpen, now)
}
