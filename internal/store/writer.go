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
// a queue and runs up to maxBatch of them in one transaction. A failing
// operation gets its error alone (the batch runs again with a savepoint per
// operation, see run); the others commit together, with one durable sync for
// all.
type writer struct {
	db     *sql.DB
	log    *slog.Logger
	queue  chan writeOp
	quit   chan struct{}
	exited chan struct{} // closed when loop has returned
	wg     sync.WaitGroup
	once   sync.Once

	committed func() // if set, called after each commit (by the loop: set before the first write)
}

func newWriter(db *sql.DB, log *slog.Logger) *writer {
	w := &writer{db: db, log: log, queue: make(chan writeOp, 4*maxBatch),
		quit: make(chan struct{}), exited: make(chan struct{})}
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
	select {
	case err := <-op.done:
		return err
	case <-w.exited: // the loop finishes every operation it takes before it returns
		select {
		case err := <-op.done:
			return err
		default:
			return errClosed
		}
	}
}

func (w *writer) stop() {
	w.once.Do(func() { close(w.quit) })
	w.wg.Wait()
}

func (w *writer) loop() {
	defer w.wg.Done()
	defer close(w.exited)
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
// It first runs the operations one after the other with no savepoints,
// which costs SQLite nothing per operation. If one fails, its partial writes
// are mixed with the others', so the transaction is rolled back and the
// batch runs again with each operation in its own savepoint (operations may
// be run again: see txFunc); a batch of one just reports its error.
func (w *writer) run(batch []writeOp) {
	errs, failed, err := w.attempt(batch, false)
	if err == nil && failed && len(batch) > 1 {
		errs, _, err = w.attempt(batch, true)
	}
	if err != nil {
		w.fail(batch, err)
		return
	}
	for i, op := range batch {
		op.done <- errs[i]
	}
}

// attempt runs batch in one transaction, each operation in a savepoint when
// isolated. It commits unless an operation failed without isolation (then
// it rolls back and reports failed). err is an error of the transaction
// itself, which fails every operation.
func (w *writer) attempt(batch []writeOp, isolated bool) (errs []error, failed bool, err error) {
	errs = make([]error, len(batch))
	tx, err := w.db.BeginTx(context.Background(), nil)
	if err != nil {
		return nil, false, fmt.Errorf("begin: %w", err)
	}
	for i, op := range batch {
		if errs[i] = op.ctx.Err(); errs[i] != nil {
			continue // given up on before its turn: skipped, nothing written
		}
		errs[i] = w.runOne(tx, op, isolated)
		if errs[i] != nil && !isolated {
			_ = tx.Rollback()
			return errs, true, nil
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("commit: %w", err)
	}
	if w.committed != nil {
		w.committed()
	}
	return errs, false, nil
}

// runOne runs op in tx, inside a savepoint when isolated. Statements use a
// context that keeps op's values but not its cancellation: interrupting a
// statement could roll back the whole shared transaction.
func (w *writer) runOne(tx *sql.Tx, op writeOp, isolated bool) error {
	ctx := context.WithoutCancel(op.ctx)
	if !isolated {
		return op.fn(ctx, tx)
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT op"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	err := op.fn(ctx, tx)
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO op"); rerr != nil {
			w.log.Error("store: rollback to savepoint", "err", rerr)
		}
	}
	if _, rerr := tx.ExecContext(ctx, "RELEASE op"); rerr != nil && err == nil {
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
