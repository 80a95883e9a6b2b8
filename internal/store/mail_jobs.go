package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/stdlib"
)

// Tx is a store write transaction, handed to a JobEnqueuer so that a job is
// inserted atomically with the change that causes it.
type Tx struct {
	// SQL is the transaction. On SQLite a job library writes through it
	// directly (River's riversqlite driver takes a *sql.Tx).
	SQL  *sql.Tx
	conn *sql.Conn // PostgreSQL: the connection running SQL
}

// Raw runs f with the driver connection that runs the transaction (on
// PostgreSQL a *stdlib.Conn, whose pgx connection is inside the transaction),
// for job libraries that speak the driver's own API. It fails on SQLite,
// where SQL is all they need.
func (t Tx) Raw(f func(driverConn any) error) error {
	if t.conn == nil {
		return errors.New("store: no driver connection for this transaction")
	}
	return t.conn.Raw(f)
}

// JobEnqueuer inserts the delivery jobs of outbox mail inside the store's own
// write transaction (see internal/jobs and internal/outbox).
type JobEnqueuer interface {
	// EnqueueMailTx inserts one delivery job per outbox id in tx; an error
	// rolls back the whole change.
	EnqueueMailTx(ctx context.Context, tx Tx, outboxIDs []int64) error
}

// mailState is the store's part of the email channel.
type mailState struct {
	enqueuer atomic.Pointer[enqueuerBox]
	kick     chan struct{} // SQLite: outbox rows await their delivery jobs (see MailQueued)

	readsOnce sync.Once
	reads     *mailReads // mail_read.go
}

type enqueuerBox struct{ e JobEnqueuer }

// SetJobEnqueuer makes every later outbox write insert its delivery job in
// the same transaction; nil goes back to leaving jobs to the sweep
// (EnqueuePendingMail).
func (s *Store) SetJobEnqueuer(e JobEnqueuer) {
	if e == nil {
		s.mail.enqueuer.Store(nil)
		return
	}
	s.mail.enqueuer.Store(&enqueuerBox{e})
}

func (s *Store) mailEnqueuer() JobEnqueuer {
	if b := s.mail.enqueuer.Load(); b != nil {
		return b.e
	}
	return nil
}

// enqueueMail inserts the delivery job of outbox mail id. On PostgreSQL it
// does so in the change's own transaction. On SQLite it only signals
// MailQueued: the outbox row commits with the change, and the outbox's
// enqueue loop inserts the jobs of every waiting row with one statement
// right after (EnqueuePendingMail), marking them in the same transaction.
// Measured on the single SQLite writer, River's insert inside every change
// cost a fifth of the writer's time (mostly parsing River's statement); in
// one statement per sweep it costs next to nothing. A row is never lost
// between the two: the sweep at start-up and every minute finds it.
func (s *Store) enqueueMail(ctx context.Context, tx *sql.Tx, enq JobEnqueuer, id int64) error {
	if s.writer != nil {
		return nil
	}
	return enq.EnqueueMailTx(ctx, s.jobTx(ctx, tx), []int64{id})
}

// MailQueued returns a channel that receives (coalesced) when outbox mail
// waits for its delivery job: the outbox answers with EnqueuePendingMail.
// It never fires on PostgreSQL, where jobs are inserted with the change.
func (s *Store) MailQueued() <-chan struct{} { return s.mail.kick }

// signalQueued wakes the enqueue loop (never blocks).
func (s *Store) signalQueued() {
	select {
	case s.mail.kick <- struct{}{}:
	default:
	}
}

// connKey carries the *sql.Conn of a PostgreSQL write transaction.
type connKey struct{}

// jobTx wraps tx for a JobEnqueuer, with its connection on PostgreSQL.
func (s *Store) jobTx(ctx context.Context, tx *sql.Tx) Tx {
	c, _ := ctx.Value(connKey{}).(*sql.Conn)
	return Tx{SQL: tx, conn: c}
}

// JobDB returns the database handle a job library should use on SQLite: the
// store's single write connection, so that the library's writes queue behind
// the store's instead of failing with SQLITE_BUSY. It returns nil on
// PostgreSQL (use PostgresURL).
func (s *Store) JobDB() *sql.DB {
	if !s.sqlite() {
		return nil
	}
	return s.wdb
}

// PostgresURL returns the connection string the store was opened with on
// PostgreSQL (for a job library's own pool), "" on SQLite, or the error met
// while asking a connection for it.
func (s *Store) PostgresURL(ctx context.Context) (string, error) {
	if s.sqlite() {
		return "", nil
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("store: postgres url: %w", err)
	}
	defer conn.Close()
	var url string
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		url = c.Conn().Config().ConnString()
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: postgres url: %w", err)
	}
	return url, nil
}
