package mail

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"guichet/internal/desk"
)

// The references below are the straightforward versions of functions that
// were rewritten for speed; the tests check that both give the same result.

func toValidTextRef(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func guessLanguageRef(header, text string) desk.Language {
	h := strings.ToLower(strings.TrimSpace(header))
	switch {
	case strings.HasPrefix(h, "fr"):
		return desk.French
	case strings.HasPrefix(h, "en"):
		return desk.English
	}
	if len(text) > 2000 {
		text = text[:2000]
	}
	fr, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'à' && r <= 'ÿ' || r == '\'')
	}) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "l'"), "d'")
		if len(w) <= 8 && slices.Contains(frenchWords, w) {
			fr++
		}
		if len(w) <= 8 && slices.Contains(englishWords, w) {
			en++
		}
	}
	if en > fr {
		return desk.English
	}
	return desk.French
}

func mayStartHistoryRef(l string) bool {
	if hasWrote(l) {
		return true
	}
	t := strings.TrimLeft(l, " \t*>")
	if strings.HasPrefix(t, "--") || strings.HasPrefix(t, "__") {
		return true
	}
	head := strings.ToLower(t[:min(len(t), 14)])
	return (strings.HasPrefix(head, "from") || strings.HasPrefix(head, "de")) && strings.Contains(head, ":")
}

func foldQuotedRef(text string) (visible, folded string) {
	lines := strings.Split(text, "\n")
	cut := historyStartRef(lines)
	if sig := signatureStart(lines[:cut]); sig >= 0 {
		cut = sig
	}
	visible = strings.TrimSpace(strings.Join(lines[:cut], "\n"))
	if visible == "" {
		return strings.TrimSpace(text), ""
	}
	return visible, strings.TrimSpace(strings.Join(lines[cut:], "\n"))
}

func historyStartRef(lines []string) int {
	for i, l := range lines {
		if !mayStartHistoryRef(l) && (i+1 >= len(lines) || !hasWrote(lines[i+1])) {
			continue
		}
		switch {
		case separator.MatchString(l), wroteEN.MatchString(l), wroteFR.MatchString(l):
			return i
		case i+1 < len(lines) && isWrappedAttribution(l, lines[i+1]):
			return i
		case underscore.MatchString(l) && i+1 < len(lines) && headerFrom.MatchString(lines[i+1]):
			return i
		case headerFrom.MatchString(l) && outlookBlock(lines[i+1:]):
			return i
		}
	}
	return trailingQuote(lines)
}

// randomText returns text made of pieces that matter to the functions above.
func randomText(rng *rand.Rand) string {
	pieces := []string{"a", "Z", "é", "É", "ÿ", "'", "l'", "d'", " ", "\t", "\r", "\n", "\r\n", "\x00", "\x01", "\x7f",
		"\xff", "\xc3", "\xe2\x82", "\uFFFD", "K", "\u212a", "İ", "Ⱥ", "the ", "and ", "le ", "la ", "merci ", "thanks ",
		"Bonjour ", "Hello ", "From: x", "De : y", "DE :", "FROM:", "-- ", "--", "__", "> quoted", "wrote:", "a écrit :",
		"On Mon, 3 Mar 2025, Alice <a@b.c> wrote:", "Le lun. 3 mars 2025, Alice a écrit :", "Sent: today",
		"-----Original Message-----", "__________", "Sent from my phone", "*From:* z", "東京", "ſ"}
	var b strings.Builder
	for j := rng.IntN(80); j >= 0; j-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

func TestRewrittenAsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 8000; i++ {
		s := randomText(rng)
		if got, want := toValidText(s), toValidTextRef(s); got != want {
			t.Fatalf("toValidText(%q) = %q, want %q", s, got, want)
		}
		if got, want := mayStartHistory(s), mayStartHistoryRef(s); got != want {
			t.Fatalf("mayStartHistory(%q) = %v, want %v", s, got, want)
		}
		v := toValidText(s)
		if gv, gf := FoldQuoted(v); true {
			if wv, wf := foldQuotedRef(v); gv != wv || gf != wf {
				t.Fatalf("FoldQuoted(%q) = %q, %q; want %q, %q", v, gv, gf, wv, wf)
			}
		}
		long := strings.Repeat(s, 1+rng.IntN(60))
		if got, want := guessLanguage("", long), guessLanguageRef("", long); got != want {
			t.Fatalf("guessLanguage(%q) = %v, want %v", long, got, want)
		}
		subject := randomText(rng)
		if got, want := languageOf("", subject, long), guessLanguageRef("", subject+"\n"+long); got != want {
			t.Fatalf("languageOf(%q, %q) = %v, want %v", subject, long, got, want)
		}
		if !utf8.ValidString(toValidText(s)) {
			t.Fatalf("toValidText(%q) is not valid UTF-8", s)
		}
	}
	if got, want := guessLanguage("en-CA", "bonjour"), desk.English; got != want {
		t.Fatalf("Content-Language en-CA gave %v", got)
	}
}
