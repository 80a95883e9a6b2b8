package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"guichet/internal/desk"
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
	staged, err := s.stageAttachments(in.Attachments)
	if err != nil {
		return nil, err
	}
	var out *desk.Request
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.createRequest(ctx, tx, a, &in, email, staged)
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

func (s *Store) createRequest(ctx context.Context, tx *sql.Tx, a desk.Actor, in *desk.NewRequest, email string,
	staged []stagedBlob) (*desk.Request, error) {
	now := s.now()
	requesterID, orgID, err := s.resolveRequester(ctx, tx, a, email, in.RequesterName, now)
	if err != nil {
		return nil, err
	}
	dept, err := s.resolveDepartment(ctx, tx, in.DepartmentID, in.DepartmentSlug)
	if err != nil {
		return nil, err
	}
	var number int64
	err = tx.QueryRowContext(ctx, `INSERT INTO requests (subject, status, priority, channel, department_id, requester_id,
		organisation_id, contact_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING number`,
		in.Subject, desk.StatusNew, in.Priority, in.Channel, dept.ID, requesterID, idPtrOrNil(orgID), in.ContactReason,
		s.tv(now)).Scan(&number)
	if err != nil {
		return nil, fmt.Errorf("insert: %w", err)
	}
	if err := s.setTags(ctx, tx, number, nil, in.Tags); err != nil {
		return nil, err
	}
	_, err = s.insertMessage(ctx, tx, newMessage{number: number, kind: desk.KindRequester, vis: desk.Public,
		authorID: requesterID, body: in.Body, bodyHTML: desk.SanitizeHTML(in.BodyHTML), staged: staged, at: now})
	if err != nil {
		return nil, err
	}
	if err := s.reindex(ctx, tx, number); err != nil {
		return nil, err
	}
	data := map[string]any{"channel": in.Channel, "department_id": dept.ID, "department": dept.Name}
	if err := s.addEvent(ctx, tx, number, a, desk.EventCreated, data, true, now); err != nil {
		return nil, err
	}
	return s.loadRequest(ctx, tx, number, false)
}

// resolveRequester returns the requester's person id and organisation.
func (s *Store) resolveRequester(ctx context.Context, tx *sql.Tx, a desk.Actor, email, name string,
	now time.Time) (int64, *int64, error) {
	if !a.IsAgent() {
		if email != "" {
			id, err := s.personIDByEmail(ctx, tx, email)
			if err != nil && desk.ErrorCode(err) != desk.CodeNotFound {
				return 0, nil, err
			}
			if id != a.PersonID {
				return 0, nil, desk.Forbidden("requesters create requests only for themselves")
			}
		}
		p, err := s.person(ctx, tx, a.PersonID)
		if err != nil {
			return 0, nil, err
		}
		return p.ID, p.OrganisationID, nil
	}
	id, err := s.personIDByEmail(ctx, tx, email)
	if err == nil {
		p, err := s.person(ctx, tx, id)
		if err != nil {
			return 0, nil, err
		}
		return p.ID, p.OrganisationID, nil
	}
	if desk.ErrorCode(err) != desk.CodeNotFound {
		return 0, nil, err
	}
	return s.createRequester(ctx, tx, email, name, now)
}

// createRequester adds an external person for a new requester address, in the
// organisation whose domain matches it.
func (s *Store) createRequester(ctx context.Context, tx *sql.Tx, email, name string, now time.Time) (int64, *int64, error) {
	p := desk.Person{Name: name, Kind: desk.ExternalPerson, Emails: []string{email}, CreatedAt: now}
	domain := email[strings.LastIndexByte(email, '@')+1:]
	var orgID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM organisations WHERE domain = $1`, domain).Scan(&orgID)
	if err == nil {
		p.OrganisationID = &orgID
	} else if !isNoRows(err) {
		return 0, nil, err
	}
	if err := p.Validate(); err != nil {
		return 0, nil, err
	}
	if err := s.insertPerson(ctx, tx, &p); err != nil {
		if isUnique(err) { // created concurrently by another transaction (PostgreSQL): start again
			return 0, nil, errRetry
		}
		return 0, nil, err
	}
	return p.ID, p.OrganisationID, nil
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
func (s *Store) setTags(ctx context.Context, tx *sql.Tx, number int64, old, tags []string) error {
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
