package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"guichet/internal/desk"
	"guichet/internal/search"
)

// IngestMail stores an inbound mail in one transaction: the message joins the
// request it answers (see mailThread) or opens a new one for the sender, the
// raw message is kept, its Message-ID is recorded, and for a new request from
// a person an acknowledgement is queued in the outbox. It returns once all of
// that is committed, so a caller may then say "250 OK".
//
// The same Message-ID twice writes nothing the second time (Duplicate). Mail
// marked Auto never reopens a request and is never acknowledged. A missing
// MessageID or sender address is CodeInvalid; an attachment over the limit
// is CodeTooLarge. Nothing is written on failure.
func (s *Store) IngestMail(ctx context.Context, in InboundMail) (*IngestResult, error) {
	if err := prepareInbound(&in); err != nil {
		return nil, err
	}
	// A mail read again from a mailbox or an import is often one already
	// stored, and a duplicate's files must not be staged: those mails are
	// looked up on the read pool first. Other SMTP mail, rarely a duplicate
	// (a sender retrying after a lost "250"), is looked up by the writer only.
	if in.Source != "smtp" || len(in.Attachments) > 0 || len(in.Raw) > maxRawInDB {
		if res, err := s.inboundSeen(ctx, s.reads(), in.MessageID); err != nil || res != nil {
			if err != nil {
				return nil, fmt.Errorf("store: ingest mail: %w", err)
			}
			return res, nil
		}
	}
	// Analysed here, outside the single SQLite writer: the new request's
	// search row, or the terms a reply adds to its request's (searchterms.go).
	text := search.Text(in.Body, in.BodyHTML)
	terms := search.Analyze(text)
	doc := newDoc(in.Subject, terms)
	files := in.Attachments
	if len(in.Raw) > maxRawInDB {
		files = append(files, desk.NewAttachment{Filename: "raw.eml", ContentType: "message/rfc822", Content: in.Raw})
	}
	staged, err := s.stageAttachments(files)
	if err != nil {
		return nil, fmt.Errorf("store: ingest mail: %w", err)
	}
	raw, atts := rawBlob(in.Raw), staged
	if len(in.Raw) > maxRawInDB {
		raw, atts = staged[len(staged)-1], staged[:len(staged)-1]
	}
	var res *IngestResult
	err = s.write(withAnalysis(ctx, text, terms), func(ctx context.Context, tx *sql.Tx) error {
		var err error
		res, err = s.ingestMail(ctx, tx, &in, atts, raw, doc)
		return err
	})
	s.releaseMailBlobs(context.WithoutCancel(ctx), staged, err != nil)
	if err != nil {
		return nil, fmt.Errorf("store: ingest mail: %w", err)
	}
	return res, nil
}

// maxRawInDB is the largest raw message kept in the database (mail_raw);
// larger ones go to the blob store.
const maxRawInDB = 256 << 10

// rawBlob describes a raw message kept in the database.
func rawBlob(raw []byte) stagedBlob {
	sum := sha256.Sum256(raw)
	return stagedBlob{Attachment: desk.Attachment{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(raw))}}
}

// prepareInbound checks and normalises an inbound mail so that storing it
// cannot fail on validation: an empty subject or body gets a placeholder,
// over-long ones are cut (the raw message keeps everything).
func prepareInbound(in *InboundMail) error {
	if strings.TrimSpace(in.MessageID) == "" || len(in.MessageID) > 600 {
		return desk.Invalid("message_id", "a Message-ID is required")
	}
	email, err := desk.NormalizeEmail(in.FromEmail)
	if err != nil {
		return desk.Invalid("from", "the sender's address is not valid")
	}
	in.FromEmail = email
	in.FromName = cutRunes(strings.TrimSpace(in.FromName), 200)
	if in.Language != desk.English {
		in.Language = desk.French
	}
	in.Subject = cutRunes(strings.TrimSpace(in.Subject), 500)
	if in.Subject == "" {
		in.Subject = "(sans objet / no subject)"
	}
	in.Body = cutRunes(in.Body, desk.MaxBodyRunes)
	in.BodyHTML = cutRunes(desk.SanitizeHTML(in.BodyHTML), 4*desk.MaxBodyRunes)
	if strings.TrimSpace(in.Body) == "" && strings.TrimSpace(in.BodyHTML) == "" {
		in.Body = "(message sans texte / message without text)"
	}
	if in.Source == "" {
		in.Source = "smtp"
	}
	return nil
}

func cutRunes(s string, n int) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n { // no more runes than bytes
		return s
	}
	return string([]rune(s)[:n])
}

// inboundSeen returns the result for a Message-ID already stored, or nil.
func (s *Store) inboundSeen(ctx context.Context, q querier, messageID string) (*IngestResult, error) {
	res := &IngestResult{Duplicate: true}
	var msg *int64
	err := q.QueryRowContext(ctx, `SELECT number, msg_id FROM mail_inbound WHERE message_id = $1`, messageID).Scan(
		&res.Number, nullID{&msg})
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if msg != nil {
		res.MessageID = *msg
	}
	return res, nil
}

func (s *Store) ingestMail(ctx context.Context, tx *sql.Tx, in *InboundMail, atts []stagedBlob, raw stagedBlob,
	doc searchDoc) (*IngestResult, error) {
	q := tx
	if res, err := s.inboundSeen(ctx, q, in.MessageID); err != nil || res != nil {
		return res, err
	}
	sender, kind, err := s.mailSender(ctx, q, in)
	if err != nil {
		return nil, err
	}
	joined, err := s.mailThread(ctx, q, in, sender)
	if err != nil {
		return nil, err
	}
	res := &IngestResult{}
	var opened *desk.Request
	if joined != nil {
		res.Number = joined.Number
		res.MessageID, err = s.joinByMail(ctx, q, in, sender, joined, atts)
	} else {
		who := requester{id: sender.PersonID, name: sender.Name, org: sender.OrganisationID, kind: kind}
		opened, res.MessageID, err = s.openByMail(ctx, q, in, who, atts, doc)
		res.Created = true
	}
	if err != nil {
		return nil, err
	}
	if opened != nil {
		res.Number = opened.Number
	}
	_, err = q.ExecContext(ctx, `INSERT INTO mail_inbound (message_id, number, msg_id, sender, auto, source, raw_sha256,
		raw_size, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, in.MessageID, res.Number,
		idOrNil(res.MessageID), in.FromEmail, in.Auto, in.Source, raw.SHA256, raw.Size, s.tv(s.now()))
	if isUnique(err) {
		return nil, errRetry // the same mail, stored meanwhile by another transaction (PostgreSQL)
	}
	if err != nil {
		return nil, fmt.Errorf("mail_inbound: %w", err)
	}
	if len(in.Raw) <= maxRawInDB {
		if _, err := q.ExecContext(ctx, `INSERT INTO mail_raw (message_id, raw) VALUES ($1, $2)`, in.MessageID, in.Raw); err != nil {
			return nil, fmt.Errorf("mail_raw: %w", err)
		}
	}
	if res.Created && in.Auto == "" && !in.NoAck {
		if err := s.mailAfterCreate(ctx, tx, opened, nil); err != nil {
			return nil, err
		}
		res.Acknowledged = true
	}
	return res, nil
}

// openByMail opens a new request for the sender, who (created as an external
// person in their language if unknown), in the department the address it was
// sent to maps to, else the one whose slug is its local part, else the front
// desk.
func (s *Store) openByMail(ctx context.Context, q querier, in *InboundMail, who requester, atts []stagedBlob,
	doc searchDoc) (*desk.Request, int64, error) {
	dept, err := s.mailDepartment(ctx, q, in)
	if err != nil {
		return nil, 0, err
	}
	nr := desk.NewRequest{Subject: in.Subject, Body: in.Body, BodyHTML: in.BodyHTML, RequesterEmail: in.FromEmail,
		RequesterName: in.FromName, DepartmentID: dept.ID, Channel: desk.ChannelEmail}
	if in.Auto != "" {
		nr.Tags = []string{in.Auto}
	}
	if err := nr.Validate(); err != nil {
		return nil, 0, err
	}
	return s.openRequest(ctx, q, desk.SystemActor, &nr, who, dept, atts, doc)
}

// joinByMail adds the mail to request r (loaded in this transaction) as a
// message from the sender. Mail a person wrote reopens a waiting or solved
// request like any requester message; automatic mail is recorded without
// changing the request.
func (s *Store) joinByMail(ctx context.Context, q querier, in *InboundMail, sender *desk.Actor, r *desk.Request,
	atts []stagedBlob) (int64, error) {
	number := r.Number
	nm := desk.NewMessage{Visibility: desk.Public, Body: in.Body, BodyHTML: in.BodyHTML}
	if err := nm.Validate(); err != nil {
		return 0, err
	}
	if in.Auto == "" {
		m, err := s.addMessageTo(ctx, q, *sender, r, &nm, atts)
		if err != nil {
			return 0, err
		}
		return m.ID, nil
	}
	now := s.now()
	m, err := s.insertMessage(ctx, q, newMessage{number: number, kind: desk.KindRequester, vis: desk.Public,
		authorID: sender.PersonID, author: sender.Name, body: nm.Body, bodyHTML: nm.BodyHTML, staged: atts, at: now})
	if err != nil {
		return 0, err
	}
	if err := s.indexMessage(ctx, q, m); err != nil {
		return 0, err
	}
	data := map[string]any{"message_id": m.ID, "kind": string(desk.KindRequester), "auto": in.Auto}
	return m.ID, s.addEvent(ctx, q, number, *sender, desk.EventMessageAdded, data, true, now)
}

// releaseMailBlobs is releaseBlobs for an ingest: a raw message file this
// call created is kept while any mail_inbound row refers to it.
func (s *Store) releaseMailBlobs(ctx context.Context, staged []stagedBlob, failed bool) {
	if failed {
		for i := range staged {
			if staged[i].created && s.exists(ctx, s.rdb, `SELECT 1 FROM mail_inbound WHERE raw_sha256 = $1`, staged[i].SHA256) {
				staged[i].created = false
			}
		}
	}
	s.releaseBlobs(ctx, staged, failed)
}
