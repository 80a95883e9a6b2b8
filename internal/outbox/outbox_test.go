package outbox_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"

	"guichet/internal/desk"
	"guichet/internal/jobs"
	"guichet/internal/mail"
	"guichet/internal/outbox"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// startOutbox runs the outbox on st with River, delivering to relay (nil: none).
func startOutbox(t *testing.T, st *store.Store, relay *capture) {
	t.Helper()
	if err := jobs.Migrate(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	cfg := outbox.Config{From: "support@example.com", Logger: quiet, Backoff: func(int) time.Duration { return 20 * time.Millisecond },
		MaxAttempts: 4, FetchPollInterval: 50 * time.Millisecond}
	if relay != nil {
		cfg.Relay = &outbox.Relay{Addr: relay.addr, TLS: "none"}
	}
	svc, err := outbox.Start(ctx, st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := svc.Stop(c); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// agent returns an agent actor of the front desk.
func agent(t *testing.T, st *store.Store) desk.Actor {
	t.Helper()
	p := desk.Person{Name: "Gaston Agent", Kind: desk.InternalPerson, Emails: []string{"gaston@example.com"}}
	must(t, st.CreatePerson(ctx, desk.SystemActor, &p))
	fd, err := st.DepartmentBySlug(ctx, "front-desk")
	must(t, err)
	must(t, st.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, DepartmentIDs: []int64{fd.ID}}))
	a, err := st.ActorFor(ctx, p.ID)
	must(t, err)
	return a
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wait waits until cond holds, failing the test after 15 s.
func wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func state(t *testing.T, st *store.Store, a desk.Actor, number int64, i int) desk.MailDelivery {
	t.Helper()
	list, err := st.MailDeliveries(ctx, a, number)
	must(t, err)
	if len(list) <= i {
		t.Fatalf("request #%d has %d mails", number, len(list))
	}
	return list[i]
}

// parsed reads a captured mail.
func parsed(t *testing.T, raw []byte) (gomail.Header, map[string]string) {
	t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	must(t, err)
	parts := map[string]string{}
	err = e.Walk(func(_ []int, p *message.Entity, err error) error {
		if err != nil {
			return err
		}
		mt, params, _ := p.Header.ContentType()
		if !strings.HasPrefix(mt, "multipart/") {
			b, _ := io.ReadAll(p.Body)
			key := mt
			if fn := params["name"]; fn != "" {
				key = "file:" + fn
			}
			if _, dp, _ := p.Header.ContentDisposition(); dp["filename"] != "" {
				key = "file:" + dp["filename"]
			}
			parts[key] = string(b)
		}
		return nil
	})
	must(t, err)
	return gomail.Header{Header: e.Header}, parts
}

func TestOutboxDelivery(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st := e.Open(t)
			relay := newCapture(t)
			startOutbox(t, st, relay)
			ag := agent(t, st)
			domains, _ := mail.ParseDomains("example.com")
			in := &mail.Ingester{Store: st, Domains: domains, Logger: quiet}

			t.Run("AcknowledgementInTheRequestersLanguageThreadedOnTheirMail", func(t *testing.T) {
				raw := "From: Dana White <dana@client.example>\r\nTo: support@example.com\r\nSubject: Broken chair\r\n" +
					"Message-ID: <dana-1@client.example>\r\n\r\nHello, the chair I ordered arrived broken. Thanks for your help.\r\n"
				res, err := in.Ingest(ctx, mail.Envelope{From: "dana@client.example", To: []string{"support@example.com"}}, []byte(raw))
				must(t, err)
				wait(t, "the acknowledgement", func() bool { return state(t, st, ag, res.Number, 0).State == store.MailSent })
				msgs := relay.messages()
				got := msgs[len(msgs)-1]
				if got.from != "support@example.com" || len(got.to) != 1 || got.to[0] != "dana@client.example" {
					t.Fatalf("envelope %s → %v", got.from, got.to)
				}
				h, parts := parsed(t, got.raw)
				subject, _ := h.Subject()
				if !strings.HasPrefix(subject, "[#") || !strings.Contains(subject, "Request received: Broken chair") {
					t.Fatalf("subject %q", subject)
				}
				irt, _ := h.MsgIDList("In-Reply-To")
				id, _ := h.MessageID()
				replyTo, _ := h.AddressList("Reply-To")
				if len(irt) != 1 || irt[0] != "dana-1@client.example" || !strings.HasSuffix(id, "@example.com") ||
					len(replyTo) != 1 || !strings.HasPrefix(replyTo[0].Address, "support+") ||
					h.Get("Auto-Submitted") != "auto-replied" {
					t.Fatalf("headers: in-reply-to %v id %q reply-to %v auto %q", irt, id, replyTo, h.Get("Auto-Submitted"))
				}
				if !strings.Contains(parts["text/plain"], "Hello Dana White,") || !strings.Contains(parts["text/html"], "<p>") {
					t.Fatalf("parts %v", parts)
				}

				// The requester answers the acknowledgement: the answer joins the request.
				answer := "From: dana@client.example\r\nTo: " + replyTo[0].Address + "\r\nSubject: Re: " + subject +
					"\r\nMessage-ID: <dana-2@client.example>\r\nIn-Reply-To: <" + id + ">\r\n\r\nHere is a photo.\r\n"
				res2, err := in.Ingest(ctx, mail.Envelope{From: "dana@client.example", To: []string{replyTo[0].Address}}, []byte(answer))
				must(t, err)
				if res2.Number != res.Number || res2.Created {
					t.Fatalf("answer went to %+v", res2)
				}
			})
			t.Run("PublicReplyWithAttachmentIsMailedAndMarkedSent", func(t *testing.T) {
				r, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Devis", Body: "Un devis svp.",
					RequesterEmail: "eve@client.example", Channel: desk.ChannelPhone})
				must(t, err)
				m, err := st.AddMessage(ctx, ag, r.Number, desk.NewMessage{Body: "Voici le devis.",
					Attachments: []desk.NewAttachment{{Filename: "devis.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4 devis")}}})
				must(t, err)
				wait(t, "the reply", func() bool {
					d, err := st.Request(ctx, ag, r.Number)
					must(t, err)
					return d.Messages[1].ID == m.ID && d.Messages[1].Delivery != nil && d.Messages[1].Delivery.State == store.MailSent
				})
				var reply received
				for _, got := range relay.messages() {
					if h, _ := parsed(t, got.raw); h.Get("X-Guichet-Request") != "" && strings.Contains(h.Get("From"), "Gaston") {
						reply = got
					}
				}
				h, parts := parsed(t, reply.raw)
				if h.Get("Auto-Submitted") != "" || !strings.Contains(parts["text/plain"], "Voici le devis.") ||
					parts["file:devis.pdf"] != "%PDF-1.4 devis" || !strings.Contains(parts["text/plain"], "Demande #") {
					t.Fatalf("reply %v", parts)
				}
			})
		})
	}
}

func TestOutboxRetriesAndFailures(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st := e.Open(t)
			relay := newCapture(t)
			relay.failFirst = 2
			startOutbox(t, st, relay)
			ag := agent(t, st)
			t.Run("TemporaryRefusalsAreRetriedWithTheSameMessageID", func(t *testing.T) {
				r, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Retry", Body: "x", RequesterEmail: "r@client.example"})
				must(t, err)
				wait(t, "delivery after two refusals", func() bool { return state(t, st, ag, r.Number, 0).State == store.MailSent })
				if d := state(t, st, ag, r.Number, 0); d.Attempts != 3 {
					t.Fatalf("attempts %d", d.Attempts)
				}
				relay.mu.Lock()
				ids := relay.ids
				relay.mu.Unlock()
				if len(ids) != 3 || ids[0] == "" || ids[0] != ids[1] || ids[1] != ids[2] {
					t.Fatalf("Message-IDs of the attempts: %q", ids)
				}
			})
			t.Run("PermanentRefusalFailsForGood", func(t *testing.T) {
				relay.mu.Lock()
				relay.always = 550
				relay.mu.Unlock()
				r, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Bounce", Body: "x", RequesterEmail: "gone@client.example"})
				must(t, err)
				wait(t, "the failure", func() bool { return state(t, st, ag, r.Number, 0).State == store.MailFailed })
				if d := state(t, st, ag, r.Number, 0); d.Attempts != 1 || !strings.Contains(d.LastError, "550") {
					t.Fatalf("delivery %+v", d)
				}
			})
		})
	}
}

func TestOutboxWithoutRelay(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st := e.Open(t)
			ag := agent(t, st)
			before, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Before", Body: "x", RequesterEmail: "b@client.example"})
			must(t, err)
			startOutbox(t, st, nil)
			r, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Kept", Body: "x", RequesterEmail: "k@client.example"})
			must(t, err)
			time.Sleep(300 * time.Millisecond)
			for _, n := range []int64{before.Number, r.Number} {
				if d := state(t, st, ag, n, 0); d.State != store.MailQueued || d.Attempts != 0 {
					t.Fatalf("#%d: %+v", n, d)
				}
			}
			n, _, err := st.MailBacklog(ctx)
			must(t, err)
			if n != 2 {
				t.Fatalf("backlog %d", n)
			}
		})
	}
}

// TestOutboxRelayDropsIdleSessions: a relay closing idle connections does
// not cost a delivery attempt (the pooled session is replaced).
func TestOutboxRelayDropsIdleSessions(t *testing.T) {
	st := storetest.Engines(t)[0].Open(t)
	relay := newCaptureTimeout(t, 100*time.Millisecond)
	startOutbox(t, st, relay)
	ag := agent(t, st)
	for i := 0; i < 2; i++ {
		r, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Idle", Body: "x", RequesterEmail: "idle@client.example"})
		must(t, err)
		wait(t, "delivery", func() bool { return state(t, st, ag, r.Number, 0).State == store.MailSent })
		if d := state(t, st, ag, r.Number, 0); d.Attempts != 1 {
			t.Fatalf("mail %d: %d attempts", i, d.Attempts)
		}
		time.Sleep(300 * time.Millisecond) // the relay drops the pooled session meanwhile
	}
}
