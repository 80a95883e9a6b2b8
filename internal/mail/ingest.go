package mail

import (
	"context"
	"log/slog"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// Store is what an Ingester needs of the store.
type Store interface {
	// IngestMail stores one parsed mail atomically (see store.IngestMail).
	IngestMail(ctx context.Context, in store.InboundMail) (*store.IngestResult, error)
}

// Envelope is how a message arrived.
type Envelope struct {
	From   string   // SMTP return path ("" for the null sender), or NoEnvelope
	To     []string // SMTP recipients; empty: the message's To and Cc are used
	Source string   // "smtp", "imap" or "import"
	// Mailbox is the address of the mailbox the message was read from (IMAP,
	// import), routing it when its To and Cc name none of ours (Bcc).
	Mailbox string
}

// Ingester turns raw messages into stored requests and messages: it parses,
// routes by recipient, applies loop protection and stores, all of it or
// nothing. It is safe for concurrent use.
type Ingester struct {
	Store        Store
	Domains      Domains
	Limiter      *SenderLimiter // nil: no rate limit
	MaxPartBytes int64          // see ParseOptions
	Logger       *slog.Logger   // nil: slog.Default()
	// NoAck never acknowledges (an import of old mail must not write to
	// everyone who ever wrote).
	NoAck bool
}

// unknownSender stands for a sender whose address cannot be read; mail from
// it is never acknowledged.
const unknownSender = "unknown-sender@unknown.invalid"

// Ingest parses raw and stores it. It returns once the message is committed
// (the caller may then acknowledge it), or the store's error: a desk.Error
// with CodeTooLarge for a message over the attachment limit, any other error
// for a failure worth retrying.
func (g *Ingester) Ingest(ctx context.Context, env Envelope, raw []byte) (*store.IngestResult, error) {
	m := Parse(raw, ParseOptions{MaxPartBytes: g.MaxPartBytes, EnvelopeFrom: env.From})
	in := g.inbound(m, env)
	if len(m.Problems) > 0 {
		g.log().Warn("mail: malformed message kept whole", "message_id", m.MessageID, "from", in.FromEmail,
			"problems", m.Problems)
	}
	res, err := g.Store.IngestMail(ctx, in)
	if err != nil {
		return nil, err
	}
	g.log().Debug("mail: stored", "message_id", m.MessageID, "number", res.Number, "created", res.Created,
		"duplicate", res.Duplicate, "auto", m.Auto, "source", env.Source)
	return res, nil
}

// inbound prepares the store's input from a parsed message.
func (g *Ingester) inbound(m *Message, env Envelope) store.InboundMail {
	rcpts := env.To
	if len(rcpts) == 0 {
		for _, a := range append(append([]Address{}, m.To...), m.Cc...) {
			rcpts = append(rcpts, a.Email)
		}
	}
	route, ok := g.Domains.Route(rcpts)
	if !ok && env.Mailbox != "" {
		route, _ = g.Domains.Route([]string{env.Mailbox})
	}
	in := store.InboundMail{
		MessageID: m.MessageID, Source: env.Source, FromEmail: m.From.Email, FromName: m.From.Name,
		Language: m.Language, Subject: CleanSubject(m.Subject), Body: m.Text, BodyHTML: m.HTML,
		Attachments: m.Attachments, Raw: m.Raw, ReplyIDs: m.ReplyIDs(), Address: route.Base(),
		DepartmentSlug: route.Slug, Auto: string(m.Auto),
	}
	if route.Number > 0 {
		in.Numbers = append(in.Numbers, route.Number)
	}
	in.Numbers = append(in.Numbers, SubjectNumbers(m.Subject)...)
	if _, err := desk.NormalizeEmail(in.FromEmail); err != nil {
		in.FromEmail = env.From
		if _, err := desk.NormalizeEmail(in.FromEmail); err != nil || env.From == NoEnvelope {
			in.FromEmail, in.NoAck = unknownSender, true
		}
	}
	if g.NoAck || g.Domains.Accepts(in.FromEmail) {
		in.NoAck = true // mail from our own addresses: never answer it, that way lie loops
	}
	if !in.NoAck && in.Auto == "" && !g.Limiter.Allow(in.FromEmail) {
		in.NoAck = true
		g.log().Warn("mail: sender over the rate limit, not acknowledged", "from", in.FromEmail)
	}
	return in
}

func (g *Ingester) log() *slog.Logger {
	if g.Logger == nil {
		return slog.Default()
	}
	return g.Logger
}
