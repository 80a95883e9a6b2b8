package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"guichet/internal/desk"
	"guichet/internal/search"
)

var channels = []desk.Channel{desk.ChannelAPI, desk.ChannelEmail, desk.ChannelWeb, desk.ChannelPhone, desk.ChannelPortal}

// CreateRequest opens a request with its first message, attachments, search
// entry and "request.created" event, all in one transaction: if any part fails
// nothing is written and no new attachment file stays behind.
//
// An agent (not read-only) creates on behalf of the requester named by
// RequesterEmail, found by any of their addresses or created as an external
// person (in the organisation whose domain matches the address). A requester
// creates for themselves; naming another address is CodeForbidden. The
// department is DepartmentID, else DepartmentSlug, else the front desk; an
// unknown one is CodeInvalid on "department". Invalid input is CodeInvalid
// naming the field; an attachment over the limit is CodeTooLarge.
func (s *Store) CreateRequest(ctx context.Context, a desk.Actor, in desk.NewRequest) (*desk.Request, error) {
	if a.IsAgent() && !a.CanWork() {
		return nil, desk.Forbidden("read-only agents cannot create requests")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !slices.Contains(channels, in.Channel) {
		return nil, desk.Invalid("channel", "unknown channel %q", in.Channel)
	}
	email, err := requesterEmail(a, in.RequesterEmail)
	if err != nil {
		return nil, err
	}
	in.BodyHTML = desk.SanitizeHTML(in.BodyHTML)
	// Analysed here, in the caller's goroutine, to keep the writer's work short.
	doc := buildDoc(in.Subject, []string{search.Text(in.Body, in.BodyHTML)}, nil)
	staged, err := s.stageAttachments(in.Attachments)
	if err != nil {
		return nil, err
	}
	var out *desk.Request
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var who requester
		var err error
		out, who, err = s.createRequest(ctx, tx, a, &in, email, staged, doc)
		if err == nil {
			err = s.mailAfterCreate(ctx, tx, out, who.to) // the acknowledgement commits with the request
		}
		return err
	})
	s.releaseBlobs(context.WithoutCancel(ctx), staged, err != nil)
	if err != nil {
		return nil, fmt.Errorf("store: create request: %w", err)
	}
	return out, nil
}

// requesterEmail normalises the requester's address: required from agents,
// optional from a requester (checked to be theirs later).
func requesterEmail(a desk.Actor, email string) (string, error) {
	if strings.TrimSpace(email) == "" {
		if a.IsAgent() {
			return "", desk.Invalid("requester.email", "is required")
		}
		return "", nil
	}
	e, err := desk.NormalizeEmail(email)
	if err != nil {
		return "", desk.Invalid("requester.email", "%s", desk.AsError(err).Message)
	}
	return e, nil
}

func (s *Store) createRequest(ctx context.Context, tx querier, a desk.Actor, in *desk.NewRequest, email string,
	staged []stagedBlob, doc searchDoc) (*desk.Request, requester, error) {
	who, err := s.resolveRequester(ctx, tx, a, email, in.RequesterName, s.now())
	if err != nil {
		return nil, who, err
	}
	dept, err := s.resolveDepartment(ctx, tx, in.DepartmentID, in.DepartmentSlug)
	if err != nil {
		return nil, who, err
	}
	r, _, err := s.openRequest(ctx, tx, a, in, who, dept, staged, doc)
	return r, who, err
}

// openRequest is createRequest once the requester and the department are
// known; it also returns the first message's id.
func (s *Store) openRequest(ctx context.Context, tx querier, a desk.Actor, in *desk.NewRequest, who requester,
	dept *desk.Department, staged []stagedBlob, doc searchDoc) (*desk.Request, int64, error) {
	now := s.now()
	r := &desk.Request{Subject: in.Subject, Status: desk.StatusNew, Priority: in.Priority, Channel: in.Channel,
		DepartmentID: dept.ID, Department: dept.Name, RequesterID: who.id, Requester: who.name, OrganisationID: who.org,
		ContactReason: in.ContactReason, Tags: sortedCopy(in.Tags), CreatedAt: now, UpdatedAt: now}
	var err error
	r.Number, err = s.insertID(ctx, tx, "number", `INSERT INTO requests (subject, status, priority, channel, department_id,
		requester_id, organisation_id, contact_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		r.Subject, r.Status, r.Priority, r.Channel, r.DepartmentID, r.RequesterID, idPtrOrNil(r.OrganisationID),
		r.ContactReason, s.tv(now))
	if err != nil {
		return nil, 0, fmt.Errorf("insert: %w", err)
	}
	if err := s.setTags(ctx, tx, r.Number, nil, r.Tags); err != nil {
		return nil, 0, err
	}
	m, err := s.insertMessage(ctx, tx, newMessage{number: r.Number, kind: desk.KindRequester, vis: desk.Public,
		authorID: who.id, body: in.Body, bodyHTML: in.BodyHTML, staged: staged, at: now})
	if err != nil {
		return nil, 0, err
	}
	if err := s.writeDoc(ctx, tx, r.Number, doc, false); err != nil {
		return nil, 0, err
	}
	data := map[string]any{"channel": in.Channel, "department_id": dept.ID, "department": dept.Name}
	if err := s.addEvent(ctx, tx, r.Number, a, desk.EventCreated, data, true, now); err != nil {
		return nil, 0, err
	}
	if r.Clocks, err = s.startClocks(ctx, tx, r, who.kind, now); err != nil {
		return nil, 0, err
	}
	return r, m.ID, nil
}

// requester is who a new request is for. to, when known, is where the
// acknowledgement goes: their first address, in their language.
type requester struct {
	id   int64
	name string
	org  *int64
	kind desk.PersonKind
	to   *MailRecipient
}

// requesterColumns are the columns scanRequester reads, of people p.
const requesterColumns = `p.id, p.name, p.organisation_id, p.kind, p.language,
	COALESCE((SELECT f.email FROM person_emails f WHERE f.person_id = p.id ORDER BY f.position LIMIT 1), '')`

func scanRequester(row *sql.Row, who *requester) error {
	to := MailRecipient{}
	if err := row.Scan(&who.id, &who.name, nullID{&who.org}, &who.kind, &to.Language, &to.Email); err != nil {
		return err
	}
	if to.Email != "" {
		to.Name, who.to = who.name, &to
	}
	return nil
}

const requesterByEmail = `SELECT ` + requesterColumns + ` FROM person_emails e JOIN people p ON p.id = e.person_id
	WHERE e.email = $1`

// resolveRequester finds (or, for an agent, creates) the requester.
func (s *Store) resolveRequester(ctx context.Context, tx querier, a desk.Actor, email, name string,
	now time.Time) (requester, error) {
	var who requester
	if !a.IsAgent() {
		err := scanRequester(tx.QueryRowContext(ctx, `SELECT `+requesterColumns+` FROM people p WHERE p.id = $1`,
			a.PersonID), &who)
		if isNoRows(err) {
			return who, desk.NotFound("person")
		}
		if err != nil {
			return who, err
		}
		if email != "" && !s.exists(ctx, tx, `SELECT 1 FROM person_emails WHERE email = $1 AND person_id = $2`, email, who.id) {
			return who, desk.Forbidden("requesters create requests only for themselves")
		}
		return who, nil
	}
	err := scanRequester(tx.QueryRowContext(ctx, requesterByEmail, email), &who)
	if isNoRows(err) {
		return s.createRequester(ctx, tx, email, name, now)
	}
	return who, err
}

// createRequester adds an external person for a new requester address, in the
// organisation whose domain matches it.
func (s *Store) createRequester(ctx context.Context, tx querier, email, name string, now time.Time) (requester, error) {
	p := desk.Person{Name: name, Kind: desk.ExternalPerson, Emails: []string{email}, CreatedAt: now}
	domain := email[strings.LastIndexByte(email, '@')+1:]
	var orgID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM organisations WHERE domain = $1`, domain).Scan(&orgID)
	if err == nil {
		p.OrganisationID = &orgID
	} else if !isNoRows(err) {
		return requester{}, err
	}
	if err := p.Validate(); err != nil {
		return requester{}, err
	}
	if err := s.insertPerson(ctx, tx, &p); err != nil {
		if isUnique(err) { // created concurrently by another transaction (PostgreSQL): start again
			return requester{}, errRetry
		}
		return requester{}, err
	}
	return requester{id: p.ID, name: p.Name, org: p.OrganisationID, kind: p.Kind,
		to: &MailRecipient{Email: email, Name: p.Name, Language: p.Language}}, nil
}

// resolveDepartment returns the department by id, else by slug, else the front desk.
func (s *Store) resolveDepartment(ctx context.Context, q querier, id int64, slug string) (*desk.Department, error) {
	var d *desk.Department
	var err error
	switch {
	case id != 0:
		d, err = s.department(ctx, q, `id = $1`, id)
	case strings.TrimSpace(slug) != "":
		d, err = s.department(ctx, q, `slug = $1`, strings.ToLower(strings.TrimSpace(slug)))
	default:
		d, err = s.department(ctx, q, `front_desk = $1`, true)
	}
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return nil, desk.Invalid("department", "no such department")
	}
	return d, err
}

// setTags replaces the request's tags (old → tags).
func (s *Store) setTags(ctx context.Context, tx querier, number int64, old, tags []string) error {
	for _, t := range old {
		if !slices.Contains(tags, t) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM request_tags WHERE number = $1 AND tag = $2`, number, t); err != nil {
				return fmt.Errorf("tags: %w", err)
			}
		}
	}
	for _, t := range tags {
		if !slices.Contains(old, t) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO request_tags (number, tag) VALUES ($1, $2)`, number, t); err != nil {
				return fmt.Errorf("tags: %w", err)
			}
		}
	}
	return nil
}
