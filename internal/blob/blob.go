// Package blob keeps attachment contents on disk, addressed by their SHA-256:
// the same content is stored once, at <dir>/ab/cd/<sha256 hex>.
package blob

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"guichet/internal/desk"
)

// Store is a directory of content-addressed files. It is safe for concurrent use.
type Store struct {
	dir string
}

// New returns a Store rooted at dir, creating the directory if needed. It fails
// if the directory cannot be created.
func New(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("blob: empty directory")
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir returns the root directory.
func (s *Store) Dir() string { return s.dir }

// Put stores the content of r and returns its SHA-256 (hex), its size and
// whether this call created the file (false when the content was already
// stored). The file is written to a temporary name, synced, then linked into
// place, so a reader never sees a partial file. Content over max bytes is a
// desk CodeTooLarge error and stores nothing; other failures are wrapped I/O
// errors.
func (s *Store) Put(r io.Reader, max int64) (sha string, size int64, created bool, err error) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "put-*")
	if err != nil {
		return "", 0, false, fmt.Errorf("blob: put: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, max+1))
	if err != nil {
		return "", 0, false, fmt.Errorf("blob: put: %w", err)
	}
	if size > max {
		return "", 0, false, &desk.Error{Code: desk.CodeTooLarge, Field: "attachments",
			Message: "attachment is larger than the limit"}
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, false, fmt.Errorf("blob: put: %w", err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	created, err = s.link(tmp.Name(), sha)
	if err != nil {
		return "", 0, false, err
	}
	return sha, size, created, nil
}

// link gives the temporary file its final name; false when it already exists.
func (s *Store) link(tmp, sha string) (bool, error) {
	final := s.path(sha)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return false, fmt.Errorf("blob: put: %w", err)
	}
	err := os.Link(tmp, final)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("blob: put: %w", err)
	}
	syncDir(filepath.Dir(final))
	return true, nil
}

// Open opens the content with the given SHA-256. An unknown or malformed sha
// is a desk CodeNotFound error.
func (s *Store) Open(sha string) (*os.File, error) {
	if !validSHA(sha) {
		return nil, desk.NotFound("attachment content")
	}
	f, err := os.Open(s.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, desk.NotFound("attachment content")
	}
	if err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	return f, nil
}

// Exists reports whether content with the given SHA-256 is stored.
func (s *Store) Exists(sha string) bool {
	if !validSHA(sha) {
		return false
	}
	_, err := os.Stat(s.path(sha))
	return err == nil
}

// Remove deletes the content with the given SHA-256. Removing content that is
// not stored is not an error; a malformed sha is CodeNotFound.
func (s *Store) Remove(sha string) error {
	if !validSHA(sha) {
		return desk.NotFound("attachment content")
	}
	err := os.Remove(s.path(sha))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: remove: %w", err)
	}
	return nil
}

func (s *Store) path(sha string) string {
	return filepath.Join(s.dir, sha[0:2], sha[2:4], sha)
}

func validSHA(sha string) bool {
	if len(sha) != 64 {
		return false
	}
	for _, c := range sha {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// syncDir makes a new directory entry durable; errors are ignored because
// some file systems cannot sync directories.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
