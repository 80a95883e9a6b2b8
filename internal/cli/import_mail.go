package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"guichet/internal/mail"
	"guichet/internal/mailimport"
)

// runImport runs `guichet import mail PATH`: an mbox file or a Maildir
// folder, resumed where an interrupted run stopped. Imported mail is never
// acknowledged.
func runImport(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "mail" {
		return fmt.Errorf("%w: usage: guichet import mail [flags] PATH", ErrUsage)
	}
	args = args[1:]
	var path, domains, mailbox string
	var restart bool
	switch n := len(args); {
	case n > 0 && !strings.HasPrefix(args[0], "-"): // PATH first
		path, args = args[0], args[1:]
	case n > 0 && !strings.HasPrefix(args[n-1], "-"): // PATH last
		path, args = args[n-1], args[:n-1]
	}
	cfg, err := setup("import mail", args, env, false, func(fs *flag.FlagSet) {
		fs.StringVar(&domains, "mail-domains", env.Getenv("GUICHET_MAIL_DOMAINS"), "the desk's mail domains, to route by address (env GUICHET_MAIL_DOMAINS)")
		fs.StringVar(&mailbox, "mailbox", "", "the address this mail was received at, for messages that name none of ours")
		fs.BoolVar(&restart, "restart", false, "read the whole source again (duplicates are still recognised)")
	})
	if err != nil {
		return err
	}
	if path == "" {
		return fmt.Errorf("%w: usage: guichet import mail [flags] PATH", ErrUsage)
	}
	ds, err := mail.ParseDomains(domains)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	log := newLogger(cfg, env.Stderr)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	im := &mailimport.Importer{Positions: st, Mailbox: mailbox, Restart: restart, Progress: env.Stderr, Logger: log,
		Ingester: &mail.Ingester{Store: st, Domains: ds, Logger: log, MaxPartBytes: cfg.MaxAttachmentBytes, NoAck: true}}
	start := time.Now()
	res, err := im.Import(ctx, path)
	if res != nil {
		fmt.Fprintf(env.Stdout, "%d messages in %s: %d new requests, %d duplicates, %d skipped%s\n", res.Messages,
			time.Since(start).Round(time.Millisecond), res.Created, res.Duplicates, res.Skipped,
			map[bool]string{true: " (resumed)"}[res.Resumed])
	}
	return err
}
