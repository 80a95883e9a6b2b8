package mail

import (
	"bytes"
	"fmt"
	"io"
	netmail "net/mail"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // every common charset, ISO-2022-JP included
	gomail "github.com/emersion/go-message/mail"

	"guichet/internal/desk"
)

// ParseOptions tune Parse. Zero values select the defaults.
type ParseOptions struct {
	// MaxPartBytes is the largest decoded part kept as an attachment or body;
	// larger parts are left out (the raw message keeps them). Default 25 MiB.
	MaxPartBytes int64
	// EnvelopeFrom is the SMTP return path ("" for the null sender <>), or
	// NoEnvelope when the message did not arrive by SMTP.
	EnvelopeFrom string
}

// NoEnvelope marks a message read from a mailbox or file, whose SMTP return
// path is unknown (an empty EnvelopeFrom means the null sender of a bounce).
const NoEnvelope = "\x00none"

const (
	defaultMaxPartBytes = 25 << 20
	maxDepth            = 12  // nested multiparts
	maxParts            = 200 // leaves of the MIME tree
	maxAttachments      = 50
	maxHeaderBytes      = 256 << 10
)

// Parse reads a raw RFC 5322 message. It never fails: a message that cannot
// be read completely is marked Malformed, keeps whatever could be read and
// carries the raw message as the attachment message.eml.
func Parse(raw []byte, opt ParseOptions) *Message {
	if opt.MaxPartBytes <= 0 {
		opt.MaxPartBytes = defaultMaxPartBytes
	}
	p := &parser{opt: opt, m: &Message{Raw: raw}}
	e, err := message.ReadWithOptions(bytes.NewReader(raw), &message.ReadOptions{MaxHeaderBytes: maxHeaderBytes})
	if e == nil {
		p.problem("header: %v", err)
		p.headerFallback(raw)
	} else {
		if err != nil && !isCharsetErr(err) {
			p.problem("body: %v", err)
		}
		p.headers(gomail.Header{Header: e.Header})
		p.walk(e, 0)
	}
	p.finish()
	return p.m
}

type parser struct {
	opt   ParseOptions
	m     *Message
	parts int
	html  []string
	texts []string
	dsn   bool
	lang  string // Content-Language
}

func (p *parser) problem(format string, args ...any) {
	p.m.Malformed = true
	p.m.Problems = append(p.m.Problems, fmt.Sprintf(format, args...))
}

func isCharsetErr(err error) bool {
	return message.IsUnknownCharset(err) || message.IsUnknownEncoding(err)
}

// headers reads the fields Guichet uses; unreadable ones are left empty.
func (p *parser) headers(h gomail.Header) {
	m := p.m
	if s, err := h.Subject(); err == nil {
		m.Subject = cleanLine(s)
	} else {
		m.Subject = cleanLine(h.Get("Subject"))
	}
	m.From = firstAddress(h, "From")
	if m.From.Email == "" {
		m.From = firstAddress(h, "Sender")
	}
	m.To = addressList(h, "To")
	m.Cc = addressList(h, "Cc")
	if id, err := h.MessageID(); err == nil {
		m.MessageID = normalizeID(id)
	}
	m.InReplyTo = idList(h, "In-Reply-To")
	m.References = idList(h, "References")
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	m.Auto = classifyHeaders(h.Header, p.opt.EnvelopeFrom, m.From.Email, m.Subject)
	p.lang = h.Get("Content-Language")
}

// headerFallback reads what it can of a message whose header the MIME reader
// refused (too large, broken folding), with the standard library.
func (p *parser) headerFallback(raw []byte) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return
	}
	p.m.Subject = cleanLine(decodeWords(msg.Header.Get("Subject")))
	if a, err := netmail.ParseAddress(msg.Header.Get("From")); err == nil {
		p.m.From = Address{Name: cleanLine(a.Name), Email: strings.ToLower(a.Address)}
	}
	p.m.MessageID = normalizeID(strings.Trim(strings.TrimSpace(msg.Header.Get("Message-Id")), "<>"))
}

func firstAddress(h gomail.Header, key string) Address {
	l := addressList(h, key)
	if len(l) == 0 {
		return Address{}
	}
	return l[0]
}

func addressList(h gomail.Header, key string) []Address {
	list, err := h.AddressList(key)
	if err != nil {
		// A sloppy header: fall back to the standard library's parser.
		list2, err2 := netmail.ParseAddressList(h.Get(key))
		if err2 != nil {
			return nil
		}
		list = make([]*gomail.Address, len(list2))
		for i, a := range list2 {
			list[i] = (*gomail.Address)(a)
		}
	}
	out := make([]Address, 0, len(list))
	for _, a := range list {
		if e, err := desk.NormalizeEmail(a.Address); err == nil {
			out = append(out, Address{Name: cleanLine(a.Name), Email: e})
		}
	}
	return out
}

func idList(h gomail.Header, key string) []string {
	ids, _ := h.MsgIDList(key) // keeps the IDs read before an error
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n := normalizeID(id); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// normalizeID returns a Message-ID without brackets or spaces, "" if unusable.
func normalizeID(id string) string {
	id = strings.TrimSpace(strings.Trim(strings.TrimSpace(id), "<>"))
	if id == "" || len(id) > 500 || !utf8.ValidString(id) || strings.ContainsAny(id, " \t\r\n\x00") {
		return ""
	}
	return id
}

// finish fills what the body walk leaves: the text, the ID, the language.
func (p *parser) finish() {
	m := p.m
	html := strings.Join(p.html, "\n")
	text := strings.Join(p.texts, "\n\n")
	if html != "" {
		html = cleanHTML(html)
		if strings.TrimSpace(text) == "" {
			text = htmlToText(html)
		}
	}
	m.Text, m.Quoted = FoldQuoted(toValidText(text))
	m.HTML = desk.SanitizeHTML(html)
	if p.dsn && m.Auto == NotAuto {
		m.Auto = Bounce
	}
	if m.MessageID == "" {
		m.MessageID = ContentID(m.Raw)
	}
	if m.Malformed {
		m.Attachments = append(m.Attachments, desk.NewAttachment{Filename: "message.eml",
			ContentType: "message/rfc822", Content: m.Raw})
	}
	m.Language = languageOf(p.lang, m.Subject, m.Text)
}

// readPart reads a decoded part, up to the size limit; ok is false when the
// part was too large to keep.
func (p *parser) readPart(r io.Reader) (b []byte, ok bool) {
	b, err := io.ReadAll(io.LimitReader(r, p.opt.MaxPartBytes+1))
	if err != nil && !isCharsetErr(err) {
		p.problem("part: %v", err)
	}
	if int64(len(b)) > p.opt.MaxPartBytes {
		p.problem("a part is larger than %d bytes", p.opt.MaxPartBytes)
		return nil, false
	}
	return b, true
}

// cleanLine makes a header value safe to show on one line.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
