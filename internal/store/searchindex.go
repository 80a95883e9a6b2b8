package store

import (
	"context"
	"fmt"
	"strings"

	"guichet/internal/desk"
	"guichet/internal/search"
)

// maxDocTerms bounds the terms indexed per request and side (public,
// internal), on both engines alike (a PostgreSQL tsvector holds at most 1 MB).
const maxDocTerms = 20000

// searchDoc is what the index holds for one request: the terms of its subject
// and public messages, and those of its internal notes.
type searchDoc struct {
	pub, priv []string
}

// buildDoc analyses a request's text: the subject and public messages, and
// apart from them the internal notes (never searched for requesters).
func buildDoc(subject string, public, internal []string) searchDoc {
	pub := search.Analyze(subject + "\n" + strings.Join(public, "\n"))
	priv := search.Analyze(strings.Join(internal, "\n"))
	return searchDoc{pub: capTerms(pub), priv: capTerms(priv)}
}

func capTerms(t []string) []string {
	if len(t) > maxDocTerms {
		return t[:maxDocTerms]
	}
	return t
}

// reindex rewrites the request's search row from its subject and messages,
// all analysed again (indexMessage adds one message's terms).
func (s *Store) reindex(ctx context.Context, tx querier, number int64) error {
	d, err := s.wholeDoc(ctx, tx, number)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	return s.writeDoc(ctx, tx, number, d, true)
}

// wholeDoc analyses the request's subject and every message.
func (s *Store) wholeDoc(ctx context.Context, q querier, number int64) (searchDoc, error) {
	var subject string
	if err := q.QueryRowContext(ctx, `SELECT subject FROM requests WHERE number = $1`, number).Scan(&subject); err != nil {
		return searchDoc{}, err
	}
	rows, err := q.QueryContext(ctx, `SELECT visibility, body, body_html FROM messages WHERE number = $1 ORDER BY id`, number)
	if err != nil {
		return searchDoc{}, err
	}
	defer rows.Close()
	var public, internal []string
	for rows.Next() {
		var vis desk.Visibility
		var body, html string
		if err := rows.Scan(&vis, &body, &html); err != nil {
			return searchDoc{}, err
		}
		if vis == desk.Public {
			public = append(public, search.Text(body, html))
		} else {
			internal = append(internal, search.Text(body, html))
		}
	}
	if err := rows.Err(); err != nil {
		return searchDoc{}, err
	}
	return buildDoc(subject, public, internal), nil
}

// writeDoc stores a request's search row and its terms (searchterms.go);
// replace when one may exist. On SQLite it stores the terms only, which the
// indexer then applies to the search file.
func (s *Store) writeDoc(ctx context.Context, tx querier, number int64, d searchDoc, replace bool) error {
	if err := s.writeTerms(ctx, tx, number, joinTerms(d.pub), joinTerms(d.priv), replace); err != nil {
		return err
	}
	if s.sqlite() {
		return nil // the indexer applies the stored terms (sqlite_search.go)
	}
	all := append(append([]string{}, d.pub...), d.priv...)
	_, err := tx.ExecContext(ctx, `INSERT INTO request_search (number, tsv_public, tsv_all)
		VALUES ($1, $2::tsvector, $3::tsvector)
		ON CONFLICT (number) DO UPDATE SET tsv_public = EXCLUDED.tsv_public, tsv_all = EXCLUDED.tsv_all`,
		number, tsvector(d.pub), tsvector(all))
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// joinTerms writes terms as an FTS5 document: the unicode61 tokenizer splits
// it back into exactly these terms.
func joinTerms(terms []string) string { return strings.Join(terms, " ") }

// tsvector writes terms in tsvector input syntax, each quoted: they are
// already analysed and must not be parsed again by PostgreSQL.
func tsvector(terms []string) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(t)
		b.WriteByte('\'')
	}
	return b.String()
}

// matchExpr returns the engine's full-text query for text, or "" when text
// has no searchable word. publicOnly restricts the match to the subject and
// public messages. Terms hold only letters and digits (see search.Tokens), so
// quoting them is enough to make any user input plain text.
func (s *Store) matchExpr(text string, publicOnly bool) string {
	groups := search.Query(text)
	if len(groups) == 0 {
		return ""
	}
	and, or, quote := " & ", " | ", "'"
	if s.sqlite() {
		and, or, quote = " AND ", " OR ", `"`
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		alts := make([]string, len(g))
		for j, t := range g {
			alts[j] = quote + t + quote
		}
		parts[i] = "(" + strings.Join(alts, or) + ")"
	}
	expr := strings.Join(parts, and)
	if s.sqlite() && publicOnly {
		expr = "pub : (" + expr + ")"
	}
	return expr
}
