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
// text's first 2,000 bytes; French (the desk's default) when unsure.
func guessLanguage(header, text string) desk.Language {
	h := strings.ToLower(strings.TrimSpace(header))
	switch {
	case strings.HasPrefix(h, "fr"):
		return desk.French
	case strings.HasPrefix(h, "en"):
		return desk.English
	}
	if len(text) > maxLanguageText {
		text = text[:maxLanguageText]
	}
	lower := strings.ToLower(text)
	fr, en := 0, 0
	count := func(w string) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "l'"), "d'")
		if len(w) > maxWordBytes {
			return
		}
		kind := commonWords[w]
		fr += int(kind & frenchWord)
		en += int(kind&englishWord) >> 1
	}
	start := -1 // where the word being read starts
	for i, r := range lower {
		if r >= 'a' && r <= 'z' || r >= 'à' && r <= 'ÿ' || r == '\'' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			count(lower[start:i])
			start = -1
		}
	}
	if start >= 0 {
		count(lower[start:])
	}
	if en > fr {
		return desk.English
	}
	return desk.French
}

// languageOf is guessLanguage of subject and text joined by a newline,
// without copying more of text than is read.
func languageOf(header, subject, text string) desk.Language {
	head := subject + "\n"
	if len(head) < maxLanguageText {
		head += text[:min(len(text), maxLanguageText-len(head))]
	}
	return guessLanguage(header, head)
}

// maxLanguageText is how much of a text guessLanguage reads.
const maxLanguageText = 2000

// maxWordBytes is the length of the longest common word.
const maxWordBytes = 8

const (
	frenchWord  = 1
	englishWord = 2
)

// commonWords tells the French and English common words apart (a word may
// be both).
var commonWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, w := range frenchWords {
		m[w] |= frenchWord
	}
	for _, w := range englishWords {
		m[w] |= englishWord
	}
	return m
}()
