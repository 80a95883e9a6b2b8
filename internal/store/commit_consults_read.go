package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

const consultSelect = `SELECT c.id, c.number, c.from_department_id, COALESCE(fd.name, ''), c.to_department_id,
	COALESCE(td.name, ''), c.agreement_id, c.contact_reason, c.question, COALESCE(c.asked_by, 0), COALESCE(ap.name, ''),
	c.asked_at, c.responded_at, c.answered_at, c.answer, c.answered_by, COALESCE(bp.name, ''), c.state,
	kr.due_at, kr.state, ks.due_at, ks.state
	FROM consults c LEFT JOIN departments fd ON fd.id = c.from_department_id
	LEFT JOIN departments td ON td.id = c.to_department_id
	LEFT JOIN people ap ON ap.id = c.asked_by LEFT JOIN people bp ON bp.id = c.answered_by
	LEFT JOIN commit_clocks kr ON kr.consult_id = c.id AND kr.kind = 'consult_response'
	LEFT JOIN commit_clocks ks ON ks.consult_id = c.id AND ks.kind = 'consult_resolution'`

// scanConsult reads one consult; clock states are as they read at s.now().
func (s *Store) scanConsult(sc interface{ Scan(...any) error }) (commit.Consult, error) {
	var c commit.Consult
	var rState, sState sql.NullString
	err := sc.Scan(&c.ID, &c.Number, &c.FromDepartmentID, &c.FromDepartment, &c.ToDepartmentID, &c.ToDepartment,
		nullID{&c.AgreementID}, &c.ContactReason, &c.Question, &c.AskedByID, &c.AskedBy, timeScan{&c.AskedAt},
		nullTimeScan{&c.RespondedAt}, nullTimeScan{&c.AnsweredAt}, &c.Answer, nullID{&c.AnsweredByID}, &c.AnsweredBy,
		&c.State, nullTimeScan{&c.ResponseDue}, &rState, nullTimeScan{&c.ResolutionDue}, &sState)
	now := s.now()
	if rState.Valid {
		c.ResponseState = commit.Current(desk.ClockState(rState.String), c.ResponseDue, now)
	}
	if sState.Valid {
		c.ResolutionState = commit.Current(desk.ClockState(sState.String), c.ResolutionDue, now)
	}
	return c, err
}

func (s *Store) consultList(ctx context.Context, q querier, where string, args ...any) ([]commit.Consult, error) {
	rows, err := q.QueryContext(ctx, consultSelect+` WHERE `+where+` ORDER BY c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []commit.Consult{}
	for rows.Next() {
		c, err := s.scanConsult(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// consult returns consult id of request number; CodeNotFound if there is none.
func (s *Store) consult(ctx context.Context, q querier, number, id int64) (*commit.Consult, error) {
	list, err := s.consultList(ctx, q, `c.id = $1 AND c.number = $2`, id, number)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, desk.NotFound("consult")
	}
	return &list[0], nil
}

// Consults lists the consults of request number, oldest first. Agents only:
// a requester gets CodeNotFound for a request not theirs and CodeForbidden
// for their own (consults are internal).
func (s *Store) Consults(ctx context.Context, a desk.Actor, number int64) ([]commit.Consult, error) {
	if _, err := s.readable(ctx, s.rdb, a, number, false); err != nil {
		return nil, fmt.Errorf("store: consults: %w", err)
	}
	if !a.IsAgent() {
		return nil, desk.Forbidden("consults are internal to the desk")
	}
	out, err := s.consultList(ctx, s.rdb, `c.number = $1`, number)
	if err != nil {
		return nil, fmt.Errorf("store: consults: %w", err)
	}
	return out, nil
}

// ConsultQueue lists the open consults asked of a department, oldest first:
// that department's queue of questions from others. Agents only
// (CodeForbidden); an unknown department is CodeInvalid on "department_id".
func (s *Store) ConsultQueue(ctx context.Context, a desk.Actor, departmentID int64) ([]commit.Consult, error) {
	if !a.IsAgent() {
		return nil, desk.Forbidden("consults are internal to the desk")
	}
	if err := s.checkDepartments(ctx, s.rdb, "department_id", departmentID); err != nil {
		return nil, err
	}
	out, err := s.consultList(ctx, s.rdb, `c.to_department_id = $1 AND c.state = $2`, departmentID, commit.ConsultOpen)
	if err != nil {
		return nil, fmt.Errorf("store: consult queue: %w", err)
	}
	return out, nil
}

// CountOpenConsults counts the open consults asked of any of the departments
// (what they owe others), stopping at max: a result equal to max means "max
// or more". Agents only (CodeForbidden); max outside 1..100000 is CodeInvalid.
// No department counts nothing.
func (s *Store) CountOpenConsults(ctx context.Context, a desk.Actor, departmentIDs []int64, max int) (int, error) {
	if !a.IsAgent() {
		return 0, desk.Forbidden("consults are internal to the desk")
	}
	if max < 1 || max > maxCount {
		return 0, desk.Invalid("max", "must be between 1 and %d", maxCount)
	}
	if len(departmentIDs) == 0 {
		return 0, nil
	}
	args := []any{commit.ConsultOpen}
	for _, id := range departmentIDs {
		args = append(args, id)
	}
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM consults WHERE state = $1
		AND to_department_id IN (`+placeholders(2, len(departmentIDs))+`) LIMIT `+strconv.Itoa(max)+`) c`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count open consults: %w", err)
	}
	return n, nil
}
