package store_test

import (
	"fmt"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// inbound returns a small mail from email (the fixture allows 1 KiB blobs).
func inbound(id, email, subject, body string) store.InboundMail {
	raw := fmt.Sprintf("From: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\n\r\n%s\r\n", email, subject, id, body)
	return store.InboundMail{MessageID: id, Source: "smtp", FromEmail: email, Subject: subject, Body: body,
		Raw: []byte(raw), Language: desk.English}
}

func ingest(t *testing.T, f *fixture, in store.InboundMail) *store.IngestResult {
	t.Helper()
	res, err := f.s.IngestMail(ctx, in)
	must(t, err)
	return res
}

func TestIngestMail(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		t.Run("NewSenderOpensRequestInAddressedDepartmentAndIsAcknowledged", func(t *testing.T) {
			in := inbound("m1@new.example", "Dave@New.example", "Refund please", "I was charged twice.")
			in.DepartmentSlug, in.FromName = "billing", "Dave"
			res := ingest(t, f, in)
			if !res.Created || res.Duplicate || !res.Acknowledged || res.MessageID == 0 {
				t.Fatalf("result %+v", res)
			}
			d, err := f.s.Request(ctx, desk.SystemActor, res.Number)
			must(t, err)
			if d.DepartmentID != f.billing.ID || d.Channel != desk.ChannelEmail || d.Requester != "Dave" ||
				len(d.Messages) != 1 || d.Messages[0].Body != "I was charged twice." {
				t.Fatalf("request %+v", d.Request)
			}
			p, err := f.s.PersonByEmail(ctx, desk.SystemActor, "dave@new.example")
			must(t, err)
			if p.Language != desk.English || p.Kind != desk.ExternalPerson {
				t.Fatalf("person %+v", p)
			}
			if n := f.s.CountRows(t, "mail_outbox"); n != 1 {
				t.Fatalf("outbox rows %d", n)
			}
		})
		t.Run("UnknownAddressGoesToTheFrontDesk", func(t *testing.T) {
			in := inbound("m2@ecole-soleil.example", "alice@ecole-soleil.example", "Hello", "Who handles this?")
			in.DepartmentSlug = "nobody-here"
			res := ingest(t, f, in)
			d, err := f.s.Request(ctx, desk.SystemActor, res.Number)
			must(t, err)
			if d.DepartmentID != f.frontDesk.ID || d.RequesterID != f.alice.PersonID {
				t.Fatalf("department %d requester %d", d.DepartmentID, d.RequesterID)
			}
		})
		t.Run("SameMessageIDTwiceIsOneMessage", func(t *testing.T) {
			in := inbound("dup@ecole-soleil.example", "bob@ecole-soleil.example", "Twice", "Sent twice.")
			first := ingest(t, f, in)
			before := counts(t, f.s)
			second := ingest(t, f, in)
			if !second.Duplicate || second.Number != first.Number || second.MessageID != first.MessageID || second.Acknowledged {
				t.Fatalf("second %+v first %+v", second, first)
			}
			sameCounts(t, before, counts(t, f.s))
		})
		t.Run("ReplyByReferenceJoinsAndReopens", func(t *testing.T) {
			first := ingest(t, f, inbound("q1@ecole-soleil.example", "bob@ecole-soleil.example", "Projector", "Broken."))
			_, err := f.s.AddMessage(ctx, f.agent, first.Number, desk.NewMessage{Body: "Which room?"})
			must(t, err)
			st := desk.StatusWaitingRequester
			_, err = f.s.UpdateRequest(ctx, f.agent, first.Number, desk.RequestPatch{Status: &st})
			must(t, err)
			reply := inbound("q2@ecole-soleil.example", "bob@ecole-soleil.example", "Re: Projector", "Room 12.")
			reply.ReplyIDs = []string{"q1@ecole-soleil.example"}
			res := ingest(t, f, reply)
			if res.Created || res.Number != first.Number || res.Acknowledged {
				t.Fatalf("reply %+v", res)
			}
			d, err := f.s.Request(ctx, desk.SystemActor, first.Number)
			must(t, err)
			if d.Status != desk.StatusOpen || len(d.Messages) != 3 || d.Messages[2].Kind != desk.KindRequester {
				t.Fatalf("status %s messages %d", d.Status, len(d.Messages))
			}
		})
		t.Run("ReplyByMailIsSearchable", func(t *testing.T) {
			first := ingest(t, f, inbound("w1@ecole-soleil.example", "bob@ecole-soleil.example", "Laptop", "Screen flickers."))
			_, err := f.s.AddMessage(ctx, f.agent, first.Number, desk.NewMessage{Body: "Note: check warranty.", Visibility: desk.Internal})
			must(t, err)
			reply := inbound("w2@ecole-soleil.example", "bob@ecole-soleil.example", "Re: Laptop", "Also the hinge squeaks.")
			reply.ReplyIDs = []string{"w1@ecole-soleil.example"}
			ingest(t, f, reply)
			for _, q := range []string{"hinge", "flickers", "warranty"} {
				page, err := f.s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: q})
				must(t, err)
				if len(page.Requests) != 1 || page.Requests[0].Number != first.Number {
					t.Fatalf("search %q: %+v", q, page.Requests)
				}
			}
			page, err := f.s.ListRequests(ctx, f.bob, desk.RequestFilter{Query: "warranty"})
			must(t, err)
			if len(page.Requests) != 0 {
				t.Fatal("the requester finds an internal note's words")
			}
		})
		t.Run("ReplyToOurMailFindsItsRequestByToken", func(t *testing.T) {
			first := ingest(t, f, inbound("t1@ecole-soleil.example", "alice@ecole-soleil.example", "Badge", "Lost it."))
			tok := outboxToken(t, f.s, first.Number)
			reply := inbound("t2@ecole-soleil.example", "alice@ecole-soleil.example", "Re: We received your request", "Found it!")
			reply.ReplyIDs = []string{"unknown@elsewhere.example", tok + "@example.com"}
			if res := ingest(t, f, reply); res.Number != first.Number || res.Created {
				t.Fatalf("reply %+v, want request %d", res, first.Number)
			}
		})
		t.Run("NumberFromSomeoneElseOpensANewRequest", func(t *testing.T) {
			first := ingest(t, f, inbound("s1@ecole-soleil.example", "alice@ecole-soleil.example", "Private", "Mine."))
			intruder := inbound("s2@ailleurs.example", "carol@ailleurs.example", fmt.Sprintf("Re: [#%d]", first.Number), "Let me in.")
			intruder.Numbers = []int64{first.Number}
			res := ingest(t, f, intruder)
			if !res.Created || res.Number == first.Number {
				t.Fatalf("stranger joined request %d", res.Number)
			}
			d, err := f.s.Request(ctx, desk.SystemActor, first.Number)
			must(t, err)
			if len(d.Messages) != 1 {
				t.Fatalf("messages %d", len(d.Messages))
			}
		})
		t.Run("AutoReplyNeverReopensOrIsAcknowledged", func(t *testing.T) {
			first := ingest(t, f, inbound("a1@ecole-soleil.example", "bob@ecole-soleil.example", "Printer", "Jammed."))
			_, err := f.s.AddMessage(ctx, f.agent, first.Number, desk.NewMessage{Body: "Fixed."})
			must(t, err)
			st := desk.StatusSolved
			_, err = f.s.UpdateRequest(ctx, f.agent, first.Number, desk.RequestPatch{Status: &st})
			must(t, err)
			ooo := inbound("a2@ecole-soleil.example", "bob@ecole-soleil.example", "Auto: Printer", "Out of office.")
			ooo.Auto, ooo.Numbers = "auto-reply", []int64{first.Number}
			res := ingest(t, f, ooo)
			d, err := f.s.Request(ctx, desk.SystemActor, first.Number)
			must(t, err)
			if res.Number != first.Number || res.Acknowledged || d.Status != desk.StatusSolved || len(d.Messages) != 3 {
				t.Fatalf("res %+v status %s messages %d", res, d.Status, len(d.Messages))
			}
			bounce := inbound("a3@mx.example", "mailer-daemon@mx.example", "Undelivered", "No such user.")
			bounce.Auto = "bounce"
			res = ingest(t, f, bounce)
			d, err = f.s.Request(ctx, desk.SystemActor, res.Number)
			must(t, err)
			if !res.Created || res.Acknowledged || len(d.Tags) != 1 || d.Tags[0] != "bounce" {
				t.Fatalf("bounce %+v tags %v", res, d.Tags)
			}
		})
		t.Run("ReplyToClosedRequestOpensANewOne", func(t *testing.T) {
			first := ingest(t, f, inbound("c1@ecole-soleil.example", "bob@ecole-soleil.example", "Keys", "Need keys."))
			_, err := f.s.AddMessage(ctx, f.agent, first.Number, desk.NewMessage{Body: "Done."})
			must(t, err)
			st := desk.StatusClosed
			_, err = f.s.UpdateRequest(ctx, f.agent, first.Number, desk.RequestPatch{Status: &st})
			must(t, err)
			reply := inbound("c2@ecole-soleil.example", "bob@ecole-soleil.example", "Re: Keys", "One more key?")
			reply.ReplyIDs = []string{"c1@ecole-soleil.example"}
			if res := ingest(t, f, reply); !res.Created || res.Number == first.Number || !res.Acknowledged {
				t.Fatalf("res %+v", res)
			}
			ooo := inbound("c3@ecole-soleil.example", "bob@ecole-soleil.example", "Auto: Keys", "Away.")
			ooo.Auto, ooo.ReplyIDs = "auto-reply", []string{"c1@ecole-soleil.example"}
			res := ingest(t, f, ooo)
			d, err := f.s.Request(ctx, desk.SystemActor, first.Number)
			must(t, err)
			if res.Number != first.Number || res.Created || d.Status != desk.StatusClosed {
				t.Fatalf("automatic mail on a closed request: %+v, status %s", res, d.Status)
			}
		})
		t.Run("ReplyToMergedRequestJoinsTheSurvivor", func(t *testing.T) {
			a := ingest(t, f, inbound("g1@ecole-soleil.example", "alice@ecole-soleil.example", "Wifi", "Down."))
			b := ingest(t, f, inbound("g2@ecole-soleil.example", "alice@ecole-soleil.example", "Wifi again", "Still down."))
			_, err := f.s.Merge(ctx, f.agent, b.Number, desk.MergeInput{Into: a.Number})
			must(t, err)
			reply := inbound("g3@ecole-soleil.example", "alice@ecole-soleil.example", "Re: Wifi again", "Any news?")
			reply.ReplyIDs = []string{"g2@ecole-soleil.example"}
			if res := ingest(t, f, reply); res.Number != a.Number {
				t.Fatalf("joined %d, want %d", res.Number, a.Number)
			}
		})
		t.Run("ErrBadInputWritesNothing", func(t *testing.T) {
			before := counts(t, f.s)
			_, err := f.s.IngestMail(ctx, inbound("", "alice@ecole-soleil.example", "x", "y"))
			wantCode(t, err, desk.CodeInvalid, "message_id")
			_, err = f.s.IngestMail(ctx, inbound("bad-from@x", "not an address", "x", "y"))
			wantCode(t, err, desk.CodeInvalid, "from")
			big := inbound("big@ecole-soleil.example", "alice@ecole-soleil.example", "big", "y")
			big.Attachments = []desk.NewAttachment{{Filename: "a.bin", Content: make([]byte, 4096)}}
			_, err = f.s.IngestMail(ctx, big)
			wantCode(t, err, desk.CodeTooLarge)
			sameCounts(t, before, counts(t, f.s))
		})
		t.Run("EmptyMailGetsPlaceholders", func(t *testing.T) {
			res := ingest(t, f, inbound("e1@ecole-soleil.example", "bob@ecole-soleil.example", "", ""))
			d, err := f.s.Request(ctx, desk.SystemActor, res.Number)
			must(t, err)
			if d.Subject == "" || d.Messages[0].Body == "" {
				t.Fatalf("subject %q body %q", d.Subject, d.Messages[0].Body)
			}
		})
	})
}

// outboxToken returns the Message-ID token of the first outbox mail of a request.
func outboxToken(t *testing.T, s *store.Store, number int64) string {
	t.Helper()
	list, err := s.MailDeliveries(ctx, desk.SystemActor, number)
	must(t, err)
	if len(list) == 0 {
		t.Fatalf("no outbox mail for #%d", number)
	}
	m, err := s.OutboxMail(ctx, list[0].ID)
	must(t, err)
	return m.Token
}
