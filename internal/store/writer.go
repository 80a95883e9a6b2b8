package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
)

// maxBatch bounds how many write operations share one SQLite transaction.
const maxBatch = 64

// txFunc is one write operation. It runs inside a transaction (on SQLite,
// inside its own savepoint of a transaction shared with other operations) and
// must touch nothing outside the database: it may be rolled back, and on
// PostgreSQL retried.
type txFunc func(ctx context.Context, tx *sql.Tx) error

type writeOp struct {
	ctx  context.Context
	fn   txFunc
	done chan error
}

// writer is SQLite's group commit: one goroutine takes pending operations from
// a queue and runs up to maxBatch of them in one transaction, each inside its
// own savepoint. A failing operation rolls back to its savepoint and gets its
// error alone; the others commit together, with one durable sync for all.
type writer struct {
	db    *sql.DB
	cache *stmtCache
	log   *slog.Logger
	queue chan writeOp
	quit  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

func newWriter(db *sql.DB, log *slog.Logger) *writer {
	w := &writer{db: db, cache: newStmtCache(db), log: log, queue: make(chan writeOp, 4*maxBatch), quit: make(chan struct{})}
	w.wg.Add(1)
	go w.loop()
	return w
}

// do queues fn and waits until its transaction is committed (nil) or fn or the
// commit failed (the error). Once queued, fn runs even if ctx is cancelled
// meanwhile, so that a caller never returns while its write may still commit;
// it is skipped if ctx is already done when its turn comes.
func (w *writer) do(ctx context.Context, fn txFunc) error {
	op := writeOp{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.queue <- op:
	case <-ctx.Done():
		return ctx.Err()
	case <-w.quit:
		return errClosed
	}
	return <-op.done
}

func (w *writer) stop() {
	w.once.Do(func() { close(w.quit) })
	w.wg.Wait()
	w.cache.close()
}

func (w *writer) loop() {
	defer w.wg.Done()
	batch := make([]writeOp, 0, maxBatch)
	for {
		select {
		case op := <-w.queue:
			batch = append(batch[:0], op)
		case <-w.quit:
			w.drain()
			return
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case op := <-w.queue:
				batch = append(batch, op)
			default:
				break fill
			}
		}
		w.run(batch)
		w.cache.prepare(context.Background())
	}
}

// drain fails whatever is still queued at shutdown.
func (w *writer) drain() {
	for {
		select {
		case op := <-w.queue:
			op.done <- errClosed
		default:
			return
		}
	}
}

// run executes one batch in one transaction and reports to every caller.
func (w *writer) run(batch []writeOp) {
	errs := make([]error, len(batch))
	tx, err := w.db.BeginTx(context.Background(), nil)
	if err != nil {
		w.fail(batch, fmt.Errorf("begin: %w", err))
		return
	}
	for i, op := range batch {
		errs[i] = w.runOne(tx, op)
	}
	if err := tx.Commit(); err != nil {
		w.fail(batch, fmt.Errorf("commit: %w", err))
		return
	}
	for i, op := range batch {
		op.done <- errs[i]
	}
}

// runOne runs op inside a savepoint of tx. Statements use a context that keeps
// op's values but not its cancellation: interrupting a statement could roll
// back the whole shared transaction.
func (w *writer) runOne(tx *sql.Tx, op writeOp) error {
	if err := op.ctx.Err(); err != nil {
		return err
	}
	ctx := context.WithoutCancel(op.ctx)
	q := cachedTx{c: w.cache, tx: tx}
	if _, err := q.ExecContext(ctx, "SAVEPOINT op"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	err := op.fn(ctx, tx)
	if err != nil {
		if _, rerr := q.ExecContext(ctx, "ROLLBACK TO op"); rerr != nil {
			w.log.Error("store: rollback to savepoint", "err", rerr)
		}
	}
	if _, rerr := q.ExecContext(ctx, "RELEASE op"); rerr != nil && err == nil {
		err = fmt.Errorf("release savepoint: %w", rerr)
	}
	return err
}

func (w *writer) fail(batch []writeOp, err error) {
	w.log.Error("store: write batch failed", "ops", len(batch), "err", err)
	for _, op := range batch {
		op.done <- err
	}
}
