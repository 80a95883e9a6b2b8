package store

import (
	"context"

	"guichet/internal/desk"
	"guichet/internal/search"
)

// A reply by mail rewrites its request's search row, which means analysing
// the whole conversation again; done inside the single SQLite writer, that
// analysis is what limits ingest. So the ingest analyses the conversation
// beforehand, in its own goroutine, from the read pool, and hands the result
// to reindex through the context. reindex uses it only if the conversation
// is exactly the one analysed plus the new message; otherwise it analyses
// as usual.

type precomputedKey struct{}

// precomputedDoc is a request's search row computed outside the writer.
type precomputedDoc struct {
	number  int64
	subject string
	count   int   // messages when it was computed, before the new one
	maxID   int64 // highest message id then
	doc     searchDoc
}

// precomputeReplyDoc analyses request number's conversation plus the new
// public message of in, from the read pool; nil if the request cannot be read.
func (s *Store) precomputeReplyDoc(ctx context.Context, number int64, in *InboundMail) *precomputedDoc {
	p := &precomputedDoc{number: number}
	q := s.reads()
	if err := q.QueryRowContext(ctx, `SELECT subject FROM requests WHERE number = $1 AND merged_into IS NULL`,
		number).Scan(&p.subject); err != nil {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, visibility, body, body_html FROM messages WHERE number = $1 ORDER BY id`, number)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var public, internal []string
	for rows.Next() {
		var id int64
		var vis desk.Visibility
		var body, html string
		if err := rows.Scan(&id, &vis, &body, &html); err != nil {
			return nil
		}
		p.count, p.maxID = p.count+1, max(p.maxID, id)
		if vis == desk.Public {
			public = append(public, search.Text(body, html))
		} else {
			internal = append(internal, search.Text(body, html))
		}
	}
	if rows.Err() != nil {
		return nil
	}
	public = append(public, search.Text(in.Body, desk.SanitizeHTML(in.BodyHTML)))
	p.doc = buildDoc(p.subject, public, internal)
	return p
}

// usePrecomputed returns the precomputed row for number if the request
// still has the subject and messages it was computed from, plus exactly one
// newer message (the one being added).
func (s *Store) usePrecomputed(ctx context.Context, tx querier, number int64) (searchDoc, bool) {
	p, _ := ctx.Value(precomputedKey{}).(*precomputedDoc)
	if p == nil || p.number != number {
		return searchDoc{}, false
	}
	var subject string
	var count int
	var maxOld int64
	err := tx.QueryRowContext(ctx, `SELECT r.subject, (SELECT COUNT(*) FROM messages m WHERE m.number = r.number),
		(SELECT COALESCE(MAX(id), 0) FROM messages m WHERE m.number = r.number AND m.id <= $2)
		FROM requests r WHERE r.number = $1`, number, p.maxID).Scan(&subject, &count, &maxOld)
	if err != nil || subject != p.subject || count != p.count+1 || maxOld != p.maxID {
		return searchDoc{}, false
	}
	return p.doc, true
}

// withPrecomputed returns ctx carrying p for reindex (unchanged if p is nil).
func withPrecomputed(ctx context.Context, p *precomputedDoc) context.Context {
	if p == nil {
		return ctx
	}
	return context.WithValue(ctx, precomputedKey{}, p)
}
