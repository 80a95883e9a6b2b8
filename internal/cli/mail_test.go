package cli

import (
	"bytes"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// relayRecorder is a loopback SMTP relay keeping what `guichet serve` sends.
type relayRecorder struct {
	mu  sync.Mutex
	got []string
}

func (r *relayRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

type relaySession struct{ r *relayRecorder }

func (relaySession) Reset()                               {}
func (relaySession) Logout() error                        { return nil }
func (relaySession) Mail(string, *smtp.MailOptions) error { return nil }
func (relaySession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s relaySession) Data(rd io.Reader) error {
	var b bytes.Buffer
	_, err := b.ReadFrom(rd)
	s.r.mu.Lock()
	s.r.got = append(s.r.got, b.String())
	s.r.mu.Unlock()
	return err
}

// TestServeMail runs `guichet serve --demo` with its SMTP listener and a
// relay: a mail to billing@example.com opens a request in Facturation, and
// its acknowledgement reaches the relay.
func TestServeMail(t *testing.T) {
	rec := &relayRecorder{}
	relay := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return relaySession{rec}, nil }))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go relay.Serve(ln)
	defer relay.Close()

	e := newTestEnv(t)
	smtpAddr := freeAddr(t)
	base, logs, stop := e.serve("--demo", "-smtp-addr", smtpAddr, "-smtp-relay", "smtp://"+ln.Addr().String()+"?tls=none")
	defer stop()
	tok := regexp.MustCompile(`api_token=(\S+)`).FindStringSubmatch(logs.String())
	if tok == nil {
		t.Fatalf("no token:\n%s", logs.String())
	}
	msg := "From: Nadia Roy <nadia@client.example>\r\nTo: billing@example.com\r\nSubject: Facture 2231 en double\r\n" +
		"Message-ID: <nadia-1@client.example>\r\n\r\nBonjour, j'ai reçu la facture 2231 deux fois. Merci de vérifier.\r\n"
	c, err := smtp.Dial(smtpAddr)
	if err != nil {
		t.Fatal(err)
	}
	err = c.SendMail("nadia@client.example", []string{"billing@example.com"}, strings.NewReader(msg))
	c.Close()
	if err != nil {
		t.Fatalf("send: %v\n%s", err, logs.String())
	}
	code, page := call(t, "GET", base+"/api/v1/requests?q=facture%202231&limit=10", tok[1], nil)
	reqs, _ := page["requests"].([]any)
	if code != 200 || len(reqs) != 1 {
		t.Fatalf("search after 250: %d %v", code, page)
	}
	r := reqs[0].(map[string]any)
	if r["channel"] != "email" || r["department"] != "Facturation" {
		t.Fatalf("request %v", r)
	}
	deadline := time.Now().Add(15 * time.Second)
	for acked := false; !acked; {
		for _, m := range rec.all() {
			acked = acked || strings.Contains(m, "nadia@client.example") && strings.Contains(m, "Bonjour Nadia Roy,")
		}
		if !acked && time.Now().After(deadline) {
			t.Fatalf("no acknowledgement at the relay (%d mails):\n%s", len(rec.all()), logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(b), "guichet_mail_outbox_queued") {
		t.Fatal("/metrics lacks the outbox backlog")
	}
}

// TestImportMail imports an mbox twice: the second run has nothing left to do.
func TestImportMail(t *testing.T) {
	e := newTestEnv(t)
	path := filepath.Join(t.TempDir(), "old.mbox")
	mbox := "From a@client.example Mon Mar  3 10:00:00 2025\nFrom: a@client.example\nTo: billing@example.com\n" +
		"Subject: Old one\nMessage-ID: <old-1@client.example>\n\nHello.\n\n" +
		"From b@client.example Mon Mar  3 11:00:00 2025\nFrom: b@client.example\nTo: it@example.com\n" +
		"Subject: Old two\nMessage-ID: <old-2@client.example>\n\nHi.\n"
	if err := os.WriteFile(path, []byte(mbox), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := e.run("", "import", "mail", "--mail-domains", "example.com", path)
	if err != nil || !strings.Contains(out, "2 messages") || !strings.Contains(out, "2 new requests") {
		t.Fatalf("first import: %q %v", out, err)
	}
	out, err = e.run("", "import", "mail", path, "--mail-domains", "example.com")
	if err != nil || !strings.Contains(out, "0 messages") || !strings.Contains(out, "(resumed)") {
		t.Fatalf("second import: %q %v", out, err)
	}
	if _, err := e.run("", "import", "mail"); err == nil {
		t.Fatal("import without a path accepted")
	}
}

// A mail carrying an attachment of the largest size allowed is taken, though
// base64 makes it a third larger than the attachment itself.
func TestServeMailTakesAnAttachmentAtTheLimit(t *testing.T) {
	e := newTestEnv(t)
	smtpAddr := freeAddr(t)
	base, logs, stop := e.serve("--demo", "-smtp-addr", smtpAddr, "-max-attachment-bytes", "65536")
	defer stop()
	tok := regexp.MustCompile(`api_token=(\S+)`).FindStringSubmatch(logs.String())
	if tok == nil {
		t.Fatalf("no token:\n%s", logs.String())
	}
	file := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("bon de livraison "), 65000/17))
	var lines []string
	for len(file) > 76 {
		lines, file = append(lines, file[:76]), file[76:]
	}
	lines = append(lines, file)
	msg := "From: Nadia Roy <nadia@client.example>\r\nTo: billing@example.com\r\nSubject: Bon de livraison 4471\r\n" +
		"Message-ID: <nadia-att@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe bon de livraison est joint.\r\n" +
		"--b\r\nContent-Type: application/pdf; name=bon.pdf\r\nContent-Disposition: attachment; filename=bon.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + strings.Join(lines, "\r\n") + "\r\n--b--\r\n"
	if len(msg) <= 65536 {
		t.Fatalf("the mail (%d bytes) should be larger than the attachment limit", len(msg))
	}
	c, err := smtp.Dial(smtpAddr)
	if err != nil {
		t.Fatal(err)
	}
	err = c.SendMail("nadia@client.example", []string{"billing@example.com"}, strings.NewReader(msg))
	c.Close()
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	code, page := call(t, "GET", base+"/api/v1/requests?q=livraison%204471&limit=10", tok[1], nil)
	if reqs, _ := page["requests"].([]any); code != 200 || len(reqs) != 1 {
		t.Fatalf("search after 250: %d %v", code, page)
	}
}
