package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"time"

	"guichet/internal/desk"
)

// SignInLinkState is where a sign-in link of the requester portal stands.
type SignInLinkState string

// Sign-in link states.
const (
	SignInLinkValid   SignInLinkState = "valid"   // it may sign in, once
	SignInLinkUsed    SignInLinkState = "used"    // it already signed someone in
	SignInLinkExpired SignInLinkState = "expired" // its time has passed
	SignInLinkUnknown SignInLinkState = "unknown" // no such link (or pruned long ago)
)

// signInLinksKept is how long a link is remembered after it expires, so that
// following it says "expired" rather than "unknown".
const signInLinksKept = 24 * time.Hour

// NewSignInLink is a sign-in link to record for the person who has Email.
type NewSignInLink struct {
	Email     string
	TokenHash []byte        // SHA-256 of the link's token; the token itself is only in the link
	TTL       time.Duration // how long the link may be used
	// URL is the link to mail to Email (MailSignIn, in the person's
	// language); "" records the link without mailing it (the command line
	// prints it instead).
	URL string
}

// CreateSignInLink records a single-use sign-in link for the person who has
// the address in.Email and, when in.URL is set, queues the mail carrying it,
// in one transaction. Links expired for more than a day are pruned on the
// way. It returns the person's id; CodeNotFound when nobody has the address
// (nothing is written), CodeInvalid for a malformed address, a hash that is
// not 32 bytes or a TTL that is not positive.
func (s *Store) CreateSignInLink(ctx context.Context, in NewSignInLink) (int64, error) {
	email, err := desk.NormalizeEmail(in.Email)
	switch {
	case err != nil:
		return 0, err
	case len(in.TokenHash) != sha256.Size:
		return 0, desk.Invalid("token", "must be a SHA-256 hash")
	case in.TTL <= 0:
		return 0, desk.Invalid("ttl", "must be positive")
	}
	// Most unknown addresses stop here, on the read pool, before the writer.
	if _, err := s.personIDByEmail(ctx, s.rdb, email); err != nil {
		return 0, fmt.Errorf("store: create sign-in link: %w", err)
	}
	now := s.now()
	var personID int64
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		to := MailRecipient{Email: email}
		err := q.QueryRowContext(ctx, `SELECT p.id, p.name, p.language FROM person_emails e
			JOIN people p ON p.id = e.person_id WHERE e.email = $1`, email).Scan(&personID, &to.Name, &to.Language)
		if isNoRows(err) {
			return desk.NotFound("person")
		}
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM portal_sign_in_links WHERE expires_at < $1`,
			s.tv(now.Add(-signInLinksKept))); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO portal_sign_in_links (token_hash, person_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4)`, in.TokenHash, personID, s.tv(now), s.tv(now.Add(in.TTL))); err != nil {
			return err
		}
		if in.URL == "" {
			return nil
		}
		return s.queueSignInMail(ctx, tx, to, in)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create sign-in link: %w", err)
	}
	return personID, nil
}

// queueSignInMail queues the mail carrying a sign-in link, signed by the
// front desk.
func (s *Store) queueSignInMail(ctx context.Context, tx *sql.Tx, to MailRecipient, in NewSignInLink) error {
	var from string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM departments WHERE front_desk = $1`, true).Scan(&from); err != nil {
		return fmt.Errorf("front desk: %w", err)
	}
	data := map[string]any{"link": in.URL, "minutes": fmt.Sprint(int(in.TTL.Minutes())), "department": from}
	_, err := s.queueMailTo(ctx, tx, OutgoingMail{Kind: MailSignIn, To: to, Data: data})
	return err
}

// SignInLinkStatus tells where the link whose token hashes to hash stands,
// without using it.
func (s *Store) SignInLinkStatus(ctx context.Context, hash []byte) (SignInLinkState, error) {
	_, state, err := s.signInLink(ctx, s.rdb, hash)
	if err != nil {
		return "", fmt.Errorf("store: sign-in link: %w", err)
	}
	return state, nil
}

// UseSignInLink uses the link whose token hashes to hash: the first use of a
// link that has not expired returns its person's id and SignInLinkValid;
// any other returns 0 and the state that stops it (used, expired, unknown).
// Two uses at once cannot both succeed.
func (s *Store) UseSignInLink(ctx context.Context, hash []byte) (int64, SignInLinkState, error) {
	var personID int64
	var state SignInLinkState
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		var err error
		if personID, state, err = s.signInLink(ctx, q, hash); err != nil || state != SignInLinkValid {
			return err
		}
		res, err := q.ExecContext(ctx, `UPDATE portal_sign_in_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`,
			s.tv(s.now()), hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			state = SignInLinkUsed // used by a concurrent transaction meanwhile
			return err
		}
		return nil
	})
	if err != nil {
		return 0, "", fmt.Errorf("store: use sign-in link: %w", err)
	}
	if state != SignInLinkValid {
		personID = 0
	}
	return personID, state, nil
}

// signInLink reads a link's person and state now.
func (s *Store) signInLink(ctx context.Context, q querier, hash []byte) (int64, SignInLinkState, error) {
	var personID int64
	var expires time.Time
	var used *time.Time
	err := q.QueryRowContext(ctx, `SELECT person_id, expires_at, used_at FROM portal_sign_in_links WHERE token_hash = $1`,
		hash).Scan(&personID, timeScan{&expires}, nullTimeScan{&used})
	switch {
	case isNoRows(err):
		return 0, SignInLinkUnknown, nil
	case err != nil:
		return 0, "", err
	case used != nil:
		return personID, SignInLinkUsed, nil
	case !s.now().Before(expires):
		return personID, SignInLinkExpired, nil
	}
	return personID, SignInLinkValid, nil
}

// LatestMail returns the newest outbox mail of kind to the address toEmail,
// as OutboxMail does, for tools and tests that need what was mailed (a
// sign-in link, with no relay configured). CodeNotFound if there is none.
func (s *Store) LatestMail(ctx context.Context, kind, toEmail string) (*OutboxMail, error) {
	var id int64
	err := s.reads().QueryRowContext(ctx, `SELECT id FROM mail_outbox WHERE kind = $1 AND to_email = $2
		ORDER BY id DESC LIMIT 1`, kind, toEmail).Scan(&id)
	if isNoRows(err) {
		return nil, desk.NotFound("outbox mail")
	}
	if err != nil {
		return nil, fmt.Errorf("store: latest mail: %w", err)
	}
	return s.OutboxMail(ctx, id)
}
