package mail

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"

	"guichet/internal/desk"
	"guichet/internal/store"
)

func render(t *testing.T, m *store.OutboxMail) (message.Header, string) {
	t.Helper()
	r, err := NewRenderer("Support@Example.com", func() time.Time { return time.Date(2025, 3, 3, 15, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(context.Background(), m, func(context.Context, desk.Attachment) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader("file")), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := message.Read(bytes.NewReader(out.Raw))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	_ = e.Walk(func(_ []int, p *message.Entity, _ error) error {
		if mt, _, _ := p.Header.ContentType(); mt == "text/plain" {
			b, _ := io.ReadAll(p.Body)
			text = string(b)
		}
		return nil
	})
	return e.Header, text
}

func TestRender(t *testing.T) {
	t.Run("FrenchAcknowledgementNamesOwnerAndExpectedAnswer", func(t *testing.T) {
		h, text := render(t, &store.OutboxMail{Token: "g12.abc", Kind: store.MailAck, Number: 12, Subject: "Facture",
			ToEmail: "alice@ecole.example", ToName: "Alice", Language: desk.French,
			Data: map[string]any{"department": "Facturation", "agent": "Bill Payne", "expect_by": "2025-03-04T14:00:00Z"}})
		subject, _ := h.Text("Subject")
		if subject != "[#12] Demande reçue : Facture" || h.Get("Message-Id") != "<g12.abc@example.com>" {
			t.Fatalf("subject %q id %q", subject, h.Get("Message-Id"))
		}
		for _, want := range []string{"Bonjour Alice,", "#12", "l'équipe Facturation", "Bill Payne s'en occupe", "4 mars 2025"} {
			if !strings.Contains(text, want) {
				t.Fatalf("text lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("EnglishHandoffNote", func(t *testing.T) {
		_, text := render(t, &store.OutboxMail{Token: "g7.x", Kind: store.MailHandoff, Number: 7, Subject: "Refund",
			ToEmail: "bob@x.example", ToName: "bob@x.example", Language: desk.English, Data: map[string]any{"department": "Billing"}})
		if !strings.HasPrefix(text, "Hello,") || !strings.Contains(text, "Billing now looks after it") {
			t.Fatalf("text:\n%s", text)
		}
	})
	t.Run("HeaderInjectionIsNeutralised", func(t *testing.T) {
		h, _ := render(t, &store.OutboxMail{Token: "g1.x", Kind: store.MailAck, Number: 1, Subject: "x\r\nBcc: victim@x.example",
			ToEmail: "a@x.example", ToName: "A\r\nBcc: v@x.example", Language: desk.English, Data: map[string]any{}})
		if h.Get("Bcc") != "" {
			t.Fatal("injected header")
		}
	})
}
