package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"guichet/internal/desk"
)

// mailSender returns the sender of an inbound mail as a requester, creating
// an external person (in the organisation of their domain, in their
// language) when the address is new. An agent writing by mail is a requester
// here too: mail is never trusted to act as the desk.
func (s *Store) mailSender(ctx context.Context, q querier, in *InboundMail) (*desk.Actor, desk.PersonKind, error) {
	a, kind, err := s.requesterActor(ctx, q, in.FromEmail)
	if err == nil || !isNoRows(err) {
		return a, kind, err
	}
	who, err := s.createRequester(ctx, q, in.FromEmail, in.FromName, s.now())
	if err != nil {
		return nil, "", err
	}
	if _, err := q.ExecContext(ctx, `UPDATE people SET language = $1 WHERE id = $2`, in.Language, who.id); err != nil {
		return nil, "", fmt.Errorf("requester language: %w", err)
	}
	return s.requesterActor(ctx, q, in.FromEmail)
}

// requesterActor returns the person an address belongs to as a requester,
// and their kind.
func (s *Store) requesterActor(ctx context.Context, q querier, email string) (*desk.Actor, desk.PersonKind, error) {
	var a desk.Actor
	var kind desk.PersonKind
	var shared sql.NullBool
	err := q.QueryRowContext(ctx, `SELECT p.id, p.name, p.organisation_id, p.kind, o.shared_requests FROM person_emails e
		JOIN people p ON p.id = e.person_id LEFT JOIN organisations o ON o.id = p.organisation_id
		WHERE e.email = $1`, email).Scan(&a.PersonID, &a.Name, nullID{&a.OrganisationID}, &kind, &shared)
	if err != nil {
		return nil, "", err
	}
	a.OrgShared = shared.Bool
	return &a, kind, nil
}

// mailThread returns the request an inbound mail belongs to (loaded and,
// on PostgreSQL, locked), or nil for a new one. Candidates come from the Message-IDs it answers (mail Guichet received
// or sent), then from the numbers it names (plus-address, [#1234]). A merged
// request leads to the one it was merged into. A candidate counts only if
// the sender may read it as a requester (so that nobody adds to someone
// else's request by writing its number) and it is not closed (a reply to a
// closed request opens a new one; automatic mail is recorded on it).
func (s *Store) mailThread(ctx context.Context, q querier, in *InboundMail, sender *desk.Actor) (*desk.Request, error) {
	cands, err := s.threadCandidates(ctx, q, in)
	if err != nil {
		return nil, err
	}
	for _, n := range cands {
		r, err := s.followMerged(ctx, q, n)
		if desk.ErrorCode(err) == desk.CodeNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		// Automatic mail never reopens anything, so it may join a closed request.
		if sender.CanRead(r) && (r.Status != desk.StatusClosed || in.Auto != "") {
			return r, nil
		}
	}
	return nil, nil
}

// followMerged loads request n, or the request it was merged into.
func (s *Store) followMerged(ctx context.Context, q querier, n int64) (*desk.Request, error) {
	r, err := s.loadRequest(ctx, q, n, true)
	for hops := 0; err == nil && r.MergedInto != nil && hops < 5; hops++ {
		r, err = s.loadRequest(ctx, q, *r.MergedInto, true)
	}
	return r, err
}

// threadCandidates lists the request numbers an inbound mail may belong to,
// in order of evidence, without duplicates.
func (s *Store) threadCandidates(ctx context.Context, q querier, in *InboundMail) ([]int64, error) {
	byID := map[string]int64{}
	if len(in.ReplyIDs) > 0 {
		ids := make([]any, 0, len(in.ReplyIDs))
		tokens := make([]any, 0, len(in.ReplyIDs))
		for _, id := range in.ReplyIDs {
			ids = append(ids, id)
			tokens = append(tokens, tokenOf(id))
		}
		if err := s.collectNumbers(ctx, q, byID, `SELECT message_id, number FROM mail_inbound WHERE message_id IN (`+
			placeholders(1, len(ids))+`)`, ids); err != nil {
			return nil, err
		}
		if err := s.collectNumbers(ctx, q, byID, `SELECT token, number FROM mail_outbox WHERE number IS NOT NULL AND token IN (`+
			placeholders(1, len(tokens))+`)`, tokens); err != nil {
			return nil, err
		}
	}
	var out []int64
	add := func(n int64) {
		if n > 0 && !containsID(out, n) {
			out = append(out, n)
		}
	}
	for _, id := range in.ReplyIDs {
		add(byID[id])
		add(byID[tokenOf(id)])
	}
	for _, n := range in.Numbers {
		add(n)
	}
	return out, nil
}

func (s *Store) collectNumbers(ctx context.Context, q querier, into map[string]int64, query string, args []any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("thread: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var n int64
		if err := rows.Scan(&key, &n); err != nil {
			return fmt.Errorf("thread: %w", err)
		}
		into[key] = n
	}
	return rows.Err()
}

// tokenOf returns the local part of a Message-ID: the outbox token when the
// ID is one Guichet generated.
func tokenOf(id string) string {
	if at := strings.LastIndexByte(id, '@'); at > 0 {
		return id[:at]
	}
	return id
}

func containsID(l []int64, n int64) bool {
	for _, v := range l {
		if v == n {
			return true
		}
	}
	return false
}
