package store_test

import (
	"io"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func TestCreateRequest(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("an agent opens a request for a new requester, matched to the organisation by domain", func(t *testing.T) {
			r, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "  Mauvaise pièce reçue ",
				Body: "J'ai reçu la mauvaise pièce.", RequesterEmail: "Denise <denise@ECOLE-SOLEIL.example>",
				RequesterName: "Denise Tremblay", Tags: []string{"Livraison", "urgent", "livraison"}})
			must(t, err)
			if r.Number <= 0 || r.Subject != "Mauvaise pièce reçue" || r.Status != desk.StatusNew ||
				r.Priority != desk.PriorityNormal || r.Channel != desk.ChannelAPI || r.Requester != "Denise Tremblay" {
				t.Fatalf("request = %+v", r)
			}
			if r.DepartmentID != f.frontDesk.ID || r.Department != "Front desk" {
				t.Fatalf("not owned by the front desk: %+v", r)
			}
			if r.OrganisationID == nil || *r.OrganisationID != f.org.ID {
				t.Fatalf("organisation = %v, want %d", r.OrganisationID, f.org.ID)
			}
			if strings.Join(r.Tags, ",") != "livraison,urgent" {
				t.Fatalf("tags = %v", r.Tags)
			}
			p, err := s.PersonByEmail(ctx, f.admin, "denise@ecole-soleil.example")
			must(t, err)
			if p.Kind != desk.ExternalPerson || p.ID != r.RequesterID {
				t.Fatalf("person = %+v", p)
			}
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if len(d.Messages) != 1 || d.Messages[0].Kind != desk.KindRequester || d.Messages[0].AuthorID != p.ID ||
				d.Messages[0].Visibility != desk.Public || d.Messages[0].Author != "Denise Tremblay" {
				t.Fatalf("messages = %+v", d.Messages)
			}
			if len(d.Events) != 1 || d.Events[0].Type != desk.EventCreated || !d.Events[0].Public ||
				d.Events[0].ActorID == nil || *d.Events[0].ActorID != f.agent.PersonID {
				t.Fatalf("events = %+v", d.Events)
			}
		})
		t.Run("an existing requester is found by any address", func(t *testing.T) {
			r, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b",
				RequesterEmail: "ALICE@ecole-soleil.example", RequesterName: "Someone Else"})
			must(t, err)
			if r.RequesterID != f.alice.PersonID || r.Requester != "Alice" {
				t.Fatalf("request = %+v", r)
			}
		})
		t.Run("department by slug, unknown department is invalid", func(t *testing.T) {
			r, err := s.CreateRequest(ctx, f.alice, desk.NewRequest{Subject: "Facture", Body: "b", DepartmentSlug: "billing"})
			must(t, err)
			if r.DepartmentID != f.billing.ID || r.RequesterID != f.alice.PersonID {
				t.Fatalf("request = %+v", r)
			}
			before := counts(t, s)
			_, err = s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b",
				RequesterEmail: "newcomer@nowhere.example", DepartmentSlug: "nope"})
			wantCode(t, err, desk.CodeInvalid, "department")
			_, err = s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b",
				RequesterEmail: "newcomer@nowhere.example", DepartmentID: 98765})
			wantCode(t, err, desk.CodeInvalid, "department")
			sameCounts(t, before, counts(t, s))
		})
		t.Run("a requester creates only for themselves", func(t *testing.T) {
			_, err := s.CreateRequest(ctx, f.alice, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "bob@ecole-soleil.example"})
			wantCode(t, err, desk.CodeForbidden)
			_, err = s.CreateRequest(ctx, f.alice, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "stranger@x.example"})
			wantCode(t, err, desk.CodeForbidden)
			r, err := s.CreateRequest(ctx, f.alice, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "alice@ecole-soleil.example"})
			must(t, err)
			if r.RequesterID != f.alice.PersonID {
				t.Fatalf("requester = %d", r.RequesterID)
			}
		})
		t.Run("read-only agents cannot create", func(t *testing.T) {
			_, err := s.CreateRequest(ctx, f.readOnly, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "a@b.example"})
			wantCode(t, err, desk.CodeForbidden)
		})
		t.Run("bad input names the field and writes nothing", func(t *testing.T) {
			before := counts(t, s)
			cases := map[string]desk.NewRequest{
				"subject":         {Subject: " ", Body: "b", RequesterEmail: "a@b.example"},
				"body":            {Subject: "s", Body: "  ", RequesterEmail: "a@b.example"},
				"requester.email": {Subject: "s", Body: "b", RequesterEmail: "not an email"},
				"priority":        {Subject: "s", Body: "b", RequesterEmail: "a@b.example", Priority: "asap"},
				"channel":         {Subject: "s", Body: "b", RequesterEmail: "a@b.example", Channel: "pigeon"},
				"tags":            {Subject: "s", Body: "b", RequesterEmail: "a@b.example", Tags: []string{"two words"}},
			}
			for field, in := range cases {
				_, err := s.CreateRequest(ctx, f.agent, in)
				wantCode(t, err, desk.CodeInvalid, field)
			}
			_, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b"})
			wantCode(t, err, desk.CodeInvalid, "requester.email")
			_, err = s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "nul\x00", Body: "b", RequesterEmail: "a@b.example"})
			wantCode(t, err, desk.CodeInvalid, "subject")
			sameCounts(t, before, counts(t, s))
		})
		t.Run("HTML bodies are sanitised", func(t *testing.T) {
			r, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "html", BodyHTML: `<p onclick="x()">Salut</p><script>alert(1)</script>`,
				RequesterEmail: "h@x.example"})
			must(t, err)
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			if h := d.Messages[0].BodyHTML; strings.Contains(h, "script") || strings.Contains(h, "onclick") || !strings.Contains(h, "Salut") {
				t.Fatalf("body_html = %q", h)
			}
		})
	})
}

func TestCreateRequestAttachments(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("attachments are stored once and readable", func(t *testing.T) {
			in := desk.NewRequest{Subject: "photo", Body: "voir pièce jointe", RequesterEmail: "p@x.example",
				Attachments: []desk.NewAttachment{{Filename: "a.txt", Content: []byte("même contenu")},
					{Filename: "b.txt", ContentType: "text/plain", Content: []byte("même contenu")}}}
			r, err := s.CreateRequest(ctx, f.agent, in)
			must(t, err)
			d, err := s.Request(ctx, f.agent, r.Number)
			must(t, err)
			atts := d.Messages[0].Attachments
			if len(atts) != 2 || atts[0].SHA256 != atts[1].SHA256 || atts[0].ContentType != "application/octet-stream" {
				t.Fatalf("attachments = %+v", atts)
			}
			if n := blobFiles(t, s.BlobDir()); n != 1 {
				t.Fatalf("%d files for one content", n)
			}
			att, rc, err := s.Attachment(ctx, f.agent, atts[1].ID)
			must(t, err)
			b, _ := io.ReadAll(rc)
			rc.Close()
			if string(b) != "même contenu" || att.Filename != "b.txt" {
				t.Fatalf("attachment %+v = %q", att, b)
			}
		})
		t.Run("a failed request leaves no attachment file behind", func(t *testing.T) {
			before := counts(t, s)
			_, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "q@x.example",
				DepartmentSlug: "nowhere", Attachments: []desk.NewAttachment{{Filename: "new.bin", Content: []byte("unique content 1")}}})
			wantCode(t, err, desk.CodeInvalid, "department")
			sameCounts(t, before, counts(t, s))
		})
		t.Run("too large and badly named attachments are refused", func(t *testing.T) {
			before := counts(t, s)
			_, err := s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "q@x.example",
				Attachments: []desk.NewAttachment{{Filename: "ok.bin", Content: []byte("fine")},
					{Filename: "big.bin", Content: make([]byte, 1025)}}})
			wantCode(t, err, desk.CodeTooLarge)
			_, err = s.CreateRequest(ctx, f.agent, desk.NewRequest{Subject: "s", Body: "b", RequesterEmail: "q@x.example",
				Attachments: []desk.NewAttachment{{Filename: "../../etc/passwd", Content: []byte("x")}}})
			wantCode(t, err, desk.CodeInvalid, "attachments.filename")
			sameCounts(t, before, counts(t, s))
		})
	})
}
