package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// recordingEnqueuer records the outbox ids it is given and checks the
// transaction handle; fail makes it refuse.
type recordingEnqueuer struct {
	mu   sync.Mutex
	ids  []int64
	fail bool
	pg   bool
	bad  error
}

func (e *recordingEnqueuer) EnqueueMailTx(ctx context.Context, tx store.Tx, ids []int64) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail {
		return errors.New("job table unavailable")
	}
	if tx.SQL == nil {
		e.bad = errors.New("no transaction")
	}
	if e.pg {
		err := tx.Raw(func(dc any) error {
			if _, ok := dc.(*stdlib.Conn); !ok {
				return errors.New("not a pgx connection")
			}
			return nil
		})
		if err != nil {
			e.bad = err
		}
	}
	e.ids = append(e.ids, ids...)
	return nil
}

func deliveries(t *testing.T, f *fixture, number int64) []desk.MailDelivery {
	t.Helper()
	list, err := f.s.MailDeliveries(ctx, f.agent, number)
	must(t, err)
	return list
}

func TestOutbox(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		t.Run("NewRequestQueuesAnAcknowledgementToTheRequester", func(t *testing.T) {
			r := f.open(t, "Badge", "Lost my badge.", f.alice)
			list := deliveries(t, f, r.Number)
			if len(list) != 1 || list[0].Kind != store.MailAck || list[0].To != "alice@ecole-soleil.example" ||
				list[0].State != store.MailQueued {
				t.Fatalf("deliveries %+v", list)
			}
			m, err := f.s.OutboxMail(ctx, list[0].ID)
			must(t, err)
			if m.Data["department"] != f.frontDesk.Name || m.Subject != "Badge" || m.Token == "" {
				t.Fatalf("outbox mail %+v", m)
			}
		})
		t.Run("AnAgentsRequestOnBehalfIsAcknowledgedAtTheFirstAddressInTheRequestersLanguage", func(t *testing.T) {
			p := desk.Person{Name: "Dana Brown", Emails: []string{"dana@school.example", "d.brown@home.example"},
				Language: desk.English}
			must(t, f.s.CreatePerson(ctx, desk.SystemActor, &p))
			r, err := f.s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "Report cards", Body: "Not received.",
				RequesterEmail: "d.brown@home.example", DepartmentID: f.billing.ID})
			must(t, err)
			list := deliveries(t, f, r.Number)
			if len(list) != 1 || list[0].Kind != store.MailAck || list[0].To != "dana@school.example" {
				t.Fatalf("deliveries %+v", list)
			}
			m, err := f.s.OutboxMail(ctx, list[0].ID)
			must(t, err)
			if m.ToName != "Dana Brown" || m.Language != desk.English || m.Data["department"] != f.billing.Name {
				t.Fatalf("acknowledgement to %q in %q for %v", m.ToName, m.Language, m.Data["department"])
			}
		})
		t.Run("ErrFailedCreationQueuesNothing", func(t *testing.T) {
			before := f.s.CountRows(t, "mail_outbox")
			_, err := f.s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "x", Body: "y",
				RequesterEmail: "alice@ecole-soleil.example", DepartmentSlug: "nope"})
			wantCode(t, err, desk.CodeInvalid, "department")
			if f.s.CountRows(t, "mail_outbox") != before {
				t.Fatal("outbox written by a failed creation")
			}
		})
		t.Run("PublicRepliesAreMailedNotesAndRequesterMessagesAreNot", func(t *testing.T) {
			r := f.open(t, "Printer", "Jammed.", f.bob)
			reply, err := f.s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "On my way."})
			must(t, err)
			_, err = f.s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Paper tray again.", Visibility: desk.Internal})
			must(t, err)
			_, err = f.s.AddMessage(ctx, f.bob, r.Number, desk.NewMessage{Body: "Thanks!"})
			must(t, err)
			list := deliveries(t, f, r.Number)
			if len(list) != 2 || list[1].Kind != store.MailReply || list[1].MessageID == nil || *list[1].MessageID != reply.ID {
				t.Fatalf("deliveries %+v", list)
			}
			d, err := f.s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if d.Messages[1].Delivery == nil || d.Messages[1].Delivery.State != store.MailQueued || d.Messages[2].Delivery != nil {
				t.Fatalf("delivery on messages: %+v", d.Messages)
			}
			d, err = f.s.Request(ctx, f.bob, r.Number)
			must(t, err)
			for _, m := range d.Messages {
				if m.Delivery != nil {
					t.Fatal("requester sees delivery status")
				}
			}
			if _, err := f.s.MailDeliveries(ctx, f.bob, r.Number); desk.ErrorCode(err) != desk.CodeNotFound {
				t.Fatalf("requester lists deliveries: %v", err)
			}
		})
		t.Run("MailAboutNoRequestGoesToAnyRecipient", func(t *testing.T) {
			id, err := f.s.QueueMailTo(ctx, store.OutgoingMail{Kind: "notice",
				To:   store.MailRecipient{Email: "lead@example.com", Name: "Lea Lead", Language: desk.English},
				Data: map[string]any{"text": "Request 12 waits."}})
			must(t, err)
			m, err := f.s.OutboxMail(ctx, id)
			must(t, err)
			if m.Number != 0 || m.Subject != "" || m.ToEmail != "lead@example.com" || m.Data["text"] != "Request 12 waits." ||
				m.State != store.MailQueued || len(m.References) != 0 {
				t.Fatalf("outbox mail %+v", m)
			}
			queued, _, err := f.s.MailBacklog(ctx)
			must(t, err)
			if queued == 0 {
				t.Fatal("mail about no request is not in the backlog")
			}
		})
		t.Run("HandoffNoteNamesTheNewOwner", func(t *testing.T) {
			r := f.open(t, "Refund", "Charged twice.", f.carol)
			_, err := f.s.Handoff(ctx, f.agent, r.Number, desk.NewHandoff{ToDepartmentID: f.billing.ID,
				ToAgentID: f.billingAgent.PersonID, Reason: "billing question"})
			must(t, err)
			list := deliveries(t, f, r.Number)
			m, err := f.s.OutboxMail(ctx, list[len(list)-1].ID)
			must(t, err)
			if m.Kind != store.MailHandoff || m.Data["department"] != "Billing" || m.Data["agent"] != "Bill Payne" {
				t.Fatalf("handoff mail %+v", m)
			}
		})
		t.Run("DeliveryOutcomesAreRecorded", func(t *testing.T) {
			r := f.open(t, "Keys", "Need keys.", f.alice)
			id := deliveries(t, f, r.Number)[0].ID
			must(t, f.s.MarkMailFailed(ctx, id, "relay: 451 try later", false))
			if d := deliveries(t, f, r.Number)[0]; d.State != store.MailQueued || d.Attempts != 1 || d.LastError == "" {
				t.Fatalf("after a failed attempt %+v", d)
			}
			must(t, f.s.MarkMailSent(ctx, id))
			must(t, f.s.MarkMailFailed(ctx, id, "late duplicate failure", true))
			if d := deliveries(t, f, r.Number)[0]; d.State != store.MailSent || d.SentAt == nil {
				t.Fatalf("sent mail changed state: %+v", d)
			}
			wantCode(t, f.s.MarkMailSent(ctx, 999999), desk.CodeNotFound)
		})
		t.Run("JobsAreInsertedInTheSameTransaction", func(t *testing.T) {
			pg := f.s.Engine() == "postgres"
			_, _ = f.s.EnqueuePendingMail(ctx, 1000) // nothing: no enqueuer yet
			enq := &recordingEnqueuer{pg: pg}
			f.s.SetJobEnqueuer(enq)
			defer f.s.SetJobEnqueuer(nil)
			if _, err := f.s.EnqueuePendingMail(ctx, 1000); err != nil { // earlier mail
				t.Fatal(err)
			}
			enq.ids = nil
			r := f.open(t, "Wifi", "Down.", f.bob)
			if !pg { // SQLite: the row commits with the change, its job right after (see store.MailQueued)
				select {
				case <-f.s.MailQueued():
				default:
					t.Fatal("no signal for the waiting mail")
				}
				n, err := f.s.EnqueuePendingMail(ctx, 1000)
				if err != nil || n != 1 {
					t.Fatalf("sweep: %d %v", n, err)
				}
			}
			if len(enq.ids) != 1 || enq.bad != nil || enq.ids[0] != deliveries(t, f, r.Number)[0].ID {
				t.Fatalf("enqueued %v (%v)", enq.ids, enq.bad)
			}
			enq.fail = true
			if pg {
				before := counts(t, f.s)
				_, err := f.s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "x", Body: "y", RequesterEmail: "new@x.example"})
				if err == nil {
					t.Fatal("creation succeeded although its mail could not be enqueued")
				}
				sameCounts(t, before, counts(t, f.s))
			}
		})
		t.Run("SweepEnqueuesMailWrittenWithoutARunner", func(t *testing.T) {
			for i := 0; i < 5; i++ {
				f.open(t, "Written without a runner", "x", f.alice)
			}
			n, err := f.s.EnqueuePendingMail(ctx, 100)
			must(t, err)
			if n != 0 {
				t.Fatal("enqueued without an enqueuer")
			}
			enq := &recordingEnqueuer{}
			f.s.SetJobEnqueuer(enq)
			defer f.s.SetJobEnqueuer(nil)
			total := 0
			for {
				n, err := f.s.EnqueuePendingMail(ctx, 3)
				must(t, err)
				if n == 0 {
					break
				}
				total += n
			}
			if total != 5 || len(enq.ids) != total {
				t.Fatalf("swept %d, enqueued %d", total, len(enq.ids))
			}
			if n, _ := f.s.EnqueuePendingMail(ctx, 100); n != 0 {
				t.Fatalf("swept again: %d", n)
			}
		})
	})
}
