package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// SQLite checkpoints (copying the write-ahead log into the database file)
// happen off the single writer: by default the connection that commits past
// 1,000 WAL pages copies them itself, inside its commit, so every ingest
// waiting on the writer waited for it too (10% of the writer's time under
// mail ingest). A checkpointer with a connection of its own copies the log
// in the background instead (PASSIVE: it never blocks the writer or the
// readers); the writer checkpoints itself only if the log outgrows
// writerCheckpointPages, should the background fall behind.

// checkpointInterval is how often the checkpointer copies the log.
const checkpointInterval = 200 * time.Millisecond

// writerCheckpointPages is the writer's own wal_autocheckpoint.
const writerCheckpointPages = 10_000

type checkpointer struct {
	mu   sync.Mutex // held while a checkpoint runs, and while paused
	db   *sql.DB
	log  *slog.Logger
	quit chan struct{}
	done chan struct{}
	once sync.Once
}

// startCheckpointer opens the checkpointer's connection with dsn and starts
// it; it fails if the database cannot be reached.
func startCheckpointer(ctx context.Context, dsn string, log *slog.Logger) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("checkpointer: %w", err)
	}
	c := &checkpointer{db: db, log: log, quit: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c, nil
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
			c.mu.Lock()
			_, err := c.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			c.mu.Unlock()
			if err != nil {
				c.log.Warn("store: background checkpoint", "err", err)
			}
		}
	}
}

// pause holds the checkpointer until the returned function is called.
func (c *checkpointer) pause() (resume func()) {
	c.mu.Lock()
	return c.mu.Unlock
}

// stop stops the checkpointer and closes its connection; again, it does
// nothing.
func (c *checkpointer) stop() error {
	var err error
	c.once.Do(func() {
		close(c.quit)
		<-c.done
		err = c.db.Close()
	})
	return err
}
