package store

import (
	"context"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// newMessage is a validated message ready to insert.
type newMessage struct {
	number   int64
	kind     desk.MessageKind
	vis      desk.Visibility
	authorID int64 // 0 for the system
	author   string
	body     string
	bodyHTML string // already sanitised
	staged   []stagedBlob
	at       time.Time
}

// insertMessage adds a message and its attachments inside tx.
func (s *Store) insertMessage(ctx context.Context, tx querier, m newMessage) (*desk.Message, error) {
	out := &desk.Message{Number: m.number, Kind: m.kind, Visibility: m.vis, AuthorID: m.authorID,
		Author: m.author, Body: m.body, BodyHTML: m.bodyHTML, CreatedAt: m.at}
	var err error
	out.ID, err = s.insertID(ctx, tx, "id", `INSERT INTO messages (number, kind, visibility, author_id, body, body_html,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.number, m.kind, m.vis, idOrNil(m.authorID), m.body,
		m.bodyHTML, s.tv(m.at))
	if err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	if out.Attachments, err = s.insertAttachments(ctx, tx, out.ID, m.staged, m.at); err != nil {
		return nil, err
	}
	if out.Author == "" {
		out.Author = desk.SystemActor.Name
	}
	return out, nil
}

// messages returns a request's conversation, oldest first, with attachments;
// only public messages when publicOnly.
func (s *Store) messages(ctx context.Context, q querier, number int64, publicOnly bool) ([]desk.Message, error) {
	filter := ""
	if publicOnly {
		filter = ` AND m.visibility = 'public'`
	}
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.number, m.kind, m.visibility, m.author_id, COALESCE(p.name, ''),
		m.body, m.body_html, m.created_at FROM messages m LEFT JOIN people p ON p.id = m.author_id
		WHERE m.number = $1`+filter+` ORDER BY m.id`, number)
	if err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	defer rows.Close()
	out := []desk.Message{}
	idx := map[int64]int{}
	for rows.Next() {
		var m desk.Message
		var author *int64
		if err := rows.Scan(&m.ID, &m.Number, &m.Kind, &m.Visibility, nullID{&author}, &m.Author, &m.Body,
			&m.BodyHTML, timeScan{&m.CreatedAt}); err != nil {
			return nil, fmt.Errorf("messages: %w", err)
		}
		if author != nil {
			m.AuthorID = *author
		} else {
			m.Author = desk.SystemActor.Name
		}
		m.Attachments = []desk.Attachment{}
		idx[m.ID] = len(out)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	return out, s.fillAttachments(ctx, q, number, out, idx)
}

func (s *Store) fillAttachments(ctx context.Context, q querier, number int64, msgs []desk.Message, idx map[int64]int) error {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.sha256
		FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.number = $1 ORDER BY a.id`, number)
	if err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a desk.Attachment
		var mid int64
		if err := rows.Scan(&a.ID, &mid, &a.Filename, &a.ContentType, &a.Size, &a.SHA256); err != nil {
			return fmt.Errorf("attachments: %w", err)
		}
		if i, ok := idx[mid]; ok { // attachments of hidden messages stay hidden
			msgs[i].Attachments = append(msgs[i].Attachments, a)
		}
	}
	return rows.Err()
}
