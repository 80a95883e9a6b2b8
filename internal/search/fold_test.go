package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestFoldByTableIsFoldNormalised: the tables fold exactly as normalising
// does, every code point they hold alone and mixed in text, and text with a
// rune they do not hold is normalised.
func TestFoldByTableIsFoldNormalised(t *testing.T) {
	var known []rune
	for _, fr := range foldRanges {
		for r := fr.lo; r < fr.hi; r++ {
			if f, ok := foldRune(r); ok {
				known = append(known, r)
				if got, want := string(f), foldNormalised(string(r)); got != want {
					t.Fatalf("%U: table %q, normalised %q", r, got, want)
				}
			}
		}
	}
	if len(known) < 500 {
		t.Fatalf("only %d code points in the tables", len(known))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ascii := "abcXYZ 09'-.,\n"
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for j := rng.IntN(12); j >= 0; j-- {
			if rng.IntN(2) == 0 {
				b.WriteByte(ascii[rng.IntN(len(ascii))])
			} else {
				b.WriteRune(known[rng.IntN(len(known))])
			}
		}
		if s := b.String(); Fold(s) != foldNormalised(s) {
			t.Fatalf("%q: Fold %q, normalised %q", s, Fold(s), foldNormalised(s))
		}
	}
	for _, s := range []string{"Crème brûlée à l’école « Été » – 12 €", "ÉCOLE Straße Øresund œuvre İstanbul"} {
		if got, ok := foldByTable(s); !ok || got != foldNormalised(s) {
			t.Errorf("%q: table %q (%v), normalised %q", s, got, ok, foldNormalised(s))
		}
	}
	for _, s := range []string{"e\u0301cole", "東京 été", "ﬁnancial", "bad \xff utf-8"} {
		if _, ok := foldByTable(s); ok {
			t.Errorf("%q folded by table", s)
		}
		if Fold(s) != foldNormalised(s) {
			t.Errorf("%q: Fold %q, normalised %q", s, Fold(s), foldNormalised(s))
		}
	}
}

func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("Bonjour, j'ai reçu ma commande mais il manque deux boîtes de crayons de couleur. ", 120)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fold(text)
	}
}

// tokensByFields is Tokens as strings.FieldsFunc computes it, the reference
// of TestTokensAsFieldsFunc.
func tokensByFields(text string) []string {
	words := strings.FieldsFunc(Fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := []string{}
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n > 1 && n <= MaxTermRunes {
			out = append(out, w)
		}
	}
	return out
}

func TestTokensAsFieldsFunc(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("aZ09 -'.,\n\té€’«»東京\u0301\ufffdx")
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for j := rng.IntN(40); j >= 0; j-- {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		if rng.IntN(10) == 0 {
			b.WriteString("\xff" + strings.Repeat("y", MaxTermRunes))
		}
		s := b.String()
		if got, want := Tokens(s), tokensByFields(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("%q: Tokens %q, FieldsFunc %q", s, got, want)
		}
	}
}
