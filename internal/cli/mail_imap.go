package cli

import (
	"context"
	"fmt"

	"guichet/internal/config"
	"guichet/internal/imappoll"
	"guichet/internal/mail"
	"guichet/internal/store"
)

// startIMAP starts one poller per configured mailbox; they stop with ctx.
// A bad account URL fails the start (the password is never shown).
func (mc *mailChannel) startIMAP(ctx context.Context, cfg *config.Config, st *store.Store, in *mail.Ingester) error {
	for _, u := range cfg.Mail.IMAPList() {
		acct, err := imappoll.ParseAccount(u)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUsage, err)
		}
		p := &imappoll.Poller{Account: acct, Ingester: in, Positions: st, Every: cfg.Mail.IMAPEvery, Logger: mc.log}
		mc.log.Info("imap polling", "mailbox", acct.Key(), "every", cfg.Mail.IMAPEvery, "after", acct.After)
		mc.wg.Add(1)
		go func() {
			defer mc.wg.Done()
			_ = p.Run(ctx)
		}()
	}
	return nil
}
