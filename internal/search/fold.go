package search

import "unicode/utf8"

// foldRange is a run of code points whose folding is known in advance: what
// foldNormalised makes of each alone, 0 when that is not a single code
// point. None of them is a combining mark, and none composes with its
// neighbours, so folding a text of them rune by rune gives what normalising
// it whole gives (TestFoldByTableIsFoldNormalised checks every one).
type foldRange struct {
	lo, hi rune // [lo, hi)
	to     []rune
}

func newFoldRange(lo, hi rune) foldRange {
	fr := foldRange{lo: lo, hi: hi, to: make([]rune, hi-lo)}
	for r := lo; r < hi; r++ {
		f := []rune(foldNormalised(string(r)))
		if len(f) == 1 {
			fr.to[r-lo] = f[0]
		}
	}
	return fr
}

// foldRanges: Latin-1 Supplement and Latin Extended-A and B (accented
// letters, « », non-breaking space), General Punctuation (’ – … and the
// typographic spaces) and the euro sign.
var foldRanges = []foldRange{newFoldRange(0x80, 0x250), newFoldRange(0x2000, 0x2070), newFoldRange(0x20AC, 0x20AD)}

// foldRune returns the folding of r from the tables; ok is false when the
// tables do not know it.
func foldRune(r rune) (rune, bool) {
	for _, fr := range foldRanges {
		if r >= fr.lo && r < fr.hi {
			f := fr.to[r-fr.lo]
			return f, f != 0
		}
	}
	return 0, false
}

// foldByTable folds text rune by rune; ok is false, and nothing is returned,
// when a rune is neither ASCII nor in the tables.
func foldByTable(text string) (string, bool) {
	b := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			b = append(b, asciiLower[c])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		f, ok := foldRune(r)
		if !ok {
			return "", false
		}
		b = utf8.AppendRune(b, f)
		i += size
	}
	return string(b), true
}

// asciiLower lowercases ASCII bytes.
var asciiLower = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()
