package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// RawInsertRate measures the engine's raw durable single-row insert rate: n
// inserts of one small row into a scratch table, each its own committed
// transaction on the write path, one after another. It returns rows per
// second, or the first insert's error. The scratch rows are deleted after.
// SQLite's background checkpointer is paused meanwhile, so that the figure
// is the engine's own single-row rate, never lowered by the checkpoints'
// disk syncs competing with the inserts' (the baseline stays the best).
func (s *Store) RawInsertRate(ctx context.Context, n int) (float64, error) {
	if n <= 0 {
		return 0, errors.New("store: raw insert rate: n must be positive")
	}
	if s.ckpt != nil {
		defer s.ckpt.pause()()
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := s.wdb.ExecContext(ctx, `INSERT INTO raw_insert_scratch (note) VALUES ($1)`, "raw insert probe"); err != nil {
			return 0, fmt.Errorf("store: raw insert rate: %w", err)
		}
	}
	elapsed := time.Since(start)
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM raw_insert_scratch`); err != nil {
		return 0, fmt.Errorf("store: raw insert rate: %w", err)
	}
	return float64(n) / elapsed.Seconds(), nil
}
