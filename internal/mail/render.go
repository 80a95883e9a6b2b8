package mail

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"text/template"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"guichet/internal/desk"
	"guichet/internal/store"
)

//go:embed templates/*.txt
var templateFS embed.FS

// Renderer renders outbox mail (acknowledgements, handoff notes, public
// replies) as MIME messages ready for the relay, in the requester's language.
type Renderer struct {
	from    string // the desk's address, e.g. support@example.com
	domain  string // of Message-IDs
	now     func() time.Time
	loc     *time.Location                // of dates written in mail
	public  string                        // the desk's public address, for links to the portal, when the mail names no zone
	zones   sync.Map                      // name → *time.Location, the zones mail named
	tmpl    map[string]*template.Template // by "kind.language"
	maxAtts int64                         // total attachment bytes carried by one mail
}

// Opener opens the content of an attachment of a reply.
type Opener func(ctx context.Context, a desk.Attachment) (io.ReadCloser, error)

// Rendered is a mail ready to hand to the relay.
type Rendered struct {
	From      string // envelope sender
	To        string // envelope recipient
	MessageID string // without brackets
	Raw       []byte
}

// NewRenderer parses the embedded templates. from is the desk's address
// (replies come back to its plus-address); now may be nil. It fails if from
// is not an address or a template does not parse.
func NewRenderer(from string, now func() time.Time) (*Renderer, error) {
	addr, err := desk.NormalizeEmail(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", from, err)
	}
	if now == nil {
		now = time.Now
	}
	r := &Renderer{from: addr, domain: addr[strings.LastIndexByte(addr, '@')+1:], now: now, loc: time.UTC,
		tmpl: map[string]*template.Template{}, maxAtts: 20 << 20}
	names, err := fs.Glob(templateFS, "templates/*.txt")
	if err != nil {
		return nil, fmt.Errorf("mail: templates: %w", err)
	}
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".txt") // kind.language
		t, err := template.ParseFS(templateFS, file)
		if err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		r.tmpl[name] = t
	}
	return r, nil
}

// SetPublicURL sets the address requesters reach the desk at
// (https://desk.example.com): mail about a request then links to its page
// in the portal. "" (the default) leaves links out.
func (r *Renderer) SetPublicURL(u string) { r.public = strings.TrimRight(u, "/") }

// SetLocation sets the time zone of the dates written in mail that name
// none (default UTC); an acknowledgement's expected answer is written in its
// business calendar's zone. nil is ignored.
func (r *Renderer) SetLocation(loc *time.Location) {
	if loc != nil {
		r.loc = loc
	}
}

// zone returns the time zone named name (an IANA name), loaded once; nil for
// "" or an unknown name.
func (r *Renderer) zone(name string) *time.Location {
	if name == "" {
		return nil
	}
	if loc, ok := r.zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	r.zones.Store(name, loc)
	return loc
}

// view is what the templates see.
type view struct {
	Number     int64
	Subject    string
	Name       string
	Department string
	Agent      string
	ExpectBy   string
	Author     string
	Body       string
	Link       string // the request's page in the portal, "" when unknown
	// Data holds the string values the mail was queued with, for the
	// templates of kinds that need more than the fields above.
	Data map[string]string
}

// Render builds the mail for m; open gives the content of a reply's
// attachments. It fails for an unknown kind or an unreadable attachment.
func (r *Renderer) Render(ctx context.Context, m *store.OutboxMail, open Opener) (*Rendered, error) {
	lang := m.Language
	if lang != desk.English {
		lang = desk.French
	}
	t := r.tmpl[m.Kind+"."+string(lang)]
	if t == nil {
		return nil, fmt.Errorf("mail: no template for %q", m.Kind)
	}
	v := view{Number: m.Number, Subject: cleanLine(m.Subject), Name: cleanLine(m.ToName),
		Department: str(m.Data, "department"), Agent: str(m.Data, "agent"),
		ExpectBy: formatExpect(str(m.Data, "expect_by"), lang, r.loc), Data: stringValues(m.Data)}
	if r.public != "" && m.Number != 0 {
		v.Link = fmt.Sprintf("%s/portal/requests/%d", r.public, m.Number)
	}
	if v.Name == "" || strings.Contains(v.Name, "@") {
		v.Name = map[desk.Language]string{desk.French: "", desk.English: ""}[lang]
	}
	if loc := r.zone(str(m.Data, "expect_tz")); loc != nil { // the business calendar's, over the configured one
		v.ExpectBy = formatExpect(str(m.Data, "expect_by"), lang, loc)
	}
	var replyHTML string
	if m.Reply != nil {
		v.Author, v.Body, replyHTML = cleanLine(m.Reply.Author), m.Reply.Body, m.Reply.BodyHTML
	}
	subject, text, err := execute(t, v)
	if err != nil {
		return nil, err
	}
	h := r.header(m, subject, lang)
	var buf bytes.Buffer
	if err := r.write(ctx, &buf, h, text, r.htmlVersion(text, v, replyHTML), m, open); err != nil {
		return nil, err
	}
	return &Rendered{From: r.from, To: m.ToEmail, MessageID: r.messageID(m), Raw: buf.Bytes()}, nil
}

func execute(t *template.Template, v view) (subject, body string, err error) {
	var s, b bytes.Buffer
	if err := t.ExecuteTemplate(&s, "subject", v); err != nil {
		return "", "", fmt.Errorf("mail: render: %w", err)
	}
	if err := t.ExecuteTemplate(&b, "body", v); err != nil {
		return "", "", fmt.Errorf("mail: render: %w", err)
	}
	return cleanLine(s.String()), strings.TrimSpace(b.String()) + "\n", nil
}

func (r *Renderer) messageID(m *store.OutboxMail) string { return m.Token + "@" + r.domain }

// header sets the threading and loop-protection fields of an outgoing mail.
func (r *Renderer) header(m *store.OutboxMail, subject string, lang desk.Language) gomail.Header {
	var h gomail.Header
	h.SetDate(r.now())
	display := str(m.Data, "department")
	if m.Reply != nil && m.Reply.Author != "" {
		display = cleanLine(m.Reply.Author) + " (" + display + ")"
	}
	h.SetAddressList("From", []*gomail.Address{{Name: display, Address: r.from}})
	h.SetAddressList("To", []*gomail.Address{{Name: cleanLine(m.ToName), Address: m.ToEmail}})
	if m.Number != 0 {
		h.SetAddressList("Reply-To", []*gomail.Address{{Name: display, Address: PlusAddress(r.from, m.Number)}})
	}
	h.SetSubject(subject)
	h.SetMessageID(r.messageID(m))
	if n := len(m.References); n > 0 {
		h.SetMsgIDList("In-Reply-To", m.References[n-1:])
		h.SetMsgIDList("References", m.References)
	}
	h.Set("Content-Language", string(lang))
	if m.Kind != store.MailReply {
		h.Set("Auto-Submitted", "auto-replied")  // RFC 3834: automatic, never answer it automatically
		h.Set("X-Auto-Response-Suppress", "All") // asks Exchange not to send out-of-office replies
	}
	if m.Number != 0 {
		h.Set("X-Guichet-Request", fmt.Sprint(m.Number))
	}
	return h
}

// htmlVersion returns the HTML part: the reply's own (sanitised) HTML with
// the footer, or the text turned into paragraphs.
func (r *Renderer) htmlVersion(text string, v view, replyHTML string) string {
	if replyHTML == "" {
		return textToHTML(text)
	}
	footer := strings.TrimPrefix(text, v.Body)
	return desk.SanitizeHTML(replyHTML) + textToHTML(footer)
}

// textToHTML escapes text and makes a paragraph of each block of lines.
func textToHTML(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "</p>\n")
		}
	}
	return b.String()
}

// strings_ returns the string values of data.
func stringValues(data map[string]any) map[string]string {
	out := make(map[string]string, len(data))
	for k, v := range data {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

func str(data map[string]any, key string) string {
	s, _ := data[key].(string)
	return cleanLine(s)
}

// formatExpect writes an RFC 3339 time for the requester, "" if unreadable.
func formatExpect(s string, lang desk.Language, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ""
	}
	t = t.In(loc)
	if lang == desk.English {
		return t.Format("Monday, January 2, 2006 at 3:04 PM (MST)")
	}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
		"octobre", "novembre", "décembre"}
	return fmt.Sprintf("%d %s %d à %d h %02d (%s)", t.Day(), months[t.Month()-1], t.Year(), t.Hour(), t.Minute(),
		t.Format("MST"))
}
