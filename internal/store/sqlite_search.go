package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// On SQLite the full-text index lives in a database file of its own beside
// the main one (guichet.db → guichet.search.db), written by an indexer with
// its own connection: FTS5's segment writes and merges were a quarter of the
// single writer's time per API creation, and the writer was the limit. The
// writer now only stores a request's terms (request_terms, searchterms.go)
// with a sequence number one above the last given (search_seq); the indexer
// applies every row numbered above the last it applied, in transactions of
// its own, and keeps that mark in the search file, so that a crash on either
// side loses nothing (a change applied twice gives the same row). A search
// first waits until the index holds every change committed before it
// (caughtUp): a request is found as soon as its creation has returned. The
// read connections attach the file as "search"; its tables' names are unique,
// so the queries name them plainly.
//
// The search file holds only what can be derived again: when it is missing
// (deleted, or a database from before it), it is created and every request
// is indexed again in the background (backfill), from its stored terms, or
// from its subject and messages when it has none.

// searchBatch bounds the changes applied per indexer transaction.
const searchBatch = 2000

// searchPoll is how often the indexer looks for changes nobody announced
// (written by another process, such as `guichet demo`).
const searchPoll = time.Second

// searchWait bounds how long a search waits for the index to catch up.
const searchWait = 5 * time.Second

const searchSchema = `
CREATE VIRTUAL TABLE IF NOT EXISTS request_search USING fts5 (
    pub, priv,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS search_docs (number INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS search_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    applied_seq    INTEGER NOT NULL,
    backfill_next  INTEGER NOT NULL,
    backfill_end   INTEGER NOT NULL
);`

// searchPath returns the search file's path for the main database's.
func searchPath(main string) string {
	ext := filepath.Ext(main)
	return strings.TrimSuffix(main, ext) + ".search" + ext
}

// searchIndexer applies stored terms to the search file.
type searchIndexer struct {
	s     *Store
	db    *sql.DB // the search file: one connection
	log   *slog.Logger
	kick  chan struct{} // changes were committed
	hurry chan struct{} // a search waits
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
	run   atomic.Bool // the loop has started

	waiting atomic.Int32 // searches waiting for the index

	applied atomic.Int64 // highest seq applied
	mu      sync.Mutex
	moved   chan struct{} // closed when applied moves
}

// openSearchIndex opens (creating if needed) the search file at path. Its
// commits are not synced (synchronous NORMAL): a crash may lose the last
// ones, but each holds its mark with its rows, so what is lost is applied
// again from the main database, which is synced.
func openSearchIndex(ctx context.Context, s *Store, path string) (*searchIndexer, error) {
	db := sql.OpenDB(stmtConnector{dsn: "file:" + path + "?_busy_timeout=10000&_journal_mode=WAL&_synchronous=NORMAL" +
		"&_txlock=immediate&_pragma=cache_size(-2048)", drv: &sqlite.Driver{}})
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	ix := &searchIndexer{s: s, db: db, log: s.log, kick: make(chan struct{}, 1), hurry: make(chan struct{}, 1), quit: make(chan struct{}),
		done: make(chan struct{}), moved: make(chan struct{})}
	if err := ix.create(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("search index %s: %w", path, err)
	}
	return ix, nil
}

// create makes the search file's tables and, for a new file, its state: the
// merge settings (see below) and a backfill of every request.
func (ix *searchIndexer) create(ctx context.Context) error {
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, searchSchema); err != nil {
		return err
	}
	var applied int64
	err = tx.QueryRowContext(ctx, `SELECT applied_seq FROM search_state`).Scan(&applied)
	if err == nil {
		ix.applied.Store(applied)
		return tx.Commit()
	}
	if !isNoRows(err) {
		return err
	}
	// FTS5 merges sixteen segments at a time rather than four, which rewrites
	// every term half as often over a million requests; a level is merged
	// whole in one commit (a "crisis merge", seconds long at that size) only
	// past 64 segments, so merging proceeds in automerge's small steps.
	for _, set := range []string{`('automerge', 16)`, `('crisismerge', 64)`} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_search (request_search, rank) VALUES `+set); err != nil {
			return err
		}
	}
	// Backfill runs from request 1 to the last one so far, when the loop starts.
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_state (id, applied_seq, backfill_next, backfill_end)
		VALUES (1, 0, 1, -1)`); err != nil {
		return err
	}
	return tx.Commit()
}

// start starts the loop, once the main database is migrated, after
// checking that the search file is not ahead of it (see reconcile).
func (ix *searchIndexer) start(ctx context.Context) error {
	if ix.run.Load() {
		return nil
	}
	if err := ix.reconcile(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if ix.run.CompareAndSwap(false, true) {
		go ix.loop()
	}
	return nil
}

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
	return nil
}

func (ix *searchIndexer) stop() error {
	ix.once.Do(func() { close(ix.quit) })
	if ix.run.Load() {
		<-ix.done
	}
	return ix.db.Close()
}

// notify tells the loop that changes were committed.
func (ix *searchIndexer) notify() {
	select {
	case ix.kick <- struct{}{}:
	default:
	}
}

func (ix *searchIndexer) loop() {
	defer close(ix.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-ix.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	t := time.NewTicker(searchPoll)
	defer t.Stop()
	for {
		if ix.catchUp(ctx) {
			continue
		}
		select {
		case <-ix.kick:
		case <-ix.hurry:
		case <-t.C:
		case <-ix.quit:
			return
		}
		if !ix.linger() {
			return
		}
	}
}

// searchLinger is how long the indexer lets changes gather before applying
// them, unless a search waits: FTS5 writes each transaction's terms as a
// segment, later merged, so a few large transactions cost much less than
// many small ones.
const searchLinger = 50 * time.Millisecond

// linger waits searchLinger or until a search waits; false when stopping.
func (ix *searchIndexer) linger() bool {
	if ix.waiting.Load() > 0 {
		return true
	}
	t := time.NewTimer(searchLinger)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ix.hurry:
	case <-ix.quit:
		return false
	}
	return true
}

// catchUp applies pending changes, then one step of any backfill; it
// reports whether the backfill has more to do.
func (ix *searchIndexer) catchUp(ctx context.Context) bool {
	for {
		n, err := ix.apply(ctx)
		if err != nil {
			if ctx.Err() == nil {
				ix.log.Error("store: search index", "err", err)
			}
			return false
		}
		if n < searchBatch {
			break
		}
	}
	more, err := ix.backfill(ctx)
	if err != nil && ctx.Err() == nil {
		ix.log.Error("store: search index backfill", "err", err)
		return false
	}
	return more
}

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

// backfillChunk bounds the requests a backfill step indexes.
const backfillChunk = 500

// backfill indexes the next requests of a backfill not yet indexed, and
// reports whether more remain. Their terms are read now, so that a request
// changed meanwhile is indexed as it is (and again by apply, harmlessly).
func (ix *searchIndexer) backfill(ctx context.Context) (bool, error) {
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

// load indexes new requests directly (the bulk loader's, which stores no
// terms), in one transaction.
func (ix *searchIndexer) load(ctx context.Context, docs []indexedDoc) error {
	if err := ix.write(ctx, docs, 0); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// caughtUp waits until the index holds every change committed before the
// call, or searchWait has passed (then the search runs on what it holds). It
// returns at once when the loop is not running.
func (ix *searchIndexer) caughtUp(ctx context.Context) error {
	if !ix.run.Load() {
		return nil
	}
	var want int64
	if err := ix.s.rdb.QueryRowContext(ctx, `SELECT seq FROM search_seq`).Scan(&want); err != nil {
		return err
	}
	if ix.applied.Load() >= want {
		return nil
	}
	ix.waiting.Add(1)
	defer ix.waiting.Add(-1)
	select {
	case ix.hurry <- struct{}{}:
	default:
	}
	timer := time.NewTimer(searchWait)
	defer timer.Stop()
	for {
		ix.mu.Lock()
		moved := ix.moved
		ix.mu.Unlock()
		if ix.applied.Load() >= want {
			return nil
		}
		select {
		case <-moved:
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			ix.log.Warn("store: searching an index that is behind", "applied", ix.applied.Load(), "committed", want)
			return nil
		}
	}
}

// attachingConnector opens read connections with the search file attached
// as "search".
type attachingConnector struct {
	dsn, search string
	drv         *sqlite.Driver
}

func (c attachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, errors.New("store: the SQLite driver cannot attach the search file")
	}
	if _, err := ex.ExecContext(ctx, `ATTACH DATABASE ? AS search`,
		[]driver.NamedValue{{Ordinal: 1, Value: c.search}}); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: attach the search file: %w", err)
	}
	// Half of a reader's page cache (see openSQLite): the search file's
	// default cache, beside the main file's, made searches a third slower.
	if _, err := ex.ExecContext(ctx, `PRAGMA search.cache_size = -4096`, nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: attach the search file: %w", err)
	}
	return conn, nil
}

func (c attachingConnector) Driver() driver.Driver { return c.drv }

// SQLiteFiles returns the files a SQLite database at path keeps: the main
// file and the search file, each with its write-ahead log and shared memory.
func SQLiteFiles(path string) []string {
	var files []string
	for _, f := range []string{path, searchPath(path)} {
		files = append(files, f, f+"-wal", f+"-shm")
	}
	return files
}

// WaitSearchIndex waits until the search index holds every request and every
// change committed before the call: on SQLite, until a search file being
// built again (see above) is complete and the indexer has caught up; on
// PostgreSQL, whose index is written with each change, it returns at once.
func (s *Store) WaitSearchIndex(ctx context.Context) error {
	if s.search == nil {
		return nil
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		var next, end, seq int64
		err := s.rdb.QueryRowContext(ctx, `SELECT st.backfill_next, st.backfill_end, q.seq
			FROM search_state st CROSS JOIN search_seq q`).Scan(&next, &end, &seq)
		if err != nil {
			return fmt.Errorf("store: wait for the search index: %w", err)
		}
		if end >= 0 && next > end && s.search.applied.Load() >= seq {
			return nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
