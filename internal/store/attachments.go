package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"guichet/internal/desk"
)

// stagedBlob is an attachment whose content is already on disk, waiting for
// the transaction that records it.
type stagedBlob struct {
	desk.Attachment
	created bool // this call wrote the file
}

// stageAttachments validates the attachments and writes their contents before
// the transaction. Every staged blob is held (see releaseBlobs) so that a
// concurrent failure does not remove a file this write will reference. On
// error, what was staged is released and removed.
func (s *Store) stageAttachments(atts []desk.NewAttachment) ([]stagedBlob, error) {
	out := make([]stagedBlob, 0, len(atts))
	for i := range atts {
		if err := desk.ValidateAttachment(&atts[i], s.opt.MaxAttachmentBytes); err != nil {
			s.releaseBlobs(context.Background(), out, true)
			return nil, err
		}
		sum := sha256.Sum256(atts[i].Content)
		b := stagedBlob{Attachment: desk.Attachment{Filename: atts[i].Filename, ContentType: atts[i].ContentType,
			Size: int64(len(atts[i].Content)), SHA256: hex.EncodeToString(sum[:])}}
		s.pendingMu.Lock() // hold before writing: a concurrent failure must not remove the file under us
		s.pending[b.SHA256]++
		s.pendingMu.Unlock()
		sha, _, created, err := s.blobs.Put(bytes.NewReader(atts[i].Content), s.opt.MaxAttachmentBytes)
		if err == nil && sha != b.SHA256 {
			err = fmt.Errorf("content changed while stored")
		}
		b.created = created
		out = append(out, b)
		if err != nil {
			s.releaseBlobs(context.Background(), out, true)
			return nil, fmt.Errorf("store: attachment: %w", err)
		}
	}
	return out, nil
}

// releaseBlobs ends the hold on staged blobs. When the write failed, a file
// this call created is removed unless another write in flight holds it or a
// committed attachment refers to it.
func (s *Store) releaseBlobs(ctx context.Context, staged []stagedBlob, failed bool) {
	for _, b := range staged {
		s.pendingMu.Lock()
		s.pending[b.SHA256]--
		held := s.pending[b.SHA256] > 0
		if !held {
			delete(s.pending, b.SHA256)
		}
		if failed && b.created && !held && !s.exists(ctx, s.rdb, `SELECT 1 FROM attachments WHERE sha256 = $1`, b.SHA256) {
			if err := s.blobs.Remove(b.SHA256); err != nil {
				s.log.Warn("store: remove unused attachment", "sha256", b.SHA256, "err", err)
			}
		}
		s.pendingMu.Unlock()
	}
}

// insertAttachments records staged blobs as attachments of a message.
func (s *Store) insertAttachments(ctx context.Context, tx querier, messageID int64, staged []stagedBlob,
	at time.Time) ([]desk.Attachment, error) {
	out := make([]desk.Attachment, 0, len(staged))
	for _, b := range staged {
		att := b.Attachment
		err := tx.QueryRowContext(ctx, `INSERT INTO attachments (message_id, filename, content_type, size, sha256, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, messageID, att.Filename, att.ContentType, att.Size, att.SHA256,
			s.tv(at)).Scan(&att.ID)
		if err != nil {
			return nil, fmt.Errorf("attachment: %w", err)
		}
		out = append(out, att)
	}
	return out, nil
}

// Attachment returns an attachment and opens its content, if the actor may
// read its request and see its message; CodeNotFound otherwise (an internal
// note's attachment is not found for a requester). The caller closes the reader.
func (s *Store) Attachment(ctx context.Context, a desk.Actor, id int64) (*desk.Attachment, io.ReadCloser, error) {
	var att desk.Attachment
	var number int64
	var vis desk.Visibility
	err := s.rdb.QueryRowContext(ctx, `SELECT a.id, a.filename, a.content_type, a.size, a.sha256, m.number, m.visibility
		FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = $1`, id).Scan(
		&att.ID, &att.Filename, &att.ContentType, &att.Size, &att.SHA256, &number, &vis)
	if isNoRows(err) {
		return nil, nil, desk.NotFound("attachment")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: attachment: %w", err)
	}
	if _, err := s.readable(ctx, s.rdb, a, number, false); err != nil || !a.CanSee(&desk.Message{Visibility: vis}) {
		if err != nil && desk.ErrorCode(err) != desk.CodeNotFound {
			return nil, nil, fmt.Errorf("store: attachment: %w", err)
		}
		return nil, nil, desk.NotFound("attachment")
	}
	f, err := s.blobs.Open(att.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("store: attachment %d: %w", id, err)
	}
	return &att, f, nil
}
