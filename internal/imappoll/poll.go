package imappoll

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/store"
)

// Ingester stores one message (see mail.Ingester).
type Ingester interface {
	Ingest(ctx context.Context, env mail.Envelope, raw []byte) (*store.IngestResult, error)
}

// Positions keeps where each mailbox was read up to (see store.Store).
type Positions interface {
	IMAPPosition(ctx context.Context, mailbox string) (validity, lastUID uint32, err error)
	SetIMAPPosition(ctx context.Context, mailbox string, validity, lastUID uint32) error
}

// Poller polls one mailbox.
type Poller struct {
	Account   Account
	Ingester  Ingester
	Positions Positions
	Every     time.Duration // default 1 min
	Logger    *slog.Logger
	TLSConfig *tls.Config // nil: system roots, server name from the address
}

// fetchChunk is how many messages one FETCH asks for.
const fetchChunk = 25

// Run polls until ctx is done; a failed poll is logged and tried again at
// the next interval. It returns nil when ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	every := p.Every
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := p.Poll(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			p.log().Error("imap poll failed", "mailbox", p.Account.Key(), "err", err)
		case n > 0:
			p.log().Info("imap messages imported", "mailbox", p.Account.Key(), "count", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Poll imports the new messages of the mailbox once and returns how many it
// stored (duplicates included). It stops at the first message it cannot
// store, so that the next poll tries it again.
func (p *Poller) Poll(ctx context.Context) (int, error) {
	c, err := p.connect(ctx)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	sel, err := c.Select(p.Account.Mailbox, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("imap select %s: %w", p.Account.Mailbox, err)
	}
	validity, last, err := p.Positions.IMAPPosition(ctx, p.Account.Key())
	if err != nil {
		return 0, err
	}
	if validity != sel.UIDValidity && (validity != 0 || last != 0) {
		p.log().Warn("imap UIDVALIDITY changed: reading the mailbox again (duplicates are recognised)",
			"mailbox", p.Account.Key(), "was", validity, "now", sel.UIDValidity)
		last = 0
	}
	uids, err := newUIDs(c, last)
	if err != nil || len(uids) == 0 {
		_ = c.Logout().Wait()
		return 0, err
	}
	n, err := p.importUIDs(ctx, c, sel.UIDValidity, uids)
	if err == nil {
		_ = c.Logout().Wait()
	}
	return n, err
}

func (p *Poller) connect(ctx context.Context) (*imapclient.Client, error) {
	host, _, _ := net.SplitHostPort(p.Account.Addr)
	tc := p.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	opts := &imapclient.Options{TLSConfig: tc, Dialer: &net.Dialer{Timeout: 30 * time.Second}}
	var c *imapclient.Client
	var err error
	switch p.Account.TLS {
	case "tls":
		c, err = imapclient.DialTLS(p.Account.Addr, opts)
	case "starttls":
		c, err = imapclient.DialStartTLS(p.Account.Addr, opts)
	default:
		c, err = imapclient.DialInsecure(p.Account.Addr, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("imap connect %s: %w", p.Account.Addr, err)
	}
	if err := c.Login(p.Account.Username, p.Account.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("imap login %s: %w", p.Account.Key(), err)
	}
	return c, nil
}

// newUIDs returns the UIDs above last, ascending ("last+1:*" also returns
// the highest UID when none is above last, hence the filter).
func newUIDs(c *imapclient.Client, last uint32) ([]imap.UID, error) {
	set := imap.UIDSet{imap.UIDRange{Start: imap.UID(last + 1), Stop: 0}}
	data, err := c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("imap search: %w", err)
	}
	var out []imap.UID
	for _, u := range data.AllUIDs() {
		if uint32(u) > last {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out, nil
}

// importUIDs fetches and stores messages in UID order, recording the
// position after each one and applying the after-import action per chunk.
func (p *Poller) importUIDs(ctx context.Context, c *imapclient.Client, validity uint32, uids []imap.UID) (int, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	n := 0
	for start := 0; start < len(uids); start += fetchChunk {
		chunk := uids[start:min(start+fetchChunk, len(uids))]
		msgs, err := c.Fetch(imap.UIDSetNum(chunk...), &imap.FetchOptions{UID: true,
			BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return n, fmt.Errorf("imap fetch: %w", err)
		}
		slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })
		var done []imap.UID
		for _, m := range msgs {
			if err := p.store(ctx, m.UID, m.FindBodySection(section)); err != nil {
				p.after(c, done)
				return n, err
			}
			if err := p.Positions.SetIMAPPosition(ctx, p.Account.Key(), validity, uint32(m.UID)); err != nil {
				p.after(c, done)
				return n, err
			}
			done = append(done, m.UID)
			n++
		}
		p.after(c, done)
	}
	return n, nil
}

// store ingests one message; one too large to ever be stored is skipped
// (and logged) rather than blocking the mailbox.
func (p *Poller) store(ctx context.Context, uid imap.UID, raw []byte) error {
	if raw == nil {
		return fmt.Errorf("imap: message UID %d has no body", uid)
	}
	env := mail.Envelope{From: mail.NoEnvelope, Source: "imap", Mailbox: p.Account.Address}
	_, err := p.Ingester.Ingest(ctx, env, raw)
	if desk.ErrorCode(err) == desk.CodeTooLarge || desk.ErrorCode(err) == desk.CodeInvalid {
		p.log().Error("imap message skipped: it cannot be stored", "mailbox", p.Account.Key(), "uid", uid, "err", err)
		return nil
	}
	return err
}

// after applies the after-import action to imported messages; a failure is
// logged only (the position already says they were imported).
func (p *Poller) after(c *imapclient.Client, uids []imap.UID) {
	if len(uids) == 0 || p.Account.After == "" {
		return
	}
	set := imap.UIDSetNum(uids...)
	var err error
	switch {
	case p.Account.After == "seen":
		err = c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	case p.Account.After == "delete":
		err = c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
		if err == nil {
			err = c.UIDExpunge(set).Close()
		}
	case strings.HasPrefix(p.Account.After, "move:"):
		_, err = c.Move(set, strings.TrimPrefix(p.Account.After, "move:")).Wait()
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		p.log().Warn("imap after-import action failed", "mailbox", p.Account.Key(), "action", p.Account.After, "err", err)
	}
}

func (p *Poller) log() *slog.Logger {
	if p.Logger == nil {
		return slog.Default()
	}
	return p.Logger
}
