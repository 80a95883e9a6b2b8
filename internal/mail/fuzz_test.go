package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds the parser arbitrary bytes, seeded with the corpus: it must
// never panic, and what it returns must always be safe to store and show.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("From: a@b.example\n\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\n\n--x\n--x--"))
	f.Add([]byte{0xff, 0xfe, 0x00, '\n', '\n'})
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(raw, ParseOptions{MaxPartBytes: 1 << 16})
		if m.MessageID == "" {
			t.Fatal("no message id")
		}
		for _, s := range []string{m.Text, m.Quoted, m.HTML, m.Subject, m.From.Name} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("invalid text %q", s)
			}
		}
		if strings.Contains(strings.ToLower(m.HTML), "<script") {
			t.Fatalf("script kept: %q", m.HTML)
		}
		for _, a := range m.Attachments {
			if a.Filename == "" || strings.ContainsAny(a.Filename, "/\\") {
				t.Fatalf("unsafe attachment name %q", a.Filename)
			}
		}
	})
}
