package store

import (
	"context"
	"database/sql"
	"fmt"
)

// IMAPPosition returns where polling of mailbox stands: the UIDVALIDITY it
// was read under and the last UID imported (0, 0 for a mailbox never read).
func (s *Store) IMAPPosition(ctx context.Context, mailbox string) (validity, lastUID uint32, err error) {
	var v, u int64
	err = s.rdb.QueryRowContext(ctx, `SELECT uid_validity, last_uid FROM mail_imap_state WHERE mailbox = $1`, mailbox).Scan(&v, &u)
	if isNoRows(err) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: imap position: %w", err)
	}
	return uint32(v), uint32(u), nil
}

// SetIMAPPosition records that every message of mailbox up to lastUID was
// imported under validity. Under the same validity the position never goes
// back (two pollers of one mailbox cannot undo each other).
func (s *Store) SetIMAPPosition(ctx context.Context, mailbox string, validity, lastUID uint32) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		res, err := q.ExecContext(ctx, `UPDATE mail_imap_state SET last_uid = CASE WHEN uid_validity = $1 AND last_uid > $2
			THEN last_uid ELSE $2 END, uid_validity = $1, updated_at = $3 WHERE mailbox = $4`,
			int64(validity), int64(lastUID), s.tv(s.now()), mailbox)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = q.ExecContext(ctx, `INSERT INTO mail_imap_state (mailbox, uid_validity, last_uid, updated_at)
			VALUES ($1, $2, $3, $4)`, mailbox, int64(validity), int64(lastUID), s.tv(s.now()))
		if isUnique(err) {
			return errRetry
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set imap position: %w", err)
	}
	return nil
}

// ImportPosition returns how far an import of source got (bytes of an mbox
// file, or files of a Maildir folder) and whether it finished.
func (s *Store) ImportPosition(ctx context.Context, source string) (pos int64, done bool, err error) {
	err = s.rdb.QueryRowContext(ctx, `SELECT position, done FROM mail_import_progress WHERE source = $1`, source).Scan(&pos, &done)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: import position: %w", err)
	}
	return pos, done, nil
}

// SetImportPosition records how far an import of source got.
func (s *Store) SetImportPosition(ctx context.Context, source string, pos int64, done bool) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q := tx
		res, err := q.ExecContext(ctx, `UPDATE mail_import_progress SET position = $1, done = $2, updated_at = $3
			WHERE source = $4`, pos, done, s.tv(s.now()), source)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = q.ExecContext(ctx, `INSERT INTO mail_import_progress (source, position, done, updated_at)
			VALUES ($1, $2, $3, $4)`, source, pos, done, s.tv(s.now()))
		if isUnique(err) {
			return errRetry
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set import position: %w", err)
	}
	return nil
}
