package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// BulkRequest is one generated request for BulkLoad. Its ids must exist.
type BulkRequest struct {
	Subject      string
	Status       desk.Status
	Priority     desk.Priority
	DepartmentID int64
	AgentID      int64 // 0 = none
	RequesterID  int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Messages     []BulkMessage
}

// BulkMessage is one message of a BulkRequest. Notes are internal; requester
// messages and replies public.
type BulkMessage struct {
	Kind      desk.MessageKind
	AuthorID  int64
	Body      string
	CreatedAt time.Time
}

// bulkStmts are BulkLoad's prepared statements.
type bulkStmts struct {
	request, message, event *sql.Stmt
}

// BulkLoad inserts generated requests fast, for `guichet bench` and demo
// data: one transaction per call, prepared statements, with their messages,
// search documents and events ("request.created", then "message.added" per
// later message). It trusts its input (ids, statuses, text) and is not for
// user input. On any error nothing of the call is written.
func (s *Store) BulkLoad(ctx context.Context, reqs []BulkRequest) error {
	docs := make([]searchDoc, len(reqs))
	for i, r := range reqs {
		var public, internal []string
		for _, m := range r.Messages {
			if m.Kind == desk.KindNote {
				internal = append(internal, m.Body)
			} else {
				public = append(public, m.Body)
			}
		}
		docs[i] = buildDoc(r.Subject, public, internal)
	}
	if !s.sqlite() {
		if err := s.bulkLoadPG(ctx, reqs, docs); err != nil {
			return fmt.Errorf("store: bulk load: %w", err)
		}
		return nil
	}
	indexed := make([]indexedDoc, len(reqs))
	for i, d := range docs {
		indexed[i] = indexedDoc{pub: joinTerms(d.pub), priv: joinTerms(d.priv)}
	}
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		st, err := s.prepareBulk(ctx, tx)
		if err != nil {
			return err
		}
		defer st.close()
		for i := range reqs {
			if indexed[i].number, err = s.bulkOne(ctx, st, &reqs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil { // the index is a file of its own (sqlite_search.go)
		err = s.search.load(ctx, indexed)
	}
	if err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	return nil
}

func (s *Store) prepareBulk(ctx context.Context, tx *sql.Tx) (*bulkStmts, error) {
	texts := []string{
		`INSERT INTO requests (subject, status, priority, channel, department_id, requester_id, organisation_id, agent_id,
			public_replies, created_at, updated_at, solved_at)
			VALUES ($1, $2, $3, 'api', $4, $5, (SELECT organisation_id FROM people WHERE id = $5), $6, $7, $8, $9, $10)
			RETURNING number`,
		`INSERT INTO messages (number, kind, visibility, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		`INSERT INTO events (number, actor_id, type, data, public, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
	}
	stmts := make([]*sql.Stmt, len(texts))
	for i, q := range texts {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			for _, p := range stmts[:i] {
				p.Close()
			}
			return nil, fmt.Errorf("prepare: %w", err)
		}
		stmts[i] = st
	}
	return &bulkStmts{request: stmts[0], message: stmts[1], event: stmts[2]}, nil
}

func (b *bulkStmts) close() {
	for _, st := range []*sql.Stmt{b.request, b.message, b.event} {
		st.Close()
	}
}

// bulkOne inserts a request with its messages and events and returns its number.
func (s *Store) bulkOne(ctx context.Context, st *bulkStmts, r *BulkRequest) (int64, error) {
	replies := 0
	for _, m := range r.Messages {
		if m.Kind == desk.KindReply {
			replies++
		}
	}
	var solved any
	if r.Status.Done() {
		solved = s.tv(r.UpdatedAt)
	}
	var number int64
	if err := st.request.QueryRowContext(ctx, r.Subject, r.Status, r.Priority, r.DepartmentID, r.RequesterID,
		idOrNil(r.AgentID), replies, s.tv(r.CreatedAt), s.tv(r.UpdatedAt), solved).Scan(&number); err != nil {
		return 0, fmt.Errorf("request: %w", err)
	}
	created, _ := json.Marshal(map[string]any{"channel": "api", "department_id": r.DepartmentID})
	if _, err := st.event.ExecContext(ctx, number, r.RequesterID, desk.EventCreated, string(created), true, s.tv(r.CreatedAt)); err != nil {
		return 0, fmt.Errorf("event: %w", err)
	}
	for i, m := range r.Messages {
		vis := desk.Public
		if m.Kind == desk.KindNote {
			vis = desk.Internal
		}
		if _, err := st.message.ExecContext(ctx, number, m.Kind, vis, idOrNil(m.AuthorID), m.Body, s.tv(m.CreatedAt)); err != nil {
			return 0, fmt.Errorf("message: %w", err)
		}
		if i == 0 {
			continue
		}
		data, _ := json.Marshal(map[string]any{"kind": string(m.Kind)})
		if _, err := st.event.ExecContext(ctx, number, idOrNil(m.AuthorID), desk.EventMessageAdded, string(data),
			vis == desk.Public, s.tv(m.CreatedAt)); err != nil {
			return 0, fmt.Errorf("event: %w", err)
		}
	}
	return number, nil
}
