package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func parseFile(t *testing.T, name string) *Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(raw, ParseOptions{EnvelopeFrom: "sender@ailleurs.example"})
}

func TestParseCorpus(t *testing.T) {
	t.Run("QuotedPrintableFrenchWithEncodedWords", func(t *testing.T) {
		m := parseFile(t, "plain_fr.eml")
		want(t, m.Subject, "Facture en double pour la commande 4471")
		want(t, m.From.Email, "alice@ecole-soleil.example")
		want(t, m.From.Name, "Alice Tremblay")
		want(t, m.MessageID, "CAF1234.plain-fr@mail.ecole-soleil.example")
		contains(t, m.Text, "Nous avons reçu deux factures pour la même commande (n° 4471).")
		if m.Language != desk.French || m.Auto != NotAuto || m.Malformed {
			t.Fatalf("language %q auto %q malformed %v", m.Language, m.Auto, m.Malformed)
		}
	})
	t.Run("GmailReplyFoldsQuotedHistoryInTextAndHTML", func(t *testing.T) {
		m := parseFile(t, "reply_gmail_en.eml")
		want(t, m.Text, "Thanks, the tracking number works now.")
		contains(t, m.Quoted, "Your order was shipped today.")
		if strings.Contains(m.HTML, "shipped") || !strings.Contains(m.HTML, "tracking number") {
			t.Fatalf("html kept the quote or lost the text: %q", m.HTML)
		}
		ids := m.ReplyIDs()
		if len(ids) != 2 || ids[0] != "g1234.aaaaaaaaaaaaaaaaaaaaaaaa@example.com" || ids[1] != "CABob-orig@mail.gmail.example" {
			t.Fatalf("reply ids %q", ids)
		}
		if m.Language != desk.English {
			t.Fatalf("language %q", m.Language)
		}
	})
	t.Run("OutlookFrenchWindows1252FoldsHeaderBlock", func(t *testing.T) {
		m := parseFile(t, "reply_outlook_fr.eml")
		want(t, m.From.Name, "Élise Roy")
		want(t, m.Text, "Bonjour,\n\nLe colis est arrivé endommagé, voir photo.\n\nCordialement,\nÉlise")
		contains(t, m.Quoted, "Envoyé : 3 mars 2025")
		want(t, CleanSubject(m.Subject), "Votre commande")
	})
	t.Run("ISO88591SubjectAndBody", func(t *testing.T) {
		m := parseFile(t, "latin1.eml")
		want(t, m.Subject, "Problème de connexion à l'intranet")
		contains(t, m.Text, "Je n'arrive plus à me connecter à l'intranet")
	})
	t.Run("ISO2022JP", func(t *testing.T) {
		m := parseFile(t, "iso2022jp.eml")
		want(t, m.Subject, "注文について")
		contains(t, m.Text, "注文番号 7788 の配送状況")
	})
	t.Run("HostileHTMLIsInertAndGetsATextVersion", func(t *testing.T) {
		m := parseFile(t, "html_only_hostile.eml")
		for _, bad := range []string{"<script", "onload", "onclick", "javascript:", "<img", "tracker.evil", "<iframe", "display:none"} {
			if strings.Contains(strings.ToLower(m.HTML), bad) {
				t.Errorf("html keeps %q: %s", bad, m.HTML)
			}
		}
		contains(t, m.Text, "Please pay this invoice today.")
		contains(t, m.Text, "- First item")
		contains(t, m.Text, "here (https://evil.example/pay)")
		want(t, m.Subject, "<script>alert(1)</script> Urgent invoice") // plain text, escaped when shown
	})
	t.Run("AttachmentsInlineImagesAndSafeNames", func(t *testing.T) {
		m := parseFile(t, "attachments.eml")
		want(t, m.Text, "Voici le bon de commande signé et une photo.")
		if len(m.Attachments) != 3 {
			t.Fatalf("attachments: %d", len(m.Attachments))
		}
		want(t, m.Attachments[0].ContentType, "image/png")
		if !strings.HasPrefix(m.Attachments[0].Filename, "attachment-1") {
			t.Fatalf("inline image name %q", m.Attachments[0].Filename)
		}
		want(t, m.Attachments[1].Filename, "bon de commande signé.pdf")
		contains(t, string(m.Attachments[1].Content), "%PDF-1.4")
		if n := m.Attachments[2].Filename; strings.ContainsAny(n, "/\\") || strings.HasPrefix(n, ".") {
			t.Fatalf("unsafe file name kept: %q", n)
		}
	})
	t.Run("BounceIsRecognisedAndFindsTheOriginal", func(t *testing.T) {
		m := Parse(mustRead(t, "bounce_dsn.eml"), ParseOptions{EnvelopeFrom: ""})
		if m.Auto != Bounce {
			t.Fatalf("auto %q", m.Auto)
		}
		if ids := m.ReplyIDs(); len(ids) != 1 || ids[0] != "g77.bbbbbbbbbbbbbbbbbbbbbbbb@example.com" {
			t.Fatalf("reply ids %q", ids)
		}
	})
	t.Run("OutOfOfficeIsAnAutoReply", func(t *testing.T) {
		if m := parseFile(t, "ooo_autoreply.eml"); m.Auto != AutoReply {
			t.Fatalf("auto %q", m.Auto)
		}
	})
	t.Run("NewsletterIsBulk", func(t *testing.T) {
		if m := parseFile(t, "bulk_newsletter.eml"); m.Auto != Bulk {
			t.Fatalf("auto %q", m.Auto)
		}
	})
	t.Run("MalformedMultipartIsKeptWhole", func(t *testing.T) {
		m := parseFile(t, "malformed_boundary.eml")
		if !m.Malformed || len(m.Attachments) == 0 || m.Attachments[len(m.Attachments)-1].Filename != "message.eml" {
			t.Fatalf("malformed %v attachments %d", m.Malformed, len(m.Attachments))
		}
		want(t, m.Subject, "Broken multipart")
		want(t, m.MessageID, "broken-1@ailleurs.example")
	})
	t.Run("MissingMessageIDIsTheContentHash", func(t *testing.T) {
		a, b := parseFile(t, "no_message_id.eml"), parseFile(t, "no_message_id.eml")
		if !strings.HasPrefix(a.MessageID, "sha256:") || a.MessageID != b.MessageID {
			t.Fatalf("ids %q %q", a.MessageID, b.MessageID)
		}
	})
	t.Run("SignatureAndMobileFooterFolded", func(t *testing.T) {
		m := parseFile(t, "signature_en.eml")
		want(t, m.Text, "I cannot reset my password, the link has expired.")
		contains(t, m.Quoted, "Purchasing")
	})
	t.Run("FrenchAttributionFolded", func(t *testing.T) {
		m := parseFile(t, "fr_quoted.eml")
		want(t, m.Text, "Merci, c'est réglé de mon côté.")
		if n := SubjectNumbers(m.Subject); len(n) != 1 || n[0] != 1234 {
			t.Fatalf("numbers %v", n)
		}
	})
	t.Run("UnknownCharsetReadAsWindows1252", func(t *testing.T) {
		m := parseFile(t, "unknown_charset.eml")
		want(t, m.Text, "Café crème, s'il vous plaît.")
	})
	t.Run("CRLFLineEnds", func(t *testing.T) {
		raw := strings.ReplaceAll(string(mustRead(t, "plain_fr.eml")), "\n", "\r\n")
		m := Parse([]byte(raw), ParseOptions{})
		contains(t, m.Text, "Pouvez-vous annuler la seconde ?")
		if strings.Contains(m.Text, "\r") {
			t.Fatal("carriage returns kept")
		}
	})
}

func TestParseHostileSizes(t *testing.T) {
	t.Run("HugeHeaderIsKeptAsRawAttachment", func(t *testing.T) {
		raw := "From: a@b.example\nSubject: big\nX-Junk: " + strings.Repeat("x", 400<<10) + "\n\nbody\n"
		m := Parse([]byte(raw), ParseOptions{})
		if !m.Malformed || m.Attachments[len(m.Attachments)-1].Filename != "message.eml" {
			t.Fatalf("malformed %v", m.Malformed)
		}
	})
	t.Run("PartOverTheLimitIsLeftOut", func(t *testing.T) {
		raw := "From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\n" +
			"Content-Type: application/zip\nContent-Disposition: attachment; filename=bomb.zip; size=99999999999\n\n" +
			strings.Repeat("z", 5000) + "\n--b--\n"
		m := Parse([]byte(raw), ParseOptions{MaxPartBytes: 1000})
		want(t, m.Text, "hi")
		for _, a := range m.Attachments {
			if a.Filename == "bomb.zip" {
				t.Fatal("oversized part kept")
			}
		}
		if !m.Malformed {
			t.Fatal("the left-out part is not reported")
		}
	})
	t.Run("DeepNestingStops", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n")
		for i := 1; i < 40; i++ {
			b.WriteString("--b" + itoa(i-1) + "\nContent-Type: multipart/mixed; boundary=b" + itoa(i) + "\n\n")
		}
		m := Parse([]byte(b.String()), ParseOptions{})
		if !m.Malformed {
			t.Fatal("deep nesting not reported")
		}
	})
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func want(t *testing.T, got, wantS string) {
	t.Helper()
	if got != wantS {
		t.Fatalf("got %q, want %q", got, wantS)
	}
}

func contains(t *testing.T, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%q does not contain %q", s, sub)
	}
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i/10)) + string(rune('0'+i%10)))
}
