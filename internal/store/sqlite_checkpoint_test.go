package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackgroundCheckpoint: what the writer commits reaches the database
// file while the store stays open, copied there by the checkpointer rather
// than by the writer (whose own checkpoint waits for a far larger log).
func TestBackgroundCheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	note := strings.Repeat("x", 100_000)
	for i := 0; i < 40; i++ { // 4 MB: a quarter of the writer's own threshold
		err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO raw_insert_scratch (note) VALUES ($1)`, note)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for fileSize(t, path) < before+3_000_000 {
		if time.Now().After(deadline) {
			t.Fatalf("the database file grew from %d to %d bytes: the log was not checkpointed", before, fileSize(t, path))
		}
		time.Sleep(20 * time.Millisecond) // the checkpointer runs every checkpointInterval
	}
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
