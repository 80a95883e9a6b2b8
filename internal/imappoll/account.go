// Package imappoll imports mail from IMAP mailboxes: at every poll it reads
// the messages with a UID above the last one imported, stores each through
// the mail ingester (one transaction each, idempotent on Message-ID), records
// the position, and optionally moves, flags or deletes what it imported. The
// position is kept per mailbox with its UIDVALIDITY, so that restarts
// neither skip nor re-import, and a mailbox rebuilt by its server (new
// UIDVALIDITY) is read again from the start, duplicates being recognised.
package imappoll

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"guichet/internal/desk"
)

// Account is one mailbox to poll, read from
// imap[s]://user:password@host[:port]/MAILBOX[?after=...&tls=...&address=...].
type Account struct {
	Addr     string // host:port
	TLS      string // "tls" (imaps://, default port 993), "starttls" (imap://, default) or "none"
	Username string
	Password string
	Mailbox  string // default INBOX
	// After is what happens to an imported message: "" (nothing, the
	// default), "seen", "delete" or "move:Folder".
	After string
	// Address is the address the mailbox receives mail for, used to route
	// messages whose To/Cc do not name it (Bcc, aliases); default the user
	// name when it is an address.
	Address string
}

// Key names the mailbox for its stored position: user@host/MAILBOX.
func (a Account) Key() string { return a.Username + "@" + a.Addr + "/" + a.Mailbox }

// ParseAccount reads an account URL; the error names what is wrong (never
// the password).
func ParseAccount(s string) (Account, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "imap" && u.Scheme != "imaps") || u.Host == "" || u.User == nil {
		return Account{}, fmt.Errorf("imap account: want imap[s]://user:password@host[:port]/MAILBOX")
	}
	a := Account{Addr: u.Host, Username: u.User.Username(), Mailbox: strings.TrimPrefix(u.Path, "/"),
		After: u.Query().Get("after"), Address: u.Query().Get("address"), TLS: u.Query().Get("tls")}
	a.Password, _ = u.User.Password()
	if a.Mailbox == "" {
		a.Mailbox = "INBOX"
	}
	if a.TLS == "" {
		a.TLS = map[string]string{"imaps": "tls", "imap": "starttls"}[u.Scheme]
	}
	if _, _, err := net.SplitHostPort(a.Addr); err != nil {
		port := "143"
		if a.TLS == "tls" {
			port = "993"
		}
		a.Addr = net.JoinHostPort(a.Addr, port)
	}
	switch {
	case a.TLS != "tls" && a.TLS != "starttls" && a.TLS != "none":
		return Account{}, fmt.Errorf("imap account %s: tls must be tls, starttls or none", a.Key())
	case a.After != "" && a.After != "seen" && a.After != "delete" && !strings.HasPrefix(a.After, "move:"):
		return Account{}, fmt.Errorf("imap account %s: after must be seen, delete or move:Folder", a.Key())
	case a.After == "move:":
		return Account{}, fmt.Errorf("imap account %s: move: needs a folder", a.Key())
	}
	if a.Address == "" {
		if e, err := desk.NormalizeEmail(a.Username); err == nil {
			a.Address = e
		}
	}
	return a, nil
}
