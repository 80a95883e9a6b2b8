package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestAnalyze(t *testing.T) {
	t.Run("folds accents and case", func(t *testing.T) {
		got := Analyze("ÉCOLE été")
		if !slices.Contains(got, "ecol") && !slices.Contains(got, "ecole") {
			t.Fatalf("Analyze = %v, want a stem of ecole", got)
		}
		for _, term := range got {
			if strings.ContainsAny(term, "éÉ") {
				t.Fatalf("accent kept in %q", term)
			}
		}
	})
	t.Run("stems in English and French", func(t *testing.T) {
		got := Analyze("shipping factures")
		for _, want := range []string{"ship", "factur"} {
			if !slices.Contains(got, want) {
				t.Errorf("Analyze = %v, want %q", got, want)
			}
		}
	})
	t.Run("drops one-letter tokens and duplicates", func(t *testing.T) {
		got := Analyze("a b c order order ORDER")
		if slices.Contains(got, "a") || slices.Contains(got, "b") {
			t.Fatalf("one-letter token kept: %v", got)
		}
		if len(got) != len(slices.Compact(slices.Clone(got))) {
			t.Fatalf("duplicates: %v", got)
		}
	})
	t.Run("terms are single words of letters and digits", func(t *testing.T) {
		text := `"quoted" * NEAR(a b) col:term a&b (x) ' OR 1=1; -- l'école C'était "Ça" naïveté Straße 2024-06 İstanbul ﬁnancial`
		for _, term := range Analyze(text) {
			for _, r := range term {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) || unicode.IsUpper(r) {
					t.Fatalf("term %q has %q", term, r)
				}
			}
		}
	})
	t.Run("drops overlong tokens", func(t *testing.T) {
		if got := Analyze(strings.Repeat("x", MaxTermRunes+1)); len(got) != 0 {
			t.Fatalf("Analyze = %v", got)
		}
	})
}

// analyzeByTokens is Analyze as its definition reads: every token of
// FieldsFunc stemmed, the terms kept at their first appearance.
func analyzeByTokens(text string) []string {
	var out []string
	for _, tok := range tokensByFields(text) {
		for _, term := range stem(tok) {
			if !slices.Contains(out, term) {
				out = append(out, term)
			}
		}
	}
	return out
}

func TestAnalyzeAsDefined(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := strings.Fields("Bonjour commande commandes ordered orders order École école ÉCOLE livraison livraisons " +
		"shipping shipped ship 2024 x é’ « » 東京 naïveté Straße facture factures l'école")
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for j := rng.IntN(60); j >= 0; j-- {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString([]string{" ", "\n", ", ", "-", "."}[rng.IntN(5)])
		}
		s := b.String()
		if got, want := Analyze(s), analyzeByTokens(s); !slices.Equal(got, want) {
			t.Fatalf("%q:\nAnalyze %q\nwant    %q", s, got, want)
		}
	}
	if got, want := Analyze(mailText), analyzeByTokens(mailText); !slices.Equal(got, want) {
		t.Fatalf("mail text: Analyze %q, want %q", got, want)
	}
}

func TestQuery(t *testing.T) {
	t.Run("one group per word, matching the indexed stems", func(t *testing.T) {
		doc := Analyze("Les commandes livrées en retard")
		groups := Query("commande livrée")
		if len(groups) != 2 {
			t.Fatalf("groups = %v", groups)
		}
		for _, g := range groups {
			if !slices.ContainsFunc(g, func(s string) bool { return slices.Contains(doc, s) }) {
				t.Errorf("group %v matches nothing in %v", g, doc)
			}
		}
	})
	t.Run("punctuation-only query has no group", func(t *testing.T) {
		if g := Query(`"*" ( ) : & |`); len(g) != 0 {
			t.Fatalf("groups = %v", g)
		}
	})
	t.Run("bounded number of words", func(t *testing.T) {
		if g := Query(strings.Repeat("mot ", 10) + strings.Repeat("autre chose encore ", 20)); len(g) > MaxQueryWords {
			t.Fatalf("%d groups", len(g))
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	f.Add("Bonjour, j'ai reçu la mauvaise pièce")
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range Analyze(s) {
			if len([]rune(term)) < 1 || strings.ContainsAny(term, " \"'*:()&|!\\") {
				t.Fatalf("bad term %q", term)
			}
		}
	})
}

func TestText(t *testing.T) {
	t.Run("plain text wins", func(t *testing.T) {
		if got := Text("bonjour", "<p>autre</p>"); got != "bonjour" {
			t.Fatalf("Text = %q", got)
		}
	})
	t.Run("html text when plain text is blank", func(t *testing.T) {
		got := Text(" ", `<p>Caf&eacute; <b>cr&egrave;me</b></p><script>evil()</script><style>x{}</style>`)
		if !strings.Contains(got, "Café") || !strings.Contains(got, "crème") || strings.Contains(got, "evil") {
			t.Fatalf("Text = %q", got)
		}
	})
}

func TestStemMemoryChangesNoResult(t *testing.T) {
	for _, text := range []string{"Les livraisons arrivent", "shipping shipped ships", "École réception"} {
		first := Analyze(text)  // computes and remembers
		second := Analyze(text) // from memory
		if strings.Join(first, " ") != strings.Join(second, " ") {
			t.Fatalf("Analyze(%q) changed with memory: %v then %v", text, first, second)
		}
	}
	for i := 0; i < maxCachedStems+10; i++ { // overflow starts afresh, never grows past the bound
		Stems(fmt.Sprintf("mot%d", i))
	}
	if n := len(stems.m); n > maxCachedStems {
		t.Fatalf("stem memory holds %d entries, bound is %d", n, maxCachedStems)
	}
}

// mailText is about 10 KB of the French and English sentences guichet bench
// mail sends.
var mailText = strings.Repeat("Bonjour, j'ai reçu ma commande mais il manque deux boîtes de crayons de couleur.\n"+
	"Hello, the tracking number you sent does not work on the carrier's site.\n"+
	"Le colis est arrivé endommagé, les cartables sont déchirés, voir la photo jointe.\n", 45)

func BenchmarkAnalyze(b *testing.B) {
	b.SetBytes(int64(len(mailText)))
	for b.Loop() {
		Analyze(mailText)
	}
}

func TestTokenSet(t *testing.T) {
	var s tokenSet
	for round := 0; round < 2; round++ {
		for i := 0; i < 5000; i++ {
			tok := fmt.Sprintf("tok%d", i)
			got, added := s.add([]byte(tok))
			if added != (round == 0) || added && got != tok {
				t.Fatalf("round %d, %q: add = %q, %v", round, tok, got, added)
			}
		}
	}
	if s.n != 5000 || 2*s.n > len(s.slots) || s.m != nil {
		t.Fatalf("%d tokens in %d slots (map %v)", s.n, len(s.slots), s.m != nil)
	}
	t.Run("colliding tokens move the set to a map", func(t *testing.T) {
		var s tokenSet
		var colliding []string // tokens whose hashes share their low 8 bits
		for i := 0; len(colliding) < 3*maxProbe; i++ {
			if tok := fmt.Sprintf("c%d", i); fnv([]byte(tok))&0xff == 0 {
				colliding = append(colliding, tok)
			}
		}
		for round := 0; round < 2; round++ {
			for _, tok := range colliding {
				if _, added := s.add([]byte(tok)); added != (round == 0) {
					t.Fatalf("round %d, %q: added %v", round, tok, added)
				}
			}
		}
		if s.m == nil || len(s.m) != len(colliding) {
			t.Fatalf("map %v after %d colliding tokens", s.m != nil, len(colliding))
		}
	})
}
