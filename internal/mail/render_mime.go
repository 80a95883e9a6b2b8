package mail

import (
	"context"
	"fmt"
	"io"

	gomail "github.com/emersion/go-message/mail"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// write encodes the mail: multipart/alternative (text and HTML), inside
// multipart/mixed when a reply carries attachments.
func (r *Renderer) write(ctx context.Context, w io.Writer, h gomail.Header, text, htmlBody string,
	m *store.OutboxMail, open Opener) error {
	if m.Reply == nil || len(m.Reply.Attachments) == 0 {
		iw, err := gomail.CreateInlineWriter(w, h)
		if err != nil {
			return fmt.Errorf("mail: render: %w", err)
		}
		if err := writeAlternatives(iw, text, htmlBody); err != nil {
			return err
		}
		return iw.Close()
	}
	mw, err := gomail.CreateWriter(w, h)
	if err != nil {
		return fmt.Errorf("mail: render: %w", err)
	}
	iw, err := mw.CreateInline()
	if err != nil {
		return fmt.Errorf("mail: render: %w", err)
	}
	if err := writeAlternatives(iw, text, htmlBody); err != nil {
		return err
	}
	if err := iw.Close(); err != nil {
		return fmt.Errorf("mail: render: %w", err)
	}
	var total int64
	for _, a := range m.Reply.Attachments {
		if total += a.Size; total > r.maxAtts {
			return fmt.Errorf("mail: render: attachments of #%d exceed %d bytes", m.Number, r.maxAtts)
		}
		if err := writeAttachment(ctx, mw, a, open); err != nil {
			return err
		}
	}
	return mw.Close()
}

func writeAlternatives(iw *gomail.InlineWriter, text, htmlBody string) error {
	for _, p := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", htmlBody}} {
		var ph gomail.InlineHeader
		ph.SetContentType(p.typ, map[string]string{"charset": "utf-8"})
		pw, err := iw.CreatePart(ph)
		if err == nil {
			_, err = io.WriteString(pw, p.body)
		}
		if err == nil {
			err = pw.Close()
		}
		if err != nil {
			return fmt.Errorf("mail: render: %w", err)
		}
	}
	return nil
}

func writeAttachment(ctx context.Context, mw *gomail.Writer, a desk.Attachment, open Opener) error {
	var ah gomail.AttachmentHeader
	ah.SetContentType(a.ContentType, nil)
	ah.SetFilename(a.Filename)
	aw, err := mw.CreateAttachment(ah)
	if err != nil {
		return fmt.Errorf("mail: render: %w", err)
	}
	rc, err := open(ctx, a)
	if err != nil {
		return fmt.Errorf("mail: attachment %d: %w", a.ID, err)
	}
	defer rc.Close()
	if _, err := io.Copy(aw, rc); err != nil {
		return fmt.Errorf("mail: attachment %d: %w", a.ID, err)
	}
	return aw.Close()
}
