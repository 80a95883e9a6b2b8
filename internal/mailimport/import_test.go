package mailimport_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/mailimport"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func message(n int) string {
	return fmt.Sprintf("From: Old Client <old%d@client.example>\nTo: support@example.com\nSubject: Archive %d\n"+
		"Message-ID: <archive-%d@client.example>\n\nBody %d.\n>From the archives, with love.\n", n%3, n, n, n)
}

// writeMbox writes n messages in mboxrd form.
func writeMbox(t *testing.T, path string, from, to int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := from; i < to; i++ {
		body := strings.ReplaceAll(message(i), "\n>From ", "\n>>From ")
		fmt.Fprintf(f, "From old%d@client.example Mon Mar  3 10:00:00 2025\n%s\n", i%3, body)
	}
}

func importer(st *store.Store, in mailimport.Ingester) *mailimport.Importer {
	if in == nil {
		domains, _ := mail.ParseDomains("example.com")
		in = &mail.Ingester{Store: st, Domains: domains, Logger: quiet, NoAck: true}
	}
	return &mailimport.Importer{Ingester: in, Positions: st, Logger: quiet, Progress: io.Discard}
}

// failAfter stores n messages, then fails as a database going down would.
type failAfter struct {
	in mailimport.Ingester
	n  int
}

func (f *failAfter) Ingest(ctx context.Context, env mail.Envelope, raw []byte) (*store.IngestResult, error) {
	if f.n == 0 {
		return nil, errors.New("database is down")
	}
	f.n--
	return f.in.Ingest(ctx, env, raw)
}

func total(t *testing.T, st *store.Store) int {
	t.Helper()
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Requests)
}

func TestImportMbox(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st := e.Open(t)
			path := filepath.Join(t.TempDir(), "archive.mbox")
			writeMbox(t, path, 0, 12)
			t.Run("InterruptedImportResumesWithoutDuplicates", func(t *testing.T) {
				real := importer(st, nil).Ingester
				res, err := importer(st, &failAfter{in: real, n: 5}).Import(ctx, path)
				if err == nil || res.Messages != 5 {
					t.Fatalf("first run: %+v %v", res, err)
				}
				res, err = importer(st, nil).Import(ctx, path)
				if err != nil || !res.Resumed || res.Messages != 7 || res.Duplicates != 0 {
					t.Fatalf("resumed run: %+v %v", res, err)
				}
				if n := total(t, st); n != 12 {
					t.Fatalf("%d requests, want 12", n)
				}
			})
			t.Run("MessagesAreReadWhole", func(t *testing.T) {
				p, err := st.PersonByEmail(ctx, desk.SystemActor, "old1@client.example")
				if err != nil {
					t.Fatal(err)
				}
				page, _ := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID})
				d, err := st.Request(ctx, desk.SystemActor, page.Requests[0].Number)
				if err != nil || !strings.HasPrefix(d.Messages[0].Body, "Body ") {
					t.Fatalf("body %q %v", d.Messages[0].Body, err)
				}
				rc, err := st.MailOriginal(ctx, desk.SystemActor, d.Messages[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(rc)
				rc.Close()
				if !bytes.Contains(raw, []byte("\n>From the archives")) || bytes.Contains(raw, []byte(">>From")) ||
					bytes.HasPrefix(raw, []byte("From ")) {
					t.Fatalf("raw message not unescaped exactly once:\n%s", raw)
				}
			})
			t.Run("GrownFileImportsOnlyTheNewMessages", func(t *testing.T) {
				writeMbox(t, path, 12, 15)
				res, err := importer(st, nil).Import(ctx, path)
				if err != nil || res.Messages != 3 || total(t, st) != 15 {
					t.Fatalf("%+v %v, %d requests", res, err, total(t, st))
				}
			})
			t.Run("RestartRecognisesEveryDuplicate", func(t *testing.T) {
				im := importer(st, nil)
				im.Restart = true
				res, err := im.Import(ctx, path)
				if err != nil || res.Duplicates != 15 || res.Created != 0 || total(t, st) != 15 {
					t.Fatalf("%+v %v", res, err)
				}
			})
			t.Run("ImportedMailIsNeverAcknowledged", func(t *testing.T) {
				if n, _, err := st.MailBacklog(ctx); err != nil || n != 0 {
					t.Fatalf("outbox backlog %d %v", n, err)
				}
			})
		})
	}
}

func TestImportMaildir(t *testing.T) {
	st := storetest.Engines(t)[0].Open(t)
	dir := t.TempDir()
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	put := func(sub string, n int) {
		name := fmt.Sprintf("17000000%02d.M%dP1.host:2,S", n, n)
		if err := os.WriteFile(filepath.Join(dir, sub, name), []byte(message(n)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	put("cur", 1)
	put("new", 2)
	put("cur", 3)
	res, err := importer(st, nil).Import(ctx, dir)
	if err != nil || res.Messages != 3 || res.Created != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	put("new", 4)
	res, err = importer(st, nil).Import(ctx, dir)
	if err != nil || res.Messages != 1 || total(t, st) != 4 {
		t.Fatalf("second import %+v %v", res, err)
	}
	if _, err := importer(st, nil).Import(ctx, filepath.Join(dir, "nothing")); err == nil {
		t.Fatal("missing path accepted")
	}
	var buf bytes.Buffer
	im := importer(st, nil)
	im.Progress, im.Restart = &buf, true
	if _, err := im.Import(ctx, dir); err != nil || !strings.Contains(buf.String(), "100.0%") {
		t.Fatalf("progress %q %v", buf.String(), err)
	}
}
