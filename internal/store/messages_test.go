package store_test

import (
	"testing"

	"guichet/internal/desk"
)

func TestAddMessage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("an agent's public reply counts and opens a new request", func(t *testing.T) {
			r := f.open(t, "Question", "Bonjour", f.alice)
			m, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Nous regardons."})
			must(t, err)
			if m.Kind != desk.KindReply || m.Visibility != desk.Public || m.AuthorID != f.agent.PersonID || m.Author != "Gaston Agent" {
				t.Fatalf("message = %+v", m)
			}
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if d.PublicReplies != 1 || d.Status != desk.StatusOpen || !d.UpdatedAt.After(r.UpdatedAt) {
				t.Fatalf("request = %+v", d.Request)
			}
		})
		t.Run("an internal note does not count as a reply", func(t *testing.T) {
			r := f.open(t, "Question", "Bonjour", f.alice)
			m, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "client difficile", Visibility: desk.Internal})
			must(t, err)
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if m.Kind != desk.KindNote || d.PublicReplies != 0 || d.Status != desk.StatusNew {
				t.Fatalf("message %+v, request %+v", m, d.Request)
			}
		})
		t.Run("a requester's message reopens a waiting or solved request", func(t *testing.T) {
			for _, st := range []desk.Status{desk.StatusWaitingRequester, desk.StatusWaitingDepartment, desk.StatusSolved} {
				r := f.open(t, "Q", "B", f.alice)
				_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Réponse"})
				must(t, err)
				_, err = s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Status: &st})
				must(t, err)
				m, err := s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "Ça ne marche toujours pas"})
				must(t, err)
				d, err := s.Request(ctx, f.alice, r.Number)
				must(t, err)
				if m.Kind != desk.KindRequester || d.Status != desk.StatusOpen || d.SolvedAt != nil {
					t.Fatalf("from %s: message %+v, request %+v", st, m, d.Request)
				}
			}
		})
		t.Run("a closed request takes no more requester messages", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			spam, closed := true, desk.StatusClosed
			_, err := s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Spam: &spam, Status: &closed})
			must(t, err)
			_, err = s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "encore"})
			wantCode(t, err, desk.CodeConflict)
		})
		t.Run("requesters cannot write notes nor to others' requests", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			_, err := s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Body: "secret", Visibility: desk.Internal})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.AddMessage(ctx, f.carol, r.Number, desk.NewMessage{Body: "hello"})
			wantCode(t, err, desk.CodeNotFound)
			_, err = s.AddMessage(ctx, f.readOnly, r.Number, desk.NewMessage{Body: "hello"})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.AddMessage(ctx, f.agent, 987654, desk.NewMessage{Body: "hello"})
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("bad input writes nothing", func(t *testing.T) {
			r := f.open(t, "Q", "B", f.alice)
			before := counts(t, s)
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: " "})
			wantCode(t, err, desk.CodeInvalid, "body")
			_, err = s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "x", Visibility: "secret"})
			wantCode(t, err, desk.CodeInvalid, "visibility")
			_, err = s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "x",
				Attachments: []desk.NewAttachment{{Filename: "big", Content: make([]byte, 2000)}}})
			wantCode(t, err, desk.CodeTooLarge)
			_, err = s.AddMessage(ctx, f.carol, r.Number, desk.NewMessage{Body: "x",
				Attachments: []desk.NewAttachment{{Filename: "f", Content: []byte("not allowed")}}})
			wantCode(t, err, desk.CodeNotFound)
			sameCounts(t, before, counts(t, s))
		})
	})
}

// TestRequesterNeverSeesInternals is the security contract: a requester never
// reads an internal note, its attachments or a non-public event, and never
// finds a request through the words of a note.
func TestRequesterNeverSeesInternals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		r := f.open(t, "Imprimante", "Elle ne marche plus", f.alice)
		note, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "zygomatique confidentiel", Visibility: desk.Internal,
			Attachments: []desk.NewAttachment{{Filename: "secret.txt", Content: []byte("secret")}}})
		must(t, err)
		high := desk.PriorityHigh
		_, err = s.UpdateRequest(ctx, f.agent, r.Number, desk.RequestPatch{Priority: &high, Tags: &[]string{"vip"}})
		must(t, err)
		t.Run("no notes or private events in the request", func(t *testing.T) {
			d, err := s.Request(ctx, f.alice, r.Number)
			must(t, err)
			for _, m := range d.Messages {
				if m.Visibility != desk.Public {
					t.Fatalf("requester sees %+v", m)
				}
			}
			for _, e := range d.Events {
				if !e.Public {
					t.Fatalf("requester sees event %+v", e)
				}
			}
			if len(d.Handoffs) != 0 {
				t.Fatalf("requester sees handoffs %+v", d.Handoffs)
			}
			agent, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if len(agent.Messages) != 2 || len(agent.Events) <= len(d.Events) {
				t.Fatalf("agent sees %d messages, %d events", len(agent.Messages), len(agent.Events))
			}
		})
		t.Run("unknown attachments are not found", func(t *testing.T) {
			_, _, err := s.Attachment(ctx, f.agent, 987654)
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("no note attachments", func(t *testing.T) {
			_, _, err := s.Attachment(ctx, f.alice, note.Attachments[0].ID)
			wantCode(t, err, desk.CodeNotFound)
			_, _, err = s.Attachment(ctx, f.carol, note.Attachments[0].ID)
			wantCode(t, err, desk.CodeNotFound)
			_, rc, err := s.Attachment(ctx, f.readOnly, note.Attachments[0].ID)
			must(t, err)
			rc.Close()
		})
		t.Run("no search through notes", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.alice, desk.RequestFilter{Query: "zygomatique"})
			must(t, err)
			if len(p.Requests) != 0 {
				t.Fatalf("requester found %v through a note", numbers(p))
			}
			p, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "zygomatique imprimante"})
			must(t, err)
			if len(p.Requests) != 1 {
				t.Fatalf("agent found %v", numbers(p))
			}
			p, err = s.ListRequests(ctx, f.alice, desk.RequestFilter{Query: "imprimante"})
			must(t, err)
			if len(p.Requests) != 1 {
				t.Fatalf("requester found %v", numbers(p))
			}
		})
		t.Run("later public messages are searchable", func(t *testing.T) {
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Body: "Remplacez la cartouche"})
			must(t, err)
			p, err := s.ListRequests(ctx, f.alice, desk.RequestFilter{Query: "cartouches"})
			must(t, err)
			if len(p.Requests) != 1 {
				t.Fatalf("found %v", numbers(p))
			}
		})
	})
}
