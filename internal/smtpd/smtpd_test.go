package smtpd_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/smtpd"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

// desk is a running listener on a real store.
type deskSMTP struct {
	st   *store.Store
	addr string
}

// start runs a listener for example.com on a fresh store of engine e.
func start(t *testing.T, e storetest.Engine, cfg smtpd.Config) *deskSMTP {
	t.Helper()
	st := e.OpenWith(t, store.Options{MaxAttachmentBytes: 64 << 10})
	return startOn(t, st, cfg)
}

func startOn(t *testing.T, st *store.Store, cfg smtpd.Config) *deskSMTP {
	t.Helper()
	return startWith(t, st, cfg, nil)
}

// startWith is startOn with the listener seen through wrap (nil: as is).
func startWith(t *testing.T, st *store.Store, cfg smtpd.Config, wrap func(net.Listener) net.Listener) *deskSMTP {
	t.Helper()
	billing := desk.Department{Slug: "billing", Name: "Billing"}
	if err := st.CreateDepartment(ctx, desk.SystemActor, &billing); err != nil {
		t.Fatal(err)
	}
	domains, _ := mail.ParseDomains("example.com")
	cfg.Domains = domains
	if cfg.MaxMessageBytes == 0 {
		cfg.MaxMessageBytes = 64 << 10
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	in := &mail.Ingester{Store: st, Domains: domains, Logger: log}
	srv := smtpd.New(cfg, in, log)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if wrap != nil {
		ln = wrap(ln)
	}
	c, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(c, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &deskSMTP{st: st, addr: addr}
}

func message(id, from, to, subject, body string) string {
	return fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		from, to, subject, id, body)
}

// send delivers one message over SMTP and returns the server's verdict.
func (d *deskSMTP) send(from string, to []string, msg string) error {
	c, err := smtp.Dial(d.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SendMail(from, to, strings.NewReader(msg)); err != nil {
		return err
	}
	return c.Quit()
}

func smtpCode(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// requestFor returns the request a Message-ID was stored in.
func (d *deskSMTP) requestFor(t *testing.T, sender string) []desk.Request {
	t.Helper()
	p, err := d.st.PersonByEmail(ctx, desk.SystemActor, sender)
	if err != nil {
		t.Fatalf("no person %s: %v", sender, err)
	}
	page, err := d.st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return page.Requests
}

func TestListener(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			d := start(t, e, smtpd.Config{})
			t.Run("StoredBefore250InAddressedDepartment", func(t *testing.T) {
				err := d.send("zoe@client.example", []string{"billing@example.com"},
					message("s1@client.example", "Zoé <zoe@client.example>", "billing@example.com", "Invoice 12", "Wrong amount."))
				if err != nil {
					t.Fatal(err)
				}
				reqs := d.requestFor(t, "zoe@client.example")
				if len(reqs) != 1 || reqs[0].Department != "Billing" || reqs[0].Channel != desk.ChannelEmail {
					t.Fatalf("requests %+v", reqs)
				}
			})
			t.Run("MappedAddressLandsInItsDepartment", func(t *testing.T) {
				billing, err := d.st.DepartmentBySlug(ctx, "billing")
				if err != nil {
					t.Fatal(err)
				}
				if err := d.st.AddMailAddress(ctx, desk.SystemActor, &desk.MailAddress{Address: "factures", DepartmentID: billing.ID}); err != nil {
					t.Fatal(err)
				}
				err = d.send("remi@client.example", []string{"factures@example.com"},
					message("alias-1@client.example", "Rémi <remi@client.example>", "factures@example.com", "Facture 88", "Montant erroné."))
				if err != nil {
					t.Fatal(err)
				}
				if reqs := d.requestFor(t, "remi@client.example"); len(reqs) != 1 || reqs[0].Department != "Billing" {
					t.Fatalf("mail to factures@ (mapped to billing): requests %+v", reqs)
				}
				err = d.send("remi@client.example", []string{"ventes@example.com"},
					message("alias-2@client.example", "remi@client.example", "ventes@example.com", "Devis", "Un devis?"))
				if err != nil {
					t.Fatal(err)
				}
				if reqs := d.requestFor(t, "remi@client.example"); len(reqs) != 2 || reqs[0].Department != "Front desk" {
					t.Fatalf("mail to an unmapped address goes to the front desk: %+v", reqs)
				}
			})
			t.Run("PlusAddressReplyJoinsTheRequest", func(t *testing.T) {
				n := d.requestFor(t, "zoe@client.example")[0].Number
				to := fmt.Sprintf("support+%d@example.com", n)
				if err := d.send("zoe@client.example", []string{to},
					message("s2@client.example", "zoe@client.example", to, "Re: Invoice 12", "Any news?")); err != nil {
					t.Fatal(err)
				}
				det, err := d.st.Request(ctx, desk.SystemActor, n)
				if err != nil || len(det.Messages) != 2 {
					t.Fatalf("messages %v %v", det, err)
				}
			})
			t.Run("RetriedMessageIsStoredOnce", func(t *testing.T) {
				msg := message("s3@client.example", "yan@client.example", "support@example.com", "Hello", "Hi.")
				for i := 0; i < 3; i++ {
					if err := d.send("yan@client.example", []string{"support@example.com"}, msg); err != nil {
						t.Fatal(err)
					}
				}
				if reqs := d.requestFor(t, "yan@client.example"); len(reqs) != 1 {
					t.Fatalf("%d requests", len(reqs))
				}
			})
			t.Run("ErrRelayDenied", func(t *testing.T) {
				err := d.send("x@client.example", []string{"someone@elsewhere.example"}, message("r@x", "x@client.example", "a", "b", "c"))
				if smtpCode(err) != 550 {
					t.Fatalf("err %v", err)
				}
			})
			t.Run("ErrTooLarge", func(t *testing.T) {
				body := strings.Repeat("0123456789012345678901234567890123456789\r\n", 2<<10)
				err := d.send("x@client.example", []string{"support@example.com"}, message("big@x", "x@client.example", "a", "big", body))
				if smtpCode(err) != 552 {
					t.Fatalf("err %v", err)
				}
			})
			t.Run("HostileMailIsStoredSafelyAndTheListenerCarriesOn", func(t *testing.T) {
				hostile := "From: <script>@evil\r\nSubject: =?bogus?Q?x?=\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n<script>alert(1)</script>\r\n"
				if err := d.send("evil@evil.example", []string{"support@example.com"}, hostile); err != nil {
					t.Fatal(err)
				}
				reqs := d.requestFor(t, "evil@evil.example")
				det, err := d.st.Request(ctx, desk.SystemActor, reqs[0].Number)
				if err != nil || strings.Contains(det.Messages[0].BodyHTML, "<script") || len(det.Messages[0].Attachments) == 0 {
					t.Fatalf("hostile message %+v %v", det.Messages, err)
				}
			})
			t.Run("ConcurrentSendersAllStored", func(t *testing.T) {
				var wg sync.WaitGroup
				errs := make(chan error, 40)
				for s := 0; s < 8; s++ {
					wg.Add(1)
					go func(s int) {
						defer wg.Done()
						for i := 0; i < 5; i++ {
							from := fmt.Sprintf("c%d@load.example", s)
							errs <- d.send(from, []string{"support@example.com"},
								message(fmt.Sprintf("c%d-%d@load.example", s, i), from, "support@example.com", "Load", "Body"))
						}
					}(s)
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatal(err)
					}
				}
				for s := 0; s < 8; s++ {
					if n := len(d.requestFor(t, fmt.Sprintf("c%d@load.example", s))); n != 5 {
						t.Fatalf("sender %d: %d requests", s, n)
					}
				}
			})
		})
	}
}

func TestListenerStoreDown(t *testing.T) {
	e := storetest.Engines(t)[0]
	st := e.Open(t)
	d := startOn(t, st, smtpd.Config{})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	err := d.send("x@client.example", []string{"support@example.com"}, message("down@x", "x@client.example", "a", "b", "c"))
	if smtpCode(err) != 451 {
		t.Fatalf("a failed commit must ask the sender to retry, got %v", err)
	}
}

func TestListenerAuth(t *testing.T) {
	e := storetest.Engines(t)[0]
	d := start(t, e, smtpd.Config{Users: map[string]string{"relay": "s3cret"}, RequireAuth: true})
	msg := message("auth@x", "x@client.example", "support@example.com", "b", "c")
	if err := d.send("x@client.example", []string{"support@example.com"}, msg); smtpCode(err) != 530 {
		t.Fatalf("anonymous sender: %v", err)
	}
	for _, tc := range []struct {
		pass string
		code int
	}{{"wrong", 535}, {"s3cret", 0}} {
		c, err := smtp.Dial(d.addr)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Auth(sasl.NewPlainClient("", "relay", tc.pass))
		if err == nil {
			err = c.SendMail("x@client.example", []string{"support@example.com"}, strings.NewReader(msg))
		}
		c.Close()
		if smtpCode(err) != tc.code {
			t.Fatalf("password %q: %v", tc.pass, err)
		}
	}
	_ = time.Second
}
