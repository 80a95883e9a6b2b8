package blob

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func TestPut(t *testing.T) {
	t.Run("stores content once and reads it back", func(t *testing.T) {
		s, err := New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		sha, size, created, err := s.Put(strings.NewReader("bonjour"), 100)
		if err != nil || size != 7 || !created {
			t.Fatalf("Put = %s %d %v %v", sha, size, created, err)
		}
		sha2, _, created2, err := s.Put(strings.NewReader("bonjour"), 100)
		if err != nil || sha2 != sha || created2 {
			t.Fatalf("second Put = %s %v %v, want same sha, not created", sha2, created2, err)
		}
		f, err := s.Open(sha)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		if string(b) != "bonjour" {
			t.Fatalf("content = %q", b)
		}
		if _, err := os.Stat(filepath.Join(s.Dir(), sha[:2], sha[2:4], sha)); err != nil {
			t.Fatalf("not at the content address: %v", err)
		}
	})
	t.Run("refuses content over the limit and leaves nothing", func(t *testing.T) {
		s, _ := New(t.TempDir())
		_, _, _, err := s.Put(bytes.NewReader(make([]byte, 11)), 10)
		if desk.ErrorCode(err) != desk.CodeTooLarge {
			t.Fatalf("err = %v, want too_large", err)
		}
		left, _ := os.ReadDir(filepath.Join(s.Dir(), "tmp"))
		if len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
	t.Run("accepts content exactly at the limit", func(t *testing.T) {
		s, _ := New(t.TempDir())
		if _, _, _, err := s.Put(bytes.NewReader(make([]byte, 10)), 10); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOpenRemove(t *testing.T) {
	s, _ := New(t.TempDir())
	t.Run("path traversal is not found", func(t *testing.T) {
		for _, bad := range []string{"../../etc/passwd", "", strings.Repeat("g", 64), strings.Repeat("A", 64)} {
			if _, err := s.Open(bad); desk.ErrorCode(err) != desk.CodeNotFound {
				t.Errorf("Open(%q) = %v, want not_found", bad, err)
			}
		}
	})
	t.Run("removed content is gone", func(t *testing.T) {
		sha, _, _, _ := s.Put(strings.NewReader("x y"), 10)
		if err := s.Remove(sha); err != nil {
			t.Fatal(err)
		}
		if s.Exists(sha) {
			t.Fatal("still exists")
		}
		if _, err := s.Open(sha); desk.ErrorCode(err) != desk.CodeNotFound {
			t.Fatalf("Open after Remove = %v", err)
		}
		if err := s.Remove(sha); err != nil {
			t.Fatalf("second Remove = %v", err)
		}
	})
}
