package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Mail configures the email channel (serve only).
type Mail struct {
	SMTPAddr    string // SMTP listener address; "" disables it
	Domains     string // comma-separated domains whose every address accepts mail
	From        string // the desk's address on outgoing mail; default support@<first domain>
	Relay       string // outgoing relay, smtp://[user:pass@]host:port[?tls=starttls|tls|none]; "" keeps mail queued
	TLSCert     string // PEM certificate for STARTTLS on the listener (with TLSKey)
	TLSKey      string // PEM key
	Users       string // user:password,... allowed to AUTH (relays that deliver to Guichet)
	RequireAuth bool   // refuse senders that did not AUTH
	// MaxRecipients bounds the recipients of one message on the listener.
	MaxRecipients int
	// ReadTimeout and WriteTimeout bound how long the listener waits on a
	// silent client, and on a client that does not take its answer.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IMAP         string        // comma-separated imap[s]://user:pass@host[:port]/MAILBOX[?after=move:Folder|seen|delete]
	IMAPEvery    time.Duration // IMAP polling interval
	RatePerHour  int           // mail acknowledged per sender per hour; past it, stored but not acknowledged
	TimeZone     string        // of dates written in mail
	DKIMKey      string        // PEM private key signing outgoing mail (with DKIMSelector)
	DKIMSelector string        // DNS selector of the DKIM key
}

func mailDefaults(getenv func(string) string) Mail {
	env := func(key, def string) string {
		if v := getenv("GUICHET_" + key); v != "" {
			return v
		}
		return def
	}
	m := Mail{
		SMTPAddr: env("SMTP_ADDR", "127.0.0.1:2525"), Domains: env("MAIL_DOMAINS", ""), From: env("MAIL_FROM", ""),
		Relay: env("SMTP_RELAY", ""), TLSCert: env("SMTP_TLS_CERT", ""), TLSKey: env("SMTP_TLS_KEY", ""),
		Users: env("SMTP_USERS", ""), RequireAuth: env("SMTP_REQUIRE_AUTH", "") == "true",
		IMAP: env("IMAP", ""), TimeZone: env("MAIL_TIMEZONE", "America/Toronto"),
		DKIMKey: env("DKIM_KEY", ""), DKIMSelector: env("DKIM_SELECTOR", ""),
	}
	if m.SMTPAddr == "off" { // an empty variable cannot be told from an unset one
		m.SMTPAddr = ""
	}
	m.IMAPEvery, _ = time.ParseDuration(env("IMAP_EVERY", "1m"))
	m.MaxRecipients, _ = strconv.Atoi(env("SMTP_MAX_RECIPIENTS", "50"))
	m.ReadTimeout, _ = time.ParseDuration(env("SMTP_READ_TIMEOUT", "5m"))
	m.WriteTimeout, _ = time.ParseDuration(env("SMTP_WRITE_TIMEOUT", "5m"))
	m.RatePerHour, _ = strconv.Atoi(env("MAIL_RATE_PER_HOUR", "20"))
	return m
}

func (m *Mail) register(fs *flag.FlagSet) {
	fs.StringVar(&m.SMTPAddr, "smtp-addr", m.SMTPAddr, "SMTP listener address; empty disables it (env GUICHET_SMTP_ADDR, \"off\" disables)")
	fs.StringVar(&m.Domains, "mail-domains", m.Domains, "comma-separated mail domains whose every address reaches the desk (env GUICHET_MAIL_DOMAINS; the demo uses example.com)")
	fs.StringVar(&m.From, "mail-from", m.From, "the desk's address on outgoing mail (env GUICHET_MAIL_FROM; default support@ the first domain)")
	fs.StringVar(&m.Relay, "smtp-relay", m.Relay, "outgoing relay smtp://[user:pass@]host:port[?tls=starttls|tls|none]; empty keeps mail queued (env GUICHET_SMTP_RELAY)")
	fs.StringVar(&m.TLSCert, "smtp-tls-cert", m.TLSCert, "PEM certificate enabling STARTTLS on the listener (env GUICHET_SMTP_TLS_CERT)")
	fs.StringVar(&m.TLSKey, "smtp-tls-key", m.TLSKey, "PEM key for --smtp-tls-cert (env GUICHET_SMTP_TLS_KEY)")
	fs.StringVar(&m.Users, "smtp-users", m.Users, "user:password,... allowed to AUTH on the listener (env GUICHET_SMTP_USERS)")
	fs.BoolVar(&m.RequireAuth, "smtp-require-auth", m.RequireAuth, "refuse senders that did not AUTH (env GUICHET_SMTP_REQUIRE_AUTH)")
	fs.IntVar(&m.MaxRecipients, "smtp-max-recipients", m.MaxRecipients, "recipients accepted per message on the listener; more are answered 452 (env GUICHET_SMTP_MAX_RECIPIENTS)")
	fs.DurationVar(&m.ReadTimeout, "smtp-read-timeout", m.ReadTimeout, "how long the listener waits for a silent client before 421 and disconnecting (env GUICHET_SMTP_READ_TIMEOUT)")
	fs.DurationVar(&m.WriteTimeout, "smtp-write-timeout", m.WriteTimeout, "how long the listener waits for a client to take an answer (env GUICHET_SMTP_WRITE_TIMEOUT)")
	fs.StringVar(&m.IMAP, "imap", m.IMAP, "comma-separated mailboxes to poll, imap[s]://user:pass@host[:port]/MAILBOX[?after=move:Folder|seen|delete] (env GUICHET_IMAP)")
	fs.DurationVar(&m.IMAPEvery, "imap-every", m.IMAPEvery, "IMAP polling interval (env GUICHET_IMAP_EVERY)")
	fs.IntVar(&m.RatePerHour, "mail-rate-per-hour", m.RatePerHour, "mail acknowledged per sender per hour, to stop mail loops (env GUICHET_MAIL_RATE_PER_HOUR)")
	fs.StringVar(&m.TimeZone, "mail-timezone", m.TimeZone, "time zone of dates written in mail when the request's business calendar names none (env GUICHET_MAIL_TIMEZONE)")
	fs.StringVar(&m.DKIMKey, "dkim-key", m.DKIMKey, "PEM private key (RSA or Ed25519) signing outgoing mail (env GUICHET_DKIM_KEY)")
	fs.StringVar(&m.DKIMSelector, "dkim-selector", m.DKIMSelector, "DKIM selector: the key is published at SELECTOR._domainkey.DOMAIN (env GUICHET_DKIM_SELECTOR)")
}

func (m *Mail) validate() []error {
	var errs []error
	if m.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(m.SMTPAddr); err != nil {
			errs = append(errs, fmt.Errorf("smtp-addr %q: %w", m.SMTPAddr, err))
		}
	}
	for _, d := range m.DomainList() {
		if strings.ContainsAny(d, "@ /") || !strings.Contains(d, ".") {
			errs = append(errs, fmt.Errorf("mail-domains: %q is not a domain", d))
		}
	}
	if m.Relay != "" && !strings.Contains(m.Relay, "://") {
		if _, _, err := net.SplitHostPort(m.Relay); err != nil {
			errs = append(errs, fmt.Errorf("smtp-relay %q: want host:port or smtp://…", m.Relay))
		}
	}
	for _, u := range m.IMAPList() {
		if p, err := url.Parse(u); err != nil || p.Scheme != "imap" && p.Scheme != "imaps" || p.Host == "" {
			errs = append(errs, fmt.Errorf("imap: %q is not an imap:// or imaps:// URL", redact(u)))
		}
	}
	if (m.DKIMKey == "") != (m.DKIMSelector == "") {
		errs = append(errs, fmt.Errorf("dkim-key and dkim-selector go together"))
	}
	if (m.TLSCert == "") != (m.TLSKey == "") {
		errs = append(errs, fmt.Errorf("smtp-tls-cert and smtp-tls-key go together"))
	}
	if _, err := time.LoadLocation(m.TimeZone); err != nil {
		errs = append(errs, fmt.Errorf("mail-timezone: %w", err))
	}
	if m.IMAPEvery < time.Second {
		errs = append(errs, fmt.Errorf("imap-every must be at least 1s"))
	}
	if m.MaxRecipients < 1 {
		errs = append(errs, fmt.Errorf("smtp-max-recipients must be at least 1"))
	}
	if m.ReadTimeout < time.Second || m.WriteTimeout < time.Second {
		errs = append(errs, fmt.Errorf("smtp-read-timeout and smtp-write-timeout must be at least 1s"))
	}
	return errs
}

// DomainList returns the mail domains, lowercased.
func (m *Mail) DomainList() []string { return splitList(strings.ToLower(m.Domains)) }

// IMAPList returns the mailboxes to poll.
func (m *Mail) IMAPList() []string { return splitList(m.IMAP) }

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// redact hides the password of a URL for error messages and logs.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
