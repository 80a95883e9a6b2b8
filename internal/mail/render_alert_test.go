package mail

import (
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// An alert goes to an agent in their language, about no request thread
// (no plus-address to reply to), saying what is late and why they are told.
func TestRenderAlert(t *testing.T) {
	for _, tt := range []struct {
		lang          desk.Language
		data          map[string]any
		subject, body []string
	}{
		{desk.French, map[string]any{"trigger": "unpicked", "level": "leads", "number": "42", "subject": "Commande incomplète",
			"department": "Expédition", "within": "2h"},
			[]string{"[#42] Demande sans agent : Commande incomplète"},
			[]string{"attend un agent à Expédition depuis plus de 2h ouvrables", "comme responsable de Expédition"}},
		{desk.English, map[string]any{"trigger": "breached", "level": "owner", "number": "7", "subject": "Broken chair",
			"department": "Billing", "clock": "first_response", "expect_by": "2025-03-03T15:00:00Z"},
			[]string{"[#7] Late: Broken chair"},
			[]string{"The first response on request #7 \"Broken chair\" is late: it was due Monday, March 3, 2025"}},
	} {
		h, text := render(t, &store.OutboxMail{Token: "g0.x", Kind: store.MailAlert, ToEmail: "marie@example.com",
			ToName: "Marie Tremblay", Language: tt.lang, Data: tt.data})
		subject, _ := h.Text("Subject")
		for _, w := range tt.subject {
			if !strings.Contains(subject, w) {
				t.Errorf("%s alert subject %q lacks %q", tt.lang, subject, w)
			}
		}
		for _, w := range tt.body {
			if !strings.Contains(text, w) {
				t.Errorf("%s alert lacks %q:\n%s", tt.lang, w, text)
			}
		}
		if h.Get("Reply-To") != "" || h.Get("X-Guichet-Request") != "" {
			t.Errorf("an alert offers a reply address or joins the request's thread: %v", h)
		}
	}
}
