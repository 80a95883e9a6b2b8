package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
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
	built   atomic.Bool  // no backfill left: the loop stops reading its state

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
