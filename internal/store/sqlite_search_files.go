package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
)

// searchPath returns the search file's path for the main database's.
func searchPath(main string) string {
	ext := filepath.Ext(main)
	return strings.TrimSuffix(main, ext) + ".search" + ext
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
