package bench

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// writer writes realistic bilingual subjects and message bodies from the
// vocabulary, with Zipf-distributed word choice. Not safe for concurrent use.
type writer struct {
	r                        *rand.Rand
	prodFR, prodEN, place, s *rand.Zipf
	b                        strings.Builder
}

func newWriter(r *rand.Rand) *writer {
	z := func(n int) *rand.Zipf { return rand.NewZipf(r, 1.1, 1, uint64(n-1)) }
	return &writer{r: r, prodFR: z(len(productsFR)), prodEN: z(len(productsEN)), place: z(len(places)), s: z(len(schools))}
}

// french reports whether the next request is written in French (60%).
func (w *writer) french() bool { return w.r.IntN(10) < 6 }

// subject returns a one-line subject.
func (w *writer) subject(fr bool) string {
	return w.fill(w.pick(subjectsFR, subjectsEN, fr), fr)
}

// body returns a message of 2 to 4 sentences in the voice of kind.
func (w *writer) body(fr bool, kind desk.MessageKind) string {
	return w.sentences(fr, kind, 2+w.r.IntN(3))
}

// sentences returns n sentences in the voice of kind, separated by spaces.
func (w *writer) sentences(fr bool, kind desk.MessageKind, n int) string {
	var fr1, en1 []string
	switch kind {
	case desk.KindReply:
		fr1, en1 = replyFR, replyEN
	case desk.KindNote:
		fr1, en1 = noteFR, noteEN
	default:
		fr1, en1 = askFR, askEN
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = w.fill(w.pick(fr1, en1, fr), fr)
	}
	return strings.Join(parts, " ")
}

// apiBody returns a requester's message of about size bytes.
func (w *writer) apiBody(fr bool, size int) string {
	var b strings.Builder
	for b.Len() < size {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.fill(w.pick(askFR, askEN, fr), fr))
	}
	return b.String()
}

// query returns 1 or 2 words to search: a mix of common words, products and
// places, so that some queries match a large share of requests and some few.
func (w *writer) query() string {
	one := func() string {
		fr := w.french()
		switch w.r.IntN(3) {
		case 0:
			return w.pick(commonFR, commonEN, fr)
		case 1:
			return firstWord(w.product(fr))
		default:
			return places[w.r.IntN(len(places))]
		}
	}
	if w.r.IntN(2) == 0 {
		return one()
	}
	return one() + " " + one()
}

func (w *writer) pick(fr, en []string, french bool) string {
	if french {
		return fr[w.r.IntN(len(fr))]
	}
	return en[w.r.IntN(len(en))]
}

func (w *writer) product(fr bool) string {
	if fr {
		return productsFR[w.prodFR.Uint64()]
	}
	return productsEN[w.prodEN.Uint64()]
}

// fill replaces the slots of tmpl with drawn words.
func (w *writer) fill(tmpl string, fr bool) string {
	b := &w.b
	b.Reset()
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		b.WriteString(tmpl[:i])
		w.slot(b, tmpl[i+1:i+j], fr)
		tmpl = tmpl[i+j+1:]
	}
}

func (w *writer) slot(b *strings.Builder, name string, fr bool) {
	switch name {
	case "p", "p2":
		b.WriteString(w.product(fr))
	case "c":
		b.WriteString(places[w.place.Uint64()])
	case "s":
		b.WriteString(schools[w.s.Uint64()])
	case "n":
		b.WriteString(strconv.Itoa(40_000 + w.r.IntN(60_000)))
	case "q":
		b.WriteString(strconv.Itoa(2 + w.r.IntN(48)))
	}
}

// firstWord returns s up to its first space.
func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i]
	}
	return s
}
