package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"

	"guichet/internal/desk"
)

// walk visits the MIME tree depth first, up to maxDepth and maxParts.
func (p *parser) walk(e *message.Entity, depth int) {
	if depth > maxDepth || p.parts >= maxParts {
		p.problem("MIME tree too deep or too large")
		return
	}
	p.parts++
	mr := e.MultipartReader()
	if mr == nil {
		p.leaf(e)
		return
	}
	if mt, params, _ := e.Header.ContentType(); mt == "multipart/report" && params["report-type"] == "delivery-status" {
		p.dsn = true
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return
		}
		if part == nil {
			p.problem("multipart: %v", err)
			return
		}
		p.walk(part, depth+1)
	}
}

// leaf keeps one non-multipart part as body text, HTML or an attachment.
func (p *parser) leaf(e *message.Entity) {
	mt, params, err := e.Header.ContentType()
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{}
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := decodeWords(firstNonEmpty(dparams["filename"], params["name"]))
	b, ok := p.readPart(e.Body)
	if !ok {
		return
	}
	attached := disp == "attachment" || name != ""
	switch {
	case mt == "text/plain" && !attached:
		p.texts = append(p.texts, decodeText(b))
	case mt == "text/html" && !attached:
		p.html = append(p.html, decodeText(b))
	case mt == "message/delivery-status" || mt == "message/global-delivery-status":
		p.dsn = true
		p.attach("delivery-status.txt", "text/plain", b)
	case mt == "message/rfc822" || mt == "text/rfc822-headers" || mt == "message/rfc822-headers":
		p.quotedOriginal(b)
		p.attach(firstNonEmpty(name, "original.eml"), "message/rfc822", b)
	default:
		p.attach(name, mt, b)
	}
}

// quotedOriginal records the Message-ID of a message quoted whole (a bounce's
// returned original) so that the bounce finds the request it concerns.
func (p *parser) quotedOriginal(b []byte) {
	e, _ := message.Read(bytes.NewReader(b))
	if e == nil {
		return
	}
	h := gomail.Header{Header: e.Header}
	if id, err := h.MessageID(); err == nil {
		if id = normalizeID(id); id != "" {
			p.m.OriginalIDs = append(p.m.OriginalIDs, id)
		}
	}
}

// attach keeps a part as an attachment with a safe file name.
func (p *parser) attach(name, contentType string, b []byte) {
	if len(p.m.Attachments) >= maxAttachments {
		p.problem("more than %d attachments", maxAttachments)
		return
	}
	p.m.Attachments = append(p.m.Attachments, desk.NewAttachment{
		Filename:    safeFilename(name, contentType, len(p.m.Attachments)+1),
		ContentType: contentType,
		Content:     b,
	})
}

// safeFilename returns a file name without directories, control characters
// or excess length; a generated one when the mail gave none.
func safeFilename(name, contentType string, n int) string {
	name = cleanLine(name)
	name = strings.NewReplacer("/", "_", "\\", "_").Replace(name)
	name = strings.TrimLeft(name, ". ")
	if utf8.RuneCountInString(name) > 200 {
		ext := path.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		name = string([]rune(name)[:180]) + ext
	}
	if name != "" {
		return name
	}
	ext := ".bin"
	if exts, _ := mime.ExtensionsByType(contentType); len(exts) > 0 {
		ext = exts[0]
	}
	return fmt.Sprintf("attachment-%d%s", n, ext)
}

// decodeText returns b as valid UTF-8. go-message already converted known
// charsets; bytes still invalid (an unknown or wrong charset, 8-bit text
// without one) are read as Windows-1252, the usual culprit.
func decodeText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	if s, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
		return string(s)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// toValidText normalises line ends and removes NUL and other control bytes.
func toValidText(s string) string {
	if strings.IndexByte(s, '\r') < 0 && !hasControl(s) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	run := 0 // start of the bytes kept as they are, not written yet
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && plainByte[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
			b.WriteString(s[run:i])
			b.WriteString("\uFFFD") // for a run of invalid bytes, as strings.ToValidUTF8
			for i < len(s) {
				if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
					break
				}
				i++
			}
			run = i
			continue
		}
		b.WriteString(s[run:i])
		if c == '\r' && (i+1 == len(s) || s[i+1] != '\n') {
			b.WriteByte('\n') // a lone \r ends a line; before \n it is dropped
		}
		i++
		run = i // other control bytes are dropped
	}
	b.WriteString(s[run:])
	return b.String()
}

// plainByte tells the ASCII bytes toValidText keeps as they are.
var plainByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != 0x7f || c == '\n' || c == '\t'
	}
	return t
}()

// decodeWords decodes RFC 2047 encoded words ("=?UTF-8?B?...?="), leaving s
// as it is when it cannot.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d := mime.WordDecoder{CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
		if message.CharsetReader == nil {
			return nil, fmt.Errorf("charset %q", charset)
		}
		return message.CharsetReader(strings.ToLower(charset), r)
	}}
	out, err := d.DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// hasControl reports whether s holds a control byte other than tab and newline.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return true
		}
	}
	return false
}
