package mail

import (
	"strings"

	"guichet/internal/desk"
)

var (
	frenchWords = wordSet{"le", "la", "les", "de", "des", "du", "et", "est", "je", "vous", "nous", "une", "pour",
		"pas", "que", "qui", "sur", "avec", "bonjour", "merci", "votre", "notre", "mon", "ma", "mes", "commande", "facture"}
	englishWords = wordSet{"the", "and", "is", "are", "i", "you", "we", "for", "not", "that", "with", "on",
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
	if len(text) > 2000 {
		text = text[:2000]
	}
	fr, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'à' && r <= 'ÿ' || r == '\'')
	}) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "l'"), "d'")
		if frenchWords.has(w) {
			fr++
		}
		if englishWords.has(w) {
			en++
		}
	}
	if en > fr {
		return desk.English
	}
	return desk.French
}

// wordSet is a small set of words, searched linearly (faster than a map
// for two dozen short words).
type wordSet []string

func (ws wordSet) has(w string) bool {
	if len(w) > 8 {
		return false
	}
	for _, v := range ws {
		if v == w {
			return true
		}
	}
	return false
}
