package cli

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"guichet/internal/config"
	"guichet/internal/mail"
	"guichet/internal/outbox"
	"guichet/internal/smtpd"
	"guichet/internal/store"
)

// mailChannel is a serve node's email channel in: the SMTP listener and
// the IMAP pollers, stopped when the serve context ends. The outbox runs
// with the node's other background work (jobs.go).
type mailChannel struct {
	cancel context.CancelFunc // ends the listener and pollers
	wg     sync.WaitGroup
	log    *slog.Logger
}

// mailDomains returns the configured domains; the demo's example.com when
// none are and the demo is on.
func mailDomains(cfg *config.Config) (mail.Domains, error) {
	domains, err := mail.ParseDomains(cfg.Mail.Domains)
	if err != nil {
		return nil, err
	}
	if len(domains) == 0 && cfg.Demo {
		domains = mail.Domains{"example.com"}
	}
	return domains, nil
}

// outboxConfig returns the outbox's configuration: the desk's address, the
// relay, the time zone of dates and the DKIM key. It fails on a relay
// without a sender address, or a DKIM key that cannot be read.
func outboxConfig(cfg *config.Config, log *slog.Logger) (outbox.Config, error) {
	domains, err := mailDomains(cfg)
	if err != nil {
		return outbox.Config{}, err
	}
	from := cfg.Mail.From
	if from == "" && len(domains) > 0 {
		from = "support@" + domains[0]
	}
	ocfg := outbox.Config{From: from, Logger: log, PublicURL: cfg.PublicURL}
	if ocfg.From == "" {
		ocfg.From = "support@guichet.invalid"
	}
	if cfg.Mail.Relay != "" {
		if cfg.Mail.From == "" && len(domains) == 0 {
			return outbox.Config{}, fmt.Errorf("%w: --smtp-relay needs --mail-from or --mail-domains", ErrUsage)
		}
		relay, err := outbox.ParseRelay(cfg.Mail.Relay)
		if err != nil {
			return outbox.Config{}, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		ocfg.Relay = &relay
	}
	ocfg.Location, _ = time.LoadLocation(cfg.Mail.TimeZone)
	if cfg.Mail.DKIMKey != "" {
		if ocfg.DKIM, err = outbox.LoadDKIM(cfg.Mail.DKIMKey, cfg.Mail.DKIMSelector, ocfg.From[strings.LastIndexByte(ocfg.From, '@')+1:]); err != nil {
			return outbox.Config{}, err
		}
	}
	return ocfg, nil
}

// startMail starts the email channel in. It fails if the SMTP address cannot
// be listened on or the TLS files cannot be read.
func startMail(ctx context.Context, cfg *config.Config, st *store.Store, log *slog.Logger) (*mailChannel, error) {
	domains, err := mailDomains(cfg)
	if err != nil {
		return nil, err
	}
	mc := &mailChannel{log: log}
	ctx, mc.cancel = context.WithCancel(ctx)
	in := &mail.Ingester{Store: st, Domains: domains, Logger: log, MaxPartBytes: cfg.MaxAttachmentBytes,
		Limiter: mail.NewSenderLimiter(cfg.Mail.RatePerHour, time.Hour, nil)}
	if err := mc.startSMTP(ctx, cfg, domains, in); err != nil {
		mc.stop()
		return nil, err
	}
	if err := mc.startIMAP(ctx, cfg, st, in); err != nil {
		mc.stop()
		return nil, err
	}
	return mc, nil
}

func (mc *mailChannel) startSMTP(ctx context.Context, cfg *config.Config, domains mail.Domains, in *mail.Ingester) error {
	if cfg.Mail.SMTPAddr == "" {
		return nil
	}
	if len(domains) == 0 {
		mc.log.Warn("SMTP listener not started: no --mail-domains")
		return nil
	}
	scfg := smtpd.Config{Addr: cfg.Mail.SMTPAddr, Domains: domains, MaxMessageBytes: maxMessageBytes(cfg.MaxAttachmentBytes),
		Users: parseUsers(cfg.Mail.Users), RequireAuth: cfg.Mail.RequireAuth, MaxRecipients: cfg.Mail.MaxRecipients,
		ReadTimeout: cfg.Mail.ReadTimeout, WriteTimeout: cfg.Mail.WriteTimeout}
	if cfg.Mail.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.Mail.TLSCert, cfg.Mail.TLSKey)
		if err != nil {
			return fmt.Errorf("smtp tls: %w", err)
		}
		scfg.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", scfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp: listen: %w", err)
	}
	srv := smtpd.New(scfg, in, mc.log)
	mc.wg.Add(1)
	go func() {
		defer mc.wg.Done()
		if err := srv.Serve(ctx, ln); err != nil {
			mc.log.Error("smtp listener stopped", "err", err)
		}
	}()
	return nil
}

// mailMetrics adds the outbox backlog to reg: how many mails are queued and
// how long the oldest has waited (a growing age means no relay, or a relay
// refusing). It returns reg.
func mailMetrics(reg *prometheus.Registry, st *store.Store) *prometheus.Registry {
	backlog := func() (int, time.Duration) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, age, err := st.MailBacklog(ctx)
		if err != nil {
			return -1, 0
		}
		return n, age
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "guichet_mail_outbox_queued",
			Help: "Outgoing mails waiting in the outbox (-1 if unknown)."},
			func() float64 { n, _ := backlog(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "guichet_mail_outbox_oldest_seconds",
			Help: "Age of the oldest outgoing mail waiting in the outbox."},
			func() float64 { _, age := backlog(); return age.Seconds() }))
	return reg
}

// parseUsers reads "user:password,..." (a password may contain ':').
func parseUsers(s string) map[string]string {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if u, p, ok := strings.Cut(strings.TrimSpace(pair), ":"); ok && u != "" {
			out[u] = p
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// stop ends the listener and pollers, waiting for messages being stored.
func (mc *mailChannel) stop() {
	mc.cancel()
	mc.wg.Wait()
}

// maxMessageBytes is the largest mail the listener takes: room for one
// attachment of the largest size allowed, base64-encoded (a third larger),
// and the rest of the message.
func maxMessageBytes(attachment int64) int64 { return attachment*4/3 + 1<<20 }
