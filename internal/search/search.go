// Package search turns text into index terms and queries into term groups, the
// same way for every storage engine: the store indexes the terms Analyze returns
// (SQLite FTS5, PostgreSQL tsvector) and matches the groups Query returns, so
// search behaves identically on both engines. It is pure Go and knows no SQL.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MaxTermRunes bounds a token: longer ones (encoded data, long identifiers
// glued together) are dropped rather than indexed.
const MaxTermRunes = 60

// MaxQueryWords bounds how many words of a query are matched; the rest are ignored.
const MaxQueryWords = 16

// Analyze returns the unique index terms of text: lowercased, accents folded,
// split on anything that is not a letter or digit, tokens of one character or
// longer than MaxTermRunes dropped, and each token stemmed in English and in
// French (both stems kept). The order is that of first appearance.
func Analyze(text string) []string {
	a := newAnalysis(len(text))
	if !a.scanByTable(text) { // a rune the fold tables do not know: fold the whole text first
		a = newAnalysis(len(text))
		eachToken(text, func(tok string) { a.add([]byte(tok)) })
	}
	return a.out
}

// analysis collects the terms of a text.
type analysis struct {
	tokens tokenSet            // each distinct token is stemmed once
	seen   map[string]struct{} // terms already out
	out    []string
}

// newAnalysis returns an analysis sized for a text of n bytes (words of
// about five letters and a separator), up to the size of a long mail's
// vocabulary: most texts are a subject and a few lines, and sizing every
// analysis for a long mail was half of what creating a request allocated.
func newAnalysis(n int) *analysis {
	words := min(n/6+4, 128)
	a := &analysis{seen: make(map[string]struct{}, words)}
	a.tokens.reserve(words)
	return a
}

// add adds the terms of token tok (its bytes are not kept).
func (a *analysis) add(tok []byte) {
	t, added := a.tokens.add(tok)
	if !added {
		return
	}
	for _, term := range Stems(t) {
		if _, ok := a.seen[term]; !ok {
			a.seen[term] = struct{}{}
			a.out = append(a.out, term)
		}
	}
}

// scanByTable adds the tokens of text folding it rune by rune from the fold
// tables as it goes (Tokens of Fold without the folded copy); false, with
// a part of the terms added, when a rune is neither ASCII nor in the tables.
func (a *analysis) scanByTable(text string) bool {
	var tok []byte // the folded word being read
	runes := 0
	end := func() {
		if runes > 1 && runes <= MaxTermRunes {
			a.add(tok)
		}
		tok, runes = tok[:0], 0
	}
	for i := 0; i < len(text); {
		f, size := rune(asciiLower[text[i]&0x7f]), 1
		if text[i] >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			var ok bool
			if f, ok = foldRune(r); !ok {
				return false
			}
		}
		i += size
		if f < utf8.RuneSelf && !asciiWord[f] || f >= utf8.RuneSelf && !unicode.IsLetter(f) && !unicode.IsDigit(f) {
			end()
			continue
		}
		tok = utf8.AppendRune(tok, f)
		runes++
	}
	end()
	return true
}

// Query returns the groups a query matches: one group per query word (at most
// MaxQueryWords), holding that word's English and French stems. A document
// matches when, for every group, it holds at least one of the group's terms.
// Any text is accepted; a query with no usable word returns no group.
func Query(text string) [][]string {
	var groups [][]string
	seen := map[string]bool{}
	for _, tok := range Tokens(text) {
		if seen[tok] {
			continue
		}
		seen[tok] = true
		groups = append(groups, Stems(tok))
		if len(groups) == MaxQueryWords {
			break
		}
	}
	return groups
}

// Tokens returns the normalised tokens of text, in order, with repeats:
// lowercased, accents folded, split on non-letters/digits, tokens of one
// character or longer than MaxTermRunes dropped.
func Tokens(text string) []string {
	var out []string
	eachToken(text, func(tok string) { out = append(out, tok) })
	return out
}

// eachToken calls fn with the tokens of text, in order, with repeats (see
// Tokens).
func eachToken(text string, fn func(tok string)) {
	folded := Fold(text)
	start, runes := -1, 0 // the word being read: where it starts, its length in runes
	for i := 0; i < len(folded); {
		r, size := rune(folded[i]), 1
		word := r < utf8.RuneSelf && asciiWord[r]
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(folded[i:])
			word = r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
		}
		switch {
		case !word:
			if start >= 0 && runes > 1 && runes <= MaxTermRunes {
				fn(folded[start:i])
			}
			start, runes = -1, 0
		case start < 0:
			start, runes = i, 1
		default:
			runes++
		}
		i += size
	}
	if start >= 0 && runes > 1 && runes <= MaxTermRunes {
		fn(folded[start:])
	}
}

// asciiWord tells the ASCII letters and digits, the bytes words are made of.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		t[r] = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return t
}()

// Fold lowercases text and removes its accents (combining marks after NFD
// decomposition): "École Été" becomes "ecole ete". Text made of ASCII and of
// the letters and signs of the fold tables (French, English and the other
// Latin-script languages, typographic punctuation) is folded rune by rune
// from the tables, which give what the normalisation would; other text is
// normalised.
func Fold(text string) string {
	if isASCII(text) {
		return strings.ToLower(text)
	}
	if s, ok := foldByTable(text); ok {
		return s
	}
	return foldNormalised(text)
}

// foldNormalised is Fold by Unicode normalisation, for any text.
func foldNormalised(text string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, err := transform.String(t, strings.ToLower(text))
	if err != nil {
		return strings.ToLower(text)
	}
	return s
}

// Stems returns the English and French stems of a normalised token, one entry
// when they agree. Stemming is the costly part of analysis, and real text
// repeats its words, so results are remembered (see stemCache).
func Stems(tok string) []string {
	if st, ok := stems.get(tok); ok {
		return st
	}
	st := stem(tok)
	stems.put(tok, st)
	return st
}

func stem(tok string) []string {
	en := english.Stem(tok, true)
	fr := french.Stem(tok, true)
	if en == "" {
		en = tok
	}
	if fr == "" || fr == en {
		return []string{en}
	}
	return []string{en, fr}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
