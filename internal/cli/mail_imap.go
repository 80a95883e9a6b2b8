package cli

import (
	"context"

	"guichet/internal/config"
	"guichet/internal/mail"
	"guichet/internal/store"
)

// startIMAP starts one poller per configured mailbox.
func (mc *mailChannel) startIMAP(ctx context.Context, cfg *config.Config, st *store.Store, in *mail.Ingester) error {
	if len(cfg.Mail.IMAPList()) > 0 {
		mc.log.Warn("IMAP polling is not available in this build yet")
	}
	return nil
}
