package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// reconcile empties the search file and starts its backfill when it has
// applied changes the main database never gave: the main file was restored
// from a backup taken before them, or replaced by another. Its rows could
// otherwise name requests that are not there, and changes numbered up to
// its mark would never be applied.
func (ix *searchIndexer) reconcile(ctx context.Context) error {
	var top int64
	if err := ix.s.rdb.QueryRowContext(ctx, `SELECT seq FROM search_seq`).Scan(&top); err != nil {
		return err
	}
	applied := ix.applied.Load()
	if applied <= top {
		return nil
	}
	ix.log.Warn("store: the search index is ahead of the database (restored from a backup?): building it again",
		"applied", applied, "database", top)
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`INSERT INTO request_search (request_search) VALUES ('delete-all')`,
		`DELETE FROM search_docs`,
		`UPDATE search_state SET applied_seq = 0, backfill_next = 1, backfill_end = -1`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	ix.applied.Store(0)
	ix.built.Store(false)
	return nil
}

// backfillChunk bounds the requests a backfill step indexes.
const backfillChunk = 500

// backfill indexes the next requests of a backfill not yet indexed, and
// reports whether more remain. Their terms are read now, so that a request
// changed meanwhile is indexed as it is (and again by apply, harmlessly).
func (ix *searchIndexer) backfill(ctx context.Context) (bool, error) {
	if ix.built.Load() {
		return false, nil
	}
	var next, end int64
	if err := ix.db.QueryRowContext(ctx, `SELECT backfill_next, backfill_end FROM search_state`).Scan(&next, &end); err != nil {
		return false, err
	}
	if end == -1 { // not started: up to the last request now
		if err := ix.s.rdb.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM requests`).Scan(&end); err != nil {
			return false, err
		}
		if _, err := ix.db.ExecContext(ctx, `UPDATE search_state SET backfill_end = $1`, end); err != nil {
			return false, err
		}
		if end > 0 {
			ix.log.Info("store: building the search index", "requests", end)
		}
	}
	if next > end {
		ix.built.Store(true)
		return false, nil
	}
	to := min(end, next+backfillChunk-1)
	docs, err := ix.backfillDocs(ctx, next, to)
	if err != nil {
		return false, err
	}
	if err := ix.writeBackfill(ctx, docs, to+1); err != nil {
		return false, err
	}
	if to == end {
		ix.built.Store(true)
		ix.log.Info("store: search index built", "requests", end)
	}
	return to < end, nil
}

// backfillDocs returns the documents of requests from..to that the index
// lacks.
func (ix *searchIndexer) backfillDocs(ctx context.Context, from, to int64) ([]indexedDoc, error) {
	have := map[int64]bool{}
	rows, err := ix.db.QueryContext(ctx, `SELECT number FROM search_docs WHERE number BETWEEN $1 AND $2`, from, to)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = ix.s.rdb.QueryContext(ctx, `SELECT r.number, t.pub, t.priv FROM requests r
		LEFT JOIN request_terms t ON t.number = r.number WHERE r.number BETWEEN $1 AND $2 ORDER BY r.number`, from, to)
	if err != nil {
		return nil, err
	}
	var docs []indexedDoc
	var whole []int64
	for rows.Next() {
		var d indexedDoc
		var pub, priv sql.NullString
		if err := rows.Scan(&d.number, &pub, &priv); err != nil {
			rows.Close()
			return nil, err
		}
		switch {
		case have[d.number]:
		case pub.Valid:
			d.pub, d.priv = pub.String, priv.String
			docs = append(docs, d)
		default:
			whole = append(whole, d.number)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range whole { // no stored terms: analysed from its messages
		d, err := ix.s.wholeDoc(ctx, ix.s.rdb, n)
		if err != nil {
			return nil, err
		}
		docs = append(docs, indexedDoc{number: n, pub: joinTerms(d.pub), priv: joinTerms(d.priv)})
	}
	return docs, nil
}

// writeBackfill writes backfilled docs and moves the backfill to next.
func (ix *searchIndexer) writeBackfill(ctx context.Context, docs []indexedDoc, next int64) error {
	if err := ix.write(ctx, docs, 0); err != nil {
		return err
	}
	_, err := ix.db.ExecContext(ctx, `UPDATE search_state SET backfill_next = $1`, next)
	return err
}

// WaitSearchIndex waits until the search index holds every request and every
// change committed before the call: on SQLite, until a search file being
// built again (see above) is complete and the indexer has caught up; on
// PostgreSQL, whose index is written with each change, or with no indexer
// running, it returns at once.
func (s *Store) WaitSearchIndex(ctx context.Context) error {
	if s.search == nil || !s.search.run.Load() {
		return nil // PostgreSQL, or no indexer (not migrated): nothing will change
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		var seq int64
		if err := s.rdb.QueryRowContext(ctx, `SELECT seq FROM search_seq`).Scan(&seq); err != nil {
			return fmt.Errorf("store: wait for the search index: %w", err)
		}
		if s.search.built.Load() && s.search.applied.Load() >= seq {
			return nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
