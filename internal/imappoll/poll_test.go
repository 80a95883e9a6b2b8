package imappoll_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"guichet/internal/desk"
	"guichet/internal/imappoll"
	"guichet/internal/mail"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// imapServer runs go-imap's in-memory server on loopback with one user,
// support@example.com, whose INBOX and Archive exist.
type imapServer struct {
	addr string
	user *imapmemserver.User
}

func newIMAPServer(t *testing.T) *imapServer {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("support@example.com", "s3cret")
	for _, m := range []string{"INBOX", "Archive"} {
		if err := user.Create(m, nil); err != nil {
			t.Fatal(err)
		}
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		InsecureAuth: true,
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		Logger:       discardLogger{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &imapServer{addr: ln.Addr().String(), user: user}
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

// deliver appends messages to a mailbox over IMAP, as a mail server would.
func (s *imapServer) deliver(t *testing.T, mailbox string, raws ...string) {
	t.Helper()
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("support@example.com", "s3cret").Wait(); err != nil {
		t.Fatal(err)
	}
	for _, raw := range raws {
		cmd := c.Append(mailbox, int64(len(raw)), nil)
		if _, err := io.WriteString(cmd, raw); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
}

// count returns the number of messages in a mailbox.
func (s *imapServer) count(t *testing.T, mailbox string) uint32 {
	t.Helper()
	data, err := s.user.Status(mailbox, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		t.Fatal(err)
	}
	return *data.NumMessages
}

func msg(n int, from string) string {
	return fmt.Sprintf("From: %s\r\nTo: billing@example.com\r\nSubject: Question %d\r\nMessage-ID: <imap-%d@client.example>\r\n\r\nBody %d.\r\n",
		from, n, n, n)
}

func poller(s *imapServer, st *store.Store, query string) *imappoll.Poller {
	acct, err := imappoll.ParseAccount("imap://support%40example.com:s3cret@" + s.addr + "/INBOX?tls=none" + query)
	if err != nil {
		panic(err)
	}
	domains, _ := mail.ParseDomains("example.com")
	return &imappoll.Poller{Account: acct, Positions: st, Logger: quiet,
		Ingester: &mail.Ingester{Store: st, Domains: domains, Logger: quiet}}
}

func requestsOf(t *testing.T, st *store.Store, email string) int {
	t.Helper()
	p, err := st.PersonByEmail(ctx, desk.SystemActor, email)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Requests)
}

func poll(t *testing.T, p *imappoll.Poller, want int) {
	t.Helper()
	n, err := p.Poll(ctx)
	if err != nil || n != want {
		t.Fatalf("poll: %d messages, %v; want %d", n, err, want)
	}
}

func TestIMAPPolling(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Run("ImportsNewMessagesOnceAndMovesThem", func(t *testing.T) {
				st, srv := e.Open(t), newIMAPServer(t)
				srv.deliver(t, "INBOX", msg(1, "ann@client.example"), msg(2, "ann@client.example"))
				p := poller(srv, st, "&after=move:Archive")
				poll(t, p, 2)
				if got := requestsOf(t, st, "ann@client.example"); got != 2 {
					t.Fatalf("%d requests", got)
				}
				if srv.count(t, "INBOX") != 0 || srv.count(t, "Archive") != 2 {
					t.Fatalf("inbox %d archive %d", srv.count(t, "INBOX"), srv.count(t, "Archive"))
				}
				srv.deliver(t, "INBOX", msg(3, "ann@client.example"))
				poll(t, poller(srv, st, "&after=move:Archive"), 1) // a new poller: as after a restart
				poll(t, p, 0)
			})
			t.Run("RestartsNeitherSkipNorReimport", func(t *testing.T) {
				st, srv := e.Open(t), newIMAPServer(t)
				srv.deliver(t, "INBOX", msg(10, "bo@client.example"), msg(11, "bo@client.example"))
				poll(t, poller(srv, st, "&after=seen"), 2)
				poll(t, poller(srv, st, "&after=seen"), 0)
				srv.deliver(t, "INBOX", msg(12, "bo@client.example"))
				poll(t, poller(srv, st, ""), 1)
				if got := requestsOf(t, st, "bo@client.example"); got != 3 || srv.count(t, "INBOX") != 3 {
					t.Fatalf("%d requests, %d in INBOX", got, srv.count(t, "INBOX"))
				}
			})
			t.Run("NewUIDValidityRereadsWithoutDuplicates", func(t *testing.T) {
				st, srv := e.Open(t), newIMAPServer(t)
				srv.deliver(t, "INBOX", msg(20, "cy@client.example"))
				poll(t, poller(srv, st, ""), 1)
				if err := srv.user.Delete("INBOX"); err != nil {
					t.Fatal(err)
				}
				if err := srv.user.Create("INBOX", nil); err != nil {
					t.Fatal(err)
				}
				srv.deliver(t, "INBOX", msg(20, "cy@client.example"), msg(21, "cy@client.example"))
				poll(t, poller(srv, st, ""), 2)
				if got := requestsOf(t, st, "cy@client.example"); got != 2 {
					t.Fatalf("%d requests, want 2 (one duplicate recognised)", got)
				}
			})
			t.Run("StoreFailureLeavesThePositionForTheNextPoll", func(t *testing.T) {
				st, srv := e.Open(t), newIMAPServer(t)
				srv.deliver(t, "INBOX", msg(30, "di@client.example"))
				failing := poller(srv, st, "&after=delete")
				failing.Ingester = failIngester{}
				if _, err := failing.Poll(ctx); err == nil {
					t.Fatal("poll succeeded although nothing could be stored")
				}
				if srv.count(t, "INBOX") != 1 {
					t.Fatal("a message that was not stored was deleted")
				}
				poll(t, poller(srv, st, "&after=delete"), 1)
				if srv.count(t, "INBOX") != 0 || requestsOf(t, st, "di@client.example") != 1 {
					t.Fatal("not imported after the failure")
				}
			})
		})
	}
}

// failIngester refuses every message, as a store that is down would.
type failIngester struct{}

func (failIngester) Ingest(context.Context, mail.Envelope, []byte) (*store.IngestResult, error) {
	return nil, fmt.Errorf("database is down")
}

func TestParseAccount(t *testing.T) {
	a, err := imappoll.ParseAccount("imaps://help%40example.com:p%40ss@mail.example.com/Support?after=move:Done")
	if err != nil || a.Addr != "mail.example.com:993" || a.TLS != "tls" || a.Password != "p@ss" ||
		a.Mailbox != "Support" || a.Address != "help@example.com" || a.After != "move:Done" {
		t.Fatalf("%+v %v", a, err)
	}
	for _, bad := range []string{"http://x/y", "imap://host/INBOX", "imap://u:p@h/INBOX?after=burn", "imap://u:p@h/?tls=maybe"} {
		if _, err := imappoll.ParseAccount(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestIMAPRouting(t *testing.T) {
	st, srv := storetest.Engines(t)[0].Open(t), newIMAPServer(t)
	billing := desk.Department{Slug: "billing", Name: "Billing"}
	if err := st.CreateDepartment(ctx, desk.SystemActor, &billing); err != nil {
		t.Fatal(err)
	}
	bcc := "From: ed@client.example\r\nTo: someone@client.example\r\nSubject: Bcc\r\nMessage-ID: <bcc@client.example>\r\n\r\nHi.\r\n"
	srv.deliver(t, "INBOX", msg(40, "ed@client.example"), bcc)
	poll(t, poller(srv, st, ""), 2)
	p, err := st.PersonByEmail(ctx, desk.SystemActor, "ed@client.example")
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID})
	if err != nil || len(page.Requests) != 2 {
		t.Fatalf("%v %v", page, err)
	}
	got := map[string]string{}
	for _, r := range page.Requests {
		got[r.Subject] = r.Department
	}
	if got["Question 40"] != "Billing" || got["Bcc"] != "Front desk" {
		t.Fatalf("routing %v: To: billing@ goes to Billing, a Bcc to support@ to the front desk", got)
	}
}
