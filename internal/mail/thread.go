package mail

import (
	"regexp"
	"strconv"
	"strings"

	"guichet/internal/desk"
)

// subjectNumber finds "[#1234]" (also "[# 1234]" and "[Guichet #1234]").
var subjectNumber = regexp.MustCompile(`\[[^\[\]#]{0,40}#\s?(\d{1,12})\]`)

// SubjectNumbers returns the request numbers named in a subject as [#1234],
// in order of appearance, without duplicates.
func SubjectNumbers(subject string) []int64 {
	var out []int64
	for _, m := range subjectNumber.FindAllStringSubmatch(subject, 5) {
		if n, err := strconv.ParseInt(m[1], 10, 64); err == nil && n > 0 && !containsInt(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func containsInt(l []int64, n int64) bool {
	for _, v := range l {
		if v == n {
			return true
		}
	}
	return false
}

// Recipient is what an address of the organisation means to Guichet.
type Recipient struct {
	Address string // the lowercased address
	Slug    string // its local part without the +suffix: a department's slug, maybe
	Number  int64  // the request named by a plus-address (support+1234@), or 0
}

// Base returns the address without its +tag (support@example.com for
// support+1234@example.com), "" for none.
func (r Recipient) Base() string {
	at := strings.LastIndexByte(r.Address, '@')
	if at < 0 {
		return ""
	}
	return r.Slug + r.Address[at:]
}

// Domains is the set of mail domains the desk accepts mail for.
type Domains []string

// ParseDomains reads a comma-separated list of domains, lowercased; it
// returns a validation error naming "mail-domains" for an empty or bad entry.
func ParseDomains(s string) (Domains, error) {
	var out Domains
	for _, d := range strings.Split(s, ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if strings.ContainsAny(d, "@ /\\") || !strings.Contains(d, ".") {
			return nil, desk.Invalid("mail-domains", "%q is not a mail domain", d)
		}
		out = append(out, d)
	}
	return out, nil
}

// Accepts reports whether addr belongs to one of the domains.
func (ds Domains) Accepts(addr string) bool {
	_, ok := ds.Recipient(addr)
	return ok
}

// Recipient reads an address of the organisation; ok is false for an address
// of another domain or an invalid one.
func (ds Domains) Recipient(addr string) (Recipient, bool) {
	a, err := desk.NormalizeEmail(strings.Trim(strings.TrimSpace(addr), "<>"))
	if err != nil {
		return Recipient{}, false
	}
	at := strings.LastIndexByte(a, '@')
	local, domain := a[:at], a[at+1:]
	found := false
	for _, d := range ds {
		if domain == d {
			found = true
			break
		}
	}
	if !found {
		return Recipient{}, false
	}
	r := Recipient{Address: a, Slug: local}
	if base, tag, ok := strings.Cut(local, "+"); ok {
		r.Slug = base
		if n, err := strconv.ParseInt(tag, 10, 64); err == nil && n > 0 {
			r.Number = n
		}
	}
	return r, true
}

// Route picks, among the recipients, the one that decides where a message
// goes: the first plus-address naming a request, else the first address of
// the organisation. ok is false when none is ours.
func (ds Domains) Route(rcpts []string) (Recipient, bool) {
	var first *Recipient
	for _, a := range rcpts {
		r, ok := ds.Recipient(a)
		if !ok {
			continue
		}
		if r.Number > 0 {
			return r, true
		}
		if first == nil {
			first = &r
		}
	}
	if first == nil {
		return Recipient{}, false
	}
	return *first, true
}

// PlusAddress returns the reply address that names request number:
// local+number@domain for the address local@domain.
func PlusAddress(addr string, number int64) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return addr
	}
	local, _, _ := strings.Cut(addr[:at], "+")
	return local + "+" + strconv.FormatInt(number, 10) + addr[at:]
}

// CleanSubject removes reply and forward prefixes ("Re:", "TR :", "Fwd:")
// from a subject, for the subject of a new request.
func CleanSubject(s string) string {
	for {
		t := strings.TrimSpace(s)
		lower := strings.ToLower(t)
		cut := false
		for _, p := range []string{"re:", "re :", "fw:", "fw :", "fwd:", "fwd :", "tr:", "tr :", "réf:", "aw:", "sv:"} {
			if strings.HasPrefix(lower, p) {
				t, cut = t[len(p):], true
				break
			}
		}
		if !cut {
			return t
		}
		s = t
	}
}
