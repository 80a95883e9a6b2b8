package store

import (
	"slices"
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
