package smtpd_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/smtpd"
	"guichet/internal/store"
)

// The kill test runs the listener in a child process (this test binary, with
// GUICHET_KILL_CHILD set) and SIGKILLs it between DATA and the answer: just
// as the message starts being stored, or right after it is committed. Either
// way the message must be fully stored or not at all, and "250" must never
// have been seen for a message that is not stored. A resend then leaves
// exactly one copy.

const killEnv = "GUICHET_KILL_CHILD"

// hookIngester tells the parent when storing starts and ends.
type hookIngester struct {
	in    *mail.Ingester
	after bool // stall after the commit instead of answering
}

func (h hookIngester) Ingest(ctx context.Context, env mail.Envelope, raw []byte) (*store.IngestResult, error) {
	fmt.Println("INGEST")
	res, err := h.in.Ingest(ctx, env, raw)
	if err == nil && h.after {
		fmt.Println("COMMITTED")
		time.Sleep(time.Hour)
	}
	return res, err
}

func TestKillMidIngestChild(t *testing.T) {
	if os.Getenv(killEnv) == "" {
		t.Skip("runs only as the child of TestKillMidIngest")
	}
	st, err := store.Open(ctx, os.Getenv("GUICHET_KILL_DB"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	domains, _ := mail.ParseDomains("example.com")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	in := hookIngester{in: &mail.Ingester{Store: st, Domains: domains, Logger: log}, after: os.Getenv(killEnv) == "after"}
	srv := smtpd.New(smtpd.Config{Domains: domains}, in, log)
	_ = srv.ListenAndServe(ctx, func(a net.Addr) { fmt.Println("ADDR " + a.String()) })
}

func TestKillMidIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "guichet.db")
	st, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	st.Close()
	trials := []struct {
		mode  string
		delay time.Duration
	}{{"before", 0}, {"before", 200 * time.Microsecond}, {"before", time.Millisecond}, {"before", 3 * time.Millisecond},
		{"before", 8 * time.Millisecond}, {"after", 0}}
	for i, tr := range trials {
		t.Run(fmt.Sprintf("%s+%s", tr.mode, tr.delay), func(t *testing.T) {
			from := fmt.Sprintf("k%d@client.example", i)
			msg := message(fmt.Sprintf("kill-%d@client.example", i), from, "support@example.com", "Crash test",
				"Attachment follows.")
			acked := runAndKill(t, dbPath, tr.mode, tr.delay, from, msg)
			stored := checkAllOrNothing(t, dbPath, from, msg)
			t.Logf("killed %s: 250 seen %v, stored %v", tr.mode, acked, stored)
			if acked && !stored {
				t.Fatal("250 was answered for a message that is not stored")
			}
			if tr.mode == "after" && !stored {
				t.Fatal("a committed message was lost")
			}
			resend(t, dbPath, from, msg)
			if n := countRequests(t, dbPath, from); n != 1 {
				t.Fatalf("after a resend: %d requests, want exactly 1", n)
			}
		})
	}
}

// runAndKill starts the child, sends msg and kills the child at the chosen
// moment; it reports whether the client saw 250.
func runAndKill(t *testing.T, dbPath, mode string, delay time.Duration, from, msg string) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidIngestChild$")
	cmd.Env = append(os.Environ(), killEnv+"="+mode, "GUICHET_KILL_DB="+dbPath)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	addr := waitLine(t, lines, "ADDR ")
	sent := make(chan error, 1)
	go func() {
		d := &deskSMTP{addr: strings.TrimPrefix(addr, "ADDR ")}
		sent <- d.send(from, []string{"support@example.com"}, msg)
	}()
	marker := "INGEST"
	if mode == "after" {
		marker = "COMMITTED"
	}
	waitLine(t, lines, marker)
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	return <-sent == nil
}

func waitLine(t *testing.T, lines <-chan string, prefix string) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("child ended before %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-timeout:
			t.Fatalf("no %q from the child", prefix)
		}
	}
}

// checkAllOrNothing reopens the database after the crash and reports whether
// the message is stored; it fails the test if it is stored only in part.
func checkAllOrNothing(t *testing.T, dbPath, from, msg string) bool {
	t.Helper()
	st, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.PersonByEmail(ctx, desk.SystemActor, from)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID})
	if err != nil || len(page.Requests) != 1 {
		t.Fatalf("person without exactly one request: %v %v", page, err)
	}
	d, err := st.Request(ctx, desk.SystemActor, page.Requests[0].Number)
	if err != nil || len(d.Messages) != 1 || d.Messages[0].Body != "Attachment follows." {
		t.Fatalf("partial request: %+v %v", d, err)
	}
	raw, err := st.MailOriginal(ctx, desk.SystemActor, d.Messages[0].ID)
	if err != nil {
		t.Fatalf("raw message missing: %v", err)
	}
	defer raw.Close()
	b, _ := io.ReadAll(raw)
	if strings.TrimRight(string(b), "\r\n") != strings.TrimRight(msg, "\r\n") {
		t.Fatalf("raw message differs:\n%q\n%q", b, msg)
	}
	return true
}

// resend delivers msg again to an in-process listener on the same database.
func resend(t *testing.T, dbPath, from, msg string) {
	t.Helper()
	st, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	domains, _ := mail.ParseDomains("example.com")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := smtpd.New(smtpd.Config{Domains: domains}, &mail.Ingester{Store: st, Domains: domains, Logger: log}, log)
	addr, stop, err := srv.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	d := &deskSMTP{addr: addr}
	if err := d.send(from, []string{"support@example.com"}, msg); err != nil {
		t.Fatalf("resend: %v", err)
	}
}

func countRequests(t *testing.T, dbPath, from string) int {
	t.Helper()
	st, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.PersonByEmail(ctx, desk.SystemActor, from)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Requests)
}
