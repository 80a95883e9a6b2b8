package store

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"guichet/internal/desk"
)

// MailOriginal opens the raw message a message was received as, for agents
// (to show the original with every header). CodeNotFound for a requester, an
// unknown message or one that did not arrive by mail. The caller closes it.
func (s *Store) MailOriginal(ctx context.Context, a desk.Actor, messageID int64) (io.ReadCloser, error) {
	if !a.IsAgent() {
		return nil, desk.NotFound("message")
	}
	var sha string
	var raw []byte
	err := s.rdb.QueryRowContext(ctx, `SELECT i.raw_sha256, r.raw FROM mail_inbound i
		LEFT JOIN mail_raw r ON r.message_id = i.message_id WHERE i.msg_id = $1`, messageID).Scan(&sha, &raw)
	if isNoRows(err) || err == nil && sha == "" && raw == nil {
		return nil, desk.NotFound("message")
	}
	if err != nil {
		return nil, fmt.Errorf("store: mail original: %w", err)
	}
	if raw != nil {
		return io.NopCloser(bytes.NewReader(raw)), nil
	}
	f, err := s.blobs.Open(sha)
	if err != nil {
		return nil, fmt.Errorf("store: mail original %d: %w", messageID, err)
	}
	return f, nil
}
