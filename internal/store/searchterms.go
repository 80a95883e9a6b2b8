package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"guichet/internal/desk"
	"guichet/internal/search"
)

// A request's search row holds the terms of its subject and messages in the
// order search.Analyze gives them (first appearance), and Analyze of texts
// joined is the terms of the first followed by the terms of the next that
// the first lacks. So a new message's row is the stored terms plus the new
// message's own, and a reply costs the analysis of itself rather than of its
// whole conversation. request_terms keeps the terms, since SQLite's FTS5
// table is contentless and PostgreSQL's tsvector sorts and merges them.

// newDoc is buildDoc(subject, []string{text}, nil) for text already analysed
// into terms.
func newDoc(subject string, terms []string) searchDoc {
	return searchDoc{pub: union(capTerms(search.Analyze(subject)), terms)}
}

// union returns side with the terms of add it lacks appended in their
// order, up to maxDocTerms: what capTerms of the analysis of both texts
// gives when side is the analysis of the first and add of the second (an
// analysis holds no term twice).
func union(side, add []string) []string {
	if len(side) >= maxDocTerms || len(add) == 0 {
		return side
	}
	has := func(t string) bool { return slices.Contains(side, t) } // a subject's few terms
	if len(side) > 8 {
		set := make(map[string]struct{}, len(side))
		for _, t := range side {
			set[t] = struct{}{}
		}
		has = func(t string) bool { _, ok := set[t]; return ok }
	}
	out := append(make([]string, 0, len(side)+len(add)), side...)
	for _, t := range add {
		if len(out) == maxDocTerms {
			break
		}
		if !has(t) {
			out = append(out, t)
		}
	}
	return out
}

// indexMessage adds message m, just inserted, to its request's search row:
// the stored terms plus m's own, on its side (public or internal). A
// request without stored terms is analysed whole (reindex).
func (s *Store) indexMessage(ctx context.Context, tx querier, m *desk.Message) error {
	var pub, priv string
	err := tx.QueryRowContext(ctx, `SELECT pub, priv FROM request_terms WHERE number = $1`, m.Number).Scan(&pub, &priv)
	if isNoRows(err) {
		return s.reindex(ctx, tx, m.Number)
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	d := searchDoc{pub: strings.Fields(pub), priv: strings.Fields(priv)}
	terms := analysed(ctx, search.Text(m.Body, m.BodyHTML))
	if m.Visibility == desk.Public {
		d.pub = union(d.pub, terms)
	} else {
		d.priv = union(d.priv, terms)
	}
	return s.writeDoc(ctx, tx, m.Number, d, true)
}

// writeTerms stores the terms of a request's search row; replace when a row
// may exist.
func (s *Store) writeTerms(ctx context.Context, tx querier, number int64, pub, priv string, replace bool) error {
	q := `INSERT INTO request_terms (number, pub, priv) VALUES ($1, $2, $3)`
	if s.sqlite() { // the indexer's sequence (sqlite_search.go)
		q = `INSERT INTO request_terms (number, pub, priv, seq)
			VALUES ($1, $2, $3, (SELECT seq + 1 FROM search_seq))`
	}
	if replace {
		q += ` ON CONFLICT (number) DO UPDATE SET pub = excluded.pub, priv = excluded.priv`
		if s.sqlite() {
			q += `, seq = excluded.seq`
		}
	}
	if _, err := tx.ExecContext(ctx, q, number, pub, priv); err != nil {
		return fmt.Errorf("index terms: %w", err)
	}
	return nil
}

// The ingest analyses a mail's text before it queues for the single SQLite
// writer and hands the terms over through the context; indexMessage uses
// them when the stored message has exactly that text.

type analysisKey struct{}

type analysis struct {
	text  string
	terms []string
}

// withAnalysis returns ctx carrying terms, the analysis of text.
func withAnalysis(ctx context.Context, text string, terms []string) context.Context {
	return context.WithValue(ctx, analysisKey{}, &analysis{text: text, terms: terms})
}

// analysed returns the terms of text: those ctx carries for it, else
// search.Analyze's.
func analysed(ctx context.Context, text string) []string {
	if a, ok := ctx.Value(analysisKey{}).(*analysis); ok && a.text == text {
		return a.terms
	}
	return search.Analyze(text)
}
