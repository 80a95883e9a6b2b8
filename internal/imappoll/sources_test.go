package imappoll_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/mailimport"
	"guichet/internal/smtpd"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// The same mail often reaches the desk more than once: by SMTP, then from
// the support mailbox the MX also delivered it to (polled over IMAP), then
// from an mbox export imported later. Each copy carries other trace fields;
// the desk must keep one message.

// smtpSend runs the SMTP listener on st for the test's length and sends raw
// through it.
func smtpSend(t *testing.T, st *store.Store, from, raw string) {
	t.Helper()
	domains, _ := mail.ParseDomains("example.com")
	srv := smtpd.New(smtpd.Config{Domains: domains}, &mail.Ingester{Store: st, Domains: domains, Logger: quiet}, quiet)
	addr, stop, err := srv.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	client, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := client.SendMail(from, []string{"support@example.com"}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
}

// mboxImport writes raw as the one message of an mbox file (LF line ends,
// a "From " line, a blank line after) and imports it.
func mboxImport(t *testing.T, st *store.Store, from, raw string) *mailimport.Result {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.mbox")
	body := "From " + from + " Mon Mar  3 10:00:00 2025\n" + strings.ReplaceAll(raw, "\r\n", "\n") + "\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	domains, _ := mail.ParseDomains("example.com")
	im := &mailimport.Importer{Ingester: &mail.Ingester{Store: st, Domains: domains, Logger: quiet, NoAck: true},
		Positions: st, Logger: quiet, Progress: io.Discard}
	res, err := im.Import(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// traced is raw as the MX delivered it to the mailbox: with the trace
// fields every hop adds on top.
func traced(raw string) string {
	return "Return-Path: <lise@client.example>\r\nDelivered-To: support@example.com\r\n" +
		"Received: from mx.client.example (mx.client.example [192.0.2.7]) by mx.example.com; Mon, 3 Mar 2025 10:00:03 -0500\r\n" +
		"X-Spam-Status: No, score=-0.1\r\n" + raw
}

func TestSameMailFromEverySource(t *testing.T) {
	const from = "lise@client.example"
	head := "From: Lise Caron <lise@client.example>\r\nTo: support@example.com\r\nSubject: Cartables manquants\r\n" +
		"Date: Mon, 3 Mar 2025 10:00:00 -0500\r\n"
	body := "Content-Type: text/plain; charset=utf-8\r\n\r\nIl manque 12 cartables dans la commande 4471.\r\n"
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for _, tc := range []struct{ name, raw string }{
				{"WithMessageID", head + "Message-ID: <cartables-4471@client.example>\r\n" + body},
				{"WithoutMessageID", head + body},
			} {
				t.Run(tc.name, func(t *testing.T) {
					st, srv := e.Open(t), newIMAPServer(t)
					smtpSend(t, st, from, tc.raw)
					srv.deliver(t, "INBOX", traced(tc.raw))
					poll(t, poller(srv, st, ""), 1)
					if res := mboxImport(t, st, from, tc.raw); res.Duplicates != 1 {
						t.Fatalf("import %+v: want the message recognised as stored", res)
					}
					p, err := st.PersonByEmail(ctx, desk.SystemActor, from)
					if err != nil {
						t.Fatal(err)
					}
					page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID, Limit: 10})
					if err != nil || len(page.Requests) != 1 {
						t.Fatalf("requests %+v %v: want one", page, err)
					}
					d, err := st.Request(ctx, desk.SystemActor, page.Requests[0].Number)
					if err != nil || len(d.Messages) != 1 {
						t.Fatalf("request %+v %v: want one message from three copies", d, err)
					}
				})
			}
		})
	}
}
