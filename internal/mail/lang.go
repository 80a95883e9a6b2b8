package mail

import (
	"strings"

	"guichet/internal/desk"
)

var (
	frenchWords = []string{"le", "la", "les", "de", "des", "du", "et", "est", "je", "vous", "nous", "une", "pour",
		"pas", "que", "qui", "sur", "avec", "bonjour", "merci", "votre", "notre", "mon", "ma", "mes", "commande", "facture"}
	englishWords = []string{"the", "and", "is", "are", "i", "you", "we", "for", "not", "that", "with", "on",
		"hello", "hi", "thanks", "thank", "your", "our", "my", "order", "invoice", "please", "of", "to"}
)

// guessLanguage picks fr-CA or en for a requester not known yet: from the
// Content-Language header when it names one, else from common words of the
// text; French (the desk's default) when unsure.
func guessLanguage(header, text string) desk.Language {
	h := strings.ToLower(strings.TrimSpace(header))
	switch {
	case strings.HasPrefix(h, "fr"):
		return desk.French
	case strings.HasPrefix(h, "en"):
		return desk.English
	}
	if len(text) > 4000 {
		text = text[:4000]
	}
	fr, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'à' && r <= 'ÿ' || r == '\'')
	}) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "l'"), "d'")
		if containsStr(frenchWords, w) {
			fr++
		}
		if containsStr(englishWords, w) {
			en++
		}
	}
	if en > fr {
		return desk.English
	}
	return desk.French
}

func containsStr(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}
