package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// TestCachingConn runs statements through the write connection's statement
// cache on a real SQLite file: results are those of unprepared statements,
// whatever the order of use.
func TestCachingConn(t *testing.T) {
	ctx := context.Background()
	db := openCachingSQLite("file:" + filepath.Join(t.TempDir(), "c.db") + "?_journal_mode=WAL")
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	insert := `INSERT INTO t (id, v) VALUES ($1, $2)`
	for i := 1; i <= 3; i++ {
		if _, err := db.ExecContext(ctx, insert, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("the same query run while its rows are being read", func(t *testing.T) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		q := `SELECT v FROM t WHERE id >= $1 ORDER BY id`
		outer, err := tx.QueryContext(ctx, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for outer.Next() {
			var v string
			if err := outer.Scan(&v); err != nil {
				t.Fatal(err)
			}
			var inner string
			if err := tx.QueryRowContext(ctx, q, 3).Scan(&inner); err != nil || inner != "v3" {
				t.Fatalf("inner query: %q, %v", inner, err)
			}
			got = append(got, v)
		}
		if err := outer.Err(); err != nil || fmt.Sprint(got) != "[v1 v2 v3]" {
			t.Fatalf("outer rows %v, %v", got, err)
		}
	})

	t.Run("a statement that failed runs again", func(t *testing.T) {
		if _, err := db.ExecContext(ctx, insert, 4, "v1"); err == nil {
			t.Fatal("a duplicate value was accepted")
		}
		if _, err := db.ExecContext(ctx, insert, 4, "v4"); err != nil {
			t.Fatalf("after a failure: %v", err)
		}
		if n := count(t, db); n != 4 {
			t.Fatalf("%d rows, want 4", n)
		}
	})

	t.Run("more statements than the cache holds", func(t *testing.T) {
		for i := 0; i < 2*maxConnStmts; i++ {
			var n int
			if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) + %d FROM t`, i)).Scan(&n); err != nil || n != 4+i {
				t.Fatalf("query %d: %d, %v", i, n, err)
			}
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		err = conn.Raw(func(dc any) error {
			if n := dc.(*cachingConn).lru.Len(); n > maxConnStmts {
				return fmt.Errorf("%d statements kept, bound %d", n, maxConnStmts)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func count(t *testing.T, db *sql.DB) int {
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM t`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
