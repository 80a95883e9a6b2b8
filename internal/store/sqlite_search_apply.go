package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// indexedDoc is one request's row of the index.
type indexedDoc struct {
	number    int64
	pub, priv string
}

// apply applies up to searchBatch changes and returns how many it read.
// The mark it records is the last sequence number given when it read them,
// if it read them all: a number given to a row deleted since is passed too.
func (ix *searchIndexer) apply(ctx context.Context) (int, error) {
	from := ix.applied.Load()
	tx, err := ix.s.rdb.BeginTx(ctx, nil) // one snapshot for both reads
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM search_seq`).Scan(&top); err != nil || top <= from {
		return 0, err
	}
	docs, last, n, err := changedDocs(ctx, tx, from, top)
	if err != nil {
		return 0, err
	}
	if n < searchBatch {
		last = top
	}
	if err := ix.write(ctx, docs, last); err != nil {
		return 0, err
	}
	ix.advance(last)
	return n, nil
}

// changedDocs reads up to searchBatch changes numbered from+1..top, and
// returns the latest of each request's, the last number read and how many.
func changedDocs(ctx context.Context, tx *sql.Tx, from, top int64) ([]indexedDoc, int64, int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT number, seq, pub, priv FROM request_terms WHERE seq > $1 AND seq <= $2
		ORDER BY seq LIMIT $3`, from, top, searchBatch)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	latest := map[int64]indexedDoc{}
	n, last := 0, from
	for rows.Next() {
		var d indexedDoc
		if err := rows.Scan(&d.number, &last, &d.pub, &d.priv); err != nil {
			return nil, 0, 0, err
		}
		latest[d.number] = d
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, err
	}
	docs := make([]indexedDoc, 0, len(latest))
	for _, d := range latest {
		docs = append(docs, d)
	}
	return docs, last, n, nil
}

// write replaces the index rows of docs in one transaction and records
// applied (when above 0) as the last change applied.
func (ix *searchIndexer) write(ctx context.Context, docs []indexedDoc, applied int64) error {
	slices.SortFunc(docs, func(a, b indexedDoc) int { return cmp.Compare(a.number, b.number) })
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Deletions of the rows being replaced first, then the insertions by
	// ascending rowid with no other statement between them: FTS5 writes its
	// pending terms out as a new segment whenever another statement comes.
	for _, d := range docs {
		res, err := tx.ExecContext(ctx, `INSERT INTO search_docs (number) VALUES ($1) ON CONFLICT DO NOTHING`, d.number)
		if err != nil {
			return err
		}
		k, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if k == 1 {
			continue // not indexed before: nothing to replace
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM request_search WHERE rowid = $1`, d.number); err != nil {
			return err
		}
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_search (rowid, pub, priv) VALUES ($1, $2, $3)`,
			d.number, d.pub, d.priv); err != nil {
			return err
		}
	}
	if applied > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE search_state SET applied_seq = $1 WHERE applied_seq < $1`, applied); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (ix *searchIndexer) advance(seq int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if seq > ix.applied.Load() {
		ix.applied.Store(seq)
		close(ix.moved)
		ix.moved = make(chan struct{})
	}
}

// load indexes new requests directly (the bulk loader's, which stores no
// terms), in one transaction.
func (ix *searchIndexer) load(ctx context.Context, docs []indexedDoc) error {
	if err := ix.write(ctx, docs, 0); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
