package smtpd_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"guichet/internal/desk"
	"guichet/internal/smtpd"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// stored reports whether anything was stored from sender: a person, hence a
// request, exists only once a message of theirs was committed.
func (d *deskSMTP) stored(t *testing.T, sender string) bool {
	t.Helper()
	_, err := d.st.PersonByEmail(ctx, desk.SystemActor, sender)
	if err != nil && desk.ErrorCode(err) != desk.CodeNotFound {
		t.Fatal(err)
	}
	return err == nil
}

// longLineMessage has 3,000-byte header lines and an HTML body whose single
// line is bodyLine bytes long, ending with a marker.
func longLineMessage(id, from string, bodyLine int) string {
	refs := make([]string, 0, 120)
	for i := 0; len(strings.Join(refs, " ")) < 3000; i++ {
		refs = append(refs, fmt.Sprintf("<old-%d@client.example>", i))
	}
	subject := "Facture " + strings.Repeat("très longue ", 250) // ~3,000 bytes on one line
	cell := "<td onclick=\"alert(1)\">ligne</td><script>alert(2)</script>"
	html := "<html><body><table><tr>" + strings.Repeat(cell, bodyLine/len(cell)) + "</tr></table><p>FIN-DU-MESSAGE</p></body></html>"
	return fmt.Sprintf("From: %s\r\nTo: billing@example.com\r\nSubject: %s\r\nMessage-ID: <%s>\r\nReferences: %s\r\n"+
		"X-Long: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s\r\n",
		from, subject, id, strings.Join(refs, " "), strings.Repeat("x", 3000), html)
}

func TestListenerLongLines(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			d := startOn(t, e.OpenWith(t, store.Options{MaxAttachmentBytes: 4 << 20}), smtpd.Config{MaxMessageBytes: 2 << 20})
			t.Run("LongHeaderAndBodyLinesAreStored", func(t *testing.T) {
				from := "long@client.example"
				if err := d.send(from, []string{"billing@example.com"}, longLineMessage("long-1@client.example", from, 50_000)); err != nil {
					t.Fatalf("a 3,000-byte header line and a 50,000-byte body line must be accepted: %v", err)
				}
				reqs := d.requestFor(t, from)
				if len(reqs) != 1 || reqs[0].Department != "Billing" || !strings.HasPrefix(reqs[0].Subject, "Facture très longue") {
					t.Fatalf("requests %+v", reqs)
				}
				det, err := d.st.Request(ctx, desk.SystemActor, reqs[0].Number)
				if err != nil {
					t.Fatal(err)
				}
				m := det.Messages[0]
				if !strings.Contains(m.Body, "FIN-DU-MESSAGE") || strings.Contains(m.BodyHTML, "<script") ||
					strings.Contains(m.BodyHTML, "onclick") {
					t.Fatalf("the long HTML line must be kept, sanitised: text %q…, html %q…", cut(m.Body), cut(m.BodyHTML))
				}
			})
			t.Run("HugeHeaderIsKeptWhole", func(t *testing.T) {
				from := "headers@client.example"
				var b strings.Builder
				fmt.Fprintf(&b, "From: %s\r\nTo: support@example.com\r\nSubject: Gros en-tête\r\nMessage-ID: <huge-hdr@client.example>\r\n", from)
				for i := 0; b.Len() < 300<<10; i++ { // past what the MIME reader takes (256 KiB of header)
					fmt.Fprintf(&b, "X-Filler-%d: %s\r\n", i, strings.Repeat("y", 3000))
				}
				b.WriteString("\r\nLe corps du message.\r\n")
				if err := d.send(from, []string{"support@example.com"}, b.String()); err != nil {
					t.Fatal(err)
				}
				reqs := d.requestFor(t, from)
				if len(reqs) != 1 || reqs[0].Subject != "Gros en-tête" {
					t.Fatalf("requests %+v", reqs)
				}
				det, err := d.st.Request(ctx, desk.SystemActor, reqs[0].Number)
				if err != nil || len(det.Messages[0].Attachments) == 0 {
					t.Fatalf("an unreadable header keeps the raw message attached: %+v %v", det, err)
				}
			})
			// The refusal arrives after the sender has written it all, whether the
			// message goes on long after the limit or ends just past it.
			for _, size := range []int{100_000, 66_000} {
				t.Run(fmt.Sprintf("ErrLineOverTheLimitRefusedClearly/%d", size), func(t *testing.T) {
					from := fmt.Sprintf("endless-%d@client.example", size)
					err := d.send(from, []string{"billing@example.com"}, longLineMessage(fmt.Sprintf("long-%d@client.example", size), from, size))
					var se *smtp.SMTPError
					if !errors.As(err, &se) || se.Code != 554 || !strings.Contains(se.Message, "longer than 65536 bytes") {
						t.Fatalf("a %d-byte line: want 554 naming the limit, got %v", size, err)
					}
					if d.stored(t, from) {
						t.Fatal("a refused message was stored")
					}
				})
			}
		})
	}
}

func cut(s string) string { return s[:min(len(s), 200)] }

func TestListenerSizeLimit(t *testing.T) {
	d := start(t, storetest.Engines(t)[0], smtpd.Config{MaxMessageBytes: 32 << 10})
	big := message("big-2@x", "big@client.example", "support@example.com", "big", strings.Repeat("0123456789abcdef\r\n", 4<<10))
	t.Run("StreamedPastTheLimit", func(t *testing.T) {
		err := d.send("big@client.example", []string{"support@example.com"}, big)
		var se *smtp.SMTPError
		if !errors.As(err, &se) || se.Code != 552 || se.EnhancedCode != (smtp.EnhancedCode{5, 3, 4}) {
			t.Fatalf("want 552 5.3.4, got %v", err)
		}
	})
	t.Run("DeclaredSizePastTheLimit", func(t *testing.T) {
		c, err := smtp.Dial(d.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		err = c.Mail("big@client.example", &smtp.MailOptions{Size: int64(len(big))})
		if smtpCode(err) != 552 {
			t.Fatalf("MAIL FROM with SIZE=%d: want 552, got %v", len(big), err)
		}
	})
	if d.stored(t, "big@client.example") {
		t.Fatal("a message over the size limit was stored")
	}
}

func TestListenerRecipientLimit(t *testing.T) {
	d := start(t, storetest.Engines(t)[0], smtpd.Config{MaxRecipients: 3})
	c, err := smtp.Dial(d.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("many@client.example", nil); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		err := c.Rcpt(fmt.Sprintf("team%d@example.com", i), nil)
		switch {
		case i <= 3 && err != nil:
			t.Fatalf("recipient %d refused: %v", i, err)
		case i == 4 && smtpCode(err) != 452:
			t.Fatalf("recipient 4 of a limit of 3: want 452, got %v", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, message("many-1@client.example", "many@client.example", "team1@example.com", "Hello", "Hi."))
	if err := w.Close(); err != nil {
		t.Fatalf("the message to the first 3 recipients: %v", err)
	}
	if n := len(d.requestFor(t, "many@client.example")); n != 1 {
		t.Fatalf("%d requests", n)
	}
}

func TestListenerIdleTimeout(t *testing.T) {
	d := start(t, storetest.Engines(t)[0], smtpd.Config{ReadTimeout: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", d.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second)) // a safety net only: the server must act first
	tp := textproto.NewConn(conn)
	if _, _, err := tp.ReadResponse(220); err != nil {
		t.Fatal(err)
	}
	// Say nothing: the listener must give up on us.
	code, msg, err := tp.ReadResponse(421)
	if err != nil {
		t.Fatalf("an idle client: want 421, got %d %q %v", code, msg, err)
	}
	if _, err := tp.ReadLine(); !errors.Is(err, io.EOF) {
		t.Fatalf("want the connection closed after 421, got %v", err)
	}
}

// fakeAddr makes a loopback listener look bound to another address.
type fakeAddr struct {
	net.Listener
	addr net.Addr
}

func (f fakeAddr) Addr() net.Addr { return f.addr }

// authInClear tries AUTH PLAIN without TLS in a raw conversation and returns
// the server's code and whether EHLO offered AUTH.
func authInClear(t *testing.T, addr string) (int, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tp := textproto.NewConn(conn)
	if _, _, err := tp.ReadResponse(220); err != nil {
		t.Fatal(err)
	}
	if err := tp.PrintfLine("EHLO relay.example"); err != nil {
		t.Fatal(err)
	}
	_, caps, err := tp.ReadResponse(250)
	if err != nil {
		t.Fatal(err)
	}
	if err := tp.PrintfLine("AUTH PLAIN %s", base64.StdEncoding.EncodeToString([]byte("\x00relay\x00s3cret"))); err != nil {
		t.Fatal(err)
	}
	code, _, _ := tp.ReadResponse(0)
	return code, strings.Contains(caps, "AUTH PLAIN")
}

func TestListenerAuthInClearOnlyOnLoopback(t *testing.T) {
	e := storetest.Engines(t)[0]
	users := map[string]string{"relay": "s3cret"}
	t.Run("LoopbackWithoutTLS", func(t *testing.T) {
		d := start(t, e, smtpd.Config{Users: users})
		if code, offered := authInClear(t, d.addr); code != 235 || !offered {
			t.Fatalf("on loopback without TLS: want AUTH offered and 235, got %d (offered %v)", code, offered)
		}
	})
	t.Run("ErrOtherAddressWithoutTLS", func(t *testing.T) {
		public := &net.TCPAddr{IP: net.ParseIP("192.0.2.25"), Port: 25}
		d := startWith(t, e.Open(t), smtpd.Config{Users: users},
			func(ln net.Listener) net.Listener { return fakeAddr{ln, public} })
		if code, offered := authInClear(t, d.addr); code != 523 || offered {
			t.Fatalf("bound to %s without TLS: want AUTH not offered and 523, got %d (offered %v)", public, code, offered)
		}
	})
}
