package store

import "context"

// CountRows returns the number of rows of a table, for tests that check that
// a failed write left nothing behind.
func (s *Store) CountRows(t interface{ Fatal(...any) }, table string) int {
	var n int
	if err := s.rdb.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BlobDir returns the attachments directory.
func (s *Store) BlobDir() string { return s.blobs.Dir() }
