package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"guichet/internal/search"
)

// TestNewDocIsBuildDoc: a new request's row from its text analysed apart is
// the row of buildDoc.
func TestNewDocIsBuildDoc(t *testing.T) {
	for _, c := range []struct{ subject, body string }{
		{"Commande 1042 : question", "Bonjour, j'ai reçu ma commande mais il manque deux boîtes."},
		{"", "only a body, body body"},
		{"Subject words repeated in the body", "the body repeats subject words and adds others"},
		{"(sans objet / no subject)", ""},
	} {
		got, want := newDoc(c.subject, search.Analyze(c.body)), buildDoc(c.subject, []string{c.body}, nil)
		if !slices.Equal(got.pub, want.pub) || len(got.priv) != 0 || len(want.priv) != 0 {
			t.Errorf("%q / %q: newDoc %q, buildDoc %q", c.subject, c.body, got, want)
		}
	}
}

// TestUnionIsWholeAnalysis: the terms of a text followed by another's are
// the union of their analyses, for short and long first texts.
func TestUnionIsWholeAnalysis(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	words := strings.Fields("commande commandes livraison livré facture factures invoice invoices order ordered " +
		"shipping shipped crayons boîte boîtes école ecole merci thanks bonjour hello retard late")
	text := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		return b.String()
	}
	for i := 0; i < 500; i++ {
		a, b := text(rng.IntN(3)), text(rng.IntN(40))
		if i%2 == 0 {
			a = text(rng.IntN(60))
		}
		got := union(search.Analyze(a), search.Analyze(b))
		if want := capTerms(search.Analyze(a + "\n" + b)); !slices.Equal(got, want) {
			t.Fatalf("%q + %q: union %q, whole %q", a, b, got, want)
		}
	}
}
