package mail

import (
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// The portal's sign-in mail carries its link in the person's language, is
// marked automatic and offers no address to reply to.
func TestRenderSignInLink(t *testing.T) {
	const link = "https://desk.example/portal/link?t=AbC-123_xyz"
	for lang, want := range map[desk.Language][]string{
		desk.English: {"Hello Lea,", link, "within 20 minutes"},
		desk.French:  {"Bonjour Lea,", link, "dans les 20 minutes"},
	} {
		h, text := render(t, &store.OutboxMail{Token: "g0.abc", Kind: store.MailSignIn, ToEmail: "lea@example.com",
			ToName: "Lea", Language: lang, Data: map[string]any{"link": link, "minutes": "20", "department": "Accueil"}})
		subject, _ := h.Text("Subject")
		if subject == "" || h.Get("Reply-To") != "" || h.Get("Auto-Submitted") != "auto-replied" || h.Get("X-Guichet-Request") != "" {
			t.Fatalf("%s: subject %q, headers %v", lang, subject, h)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Fatalf("%s: mail lacks %q:\n%s", lang, w, text)
			}
		}
	}
}
