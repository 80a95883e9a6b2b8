package mail

import (
	"regexp"
	"strings"
)

// Lines that start the quoted history of a reply, in French and English.
var (
	// "On Mon, 3 Mar 2025 at 10:00, Alice <alice@example.com> wrote:"
	wroteEN = regexp.MustCompile(`(?i)^\s*On\b.{4,300}\bwrote\s*:\s*$`)
	// "Le lun. 3 mars 2025 à 10 h 00, Alice <alice@example.com> a écrit :"
	wroteFR = regexp.MustCompile(`(?i)^\s*Le\b.{4,300}\ba\s+écrit\s*:\s*$`)
	// "-----Original Message-----", "----- Message d'origine -----", "---------- Forwarded message ---------"
	separator = regexp.MustCompile(`(?i)^\s*-{2,}\s*(original message|message d'origine|message original|forwarded message|message transféré|courriel original)\s*-{2,}\s*$`)
	// Outlook's header block: "From: …" / "De : …" followed by "Sent:" / "Envoyé :".
	headerFrom = regexp.MustCompile(`(?i)^\s*\*?(from|de)\s*\*?\s*:\s*\S`)
	headerSent = regexp.MustCompile(`(?i)^\s*\*?(sent|envoyé|date|to|à|subject|objet)\s*\*?\s*:\s*`)
	underscore = regexp.MustCompile(`^\s*_{10,}\s*$`)
	// Mobile signatures.
	sentFrom = regexp.MustCompile(`(?i)^\s*(sent from my|envoyé de mon|envoyé depuis mon|get outlook for|obtenir outlook pour)\b`)
)

// FoldQuoted splits a reply's text into what the sender wrote and what is
// folded away: the quoted history (introduced by "On … wrote:", "Le … a
// écrit :", an Outlook header block or a separator line, or a trailing block
// of "> " lines) and the signature (after "-- "). When folding would leave
// nothing, the whole text is kept visible.
func FoldQuoted(text string) (visible, folded string) {
	lines := strings.Split(text, "\n")
	cut := historyStart(lines)
	if sig := signatureStart(lines[:cut]); sig >= 0 {
		cut = sig
	}
	if cut == len(lines) { // nothing to fold
		return strings.TrimSpace(text), ""
	}
	visible = strings.TrimSpace(strings.Join(lines[:cut], "\n"))
	if visible == "" {
		return strings.TrimSpace(text), ""
	}
	return visible, strings.TrimSpace(strings.Join(lines[cut:], "\n"))
}

// historyStart returns the index of the first line of quoted history, or
// len(lines) when there is none.
func historyStart(lines []string) int {
	nextWrote := len(lines) > 0 && hasWrote(lines[0])
	for i, l := range lines {
		wrote := nextWrote
		nextWrote = i+1 < len(lines) && hasWrote(lines[i+1])
		if !wrote && !nextWrote && !startsMarker(l) {
			continue
		}
		switch {
		case separator.MatchString(l), wroteEN.MatchString(l), wroteFR.MatchString(l):
			return i
		case i+1 < len(lines) && isWrappedAttribution(l, lines[i+1]):
			return i
		case underscore.MatchString(l) && i+1 < len(lines) && headerFrom.MatchString(lines[i+1]):
			return i
		case headerFrom.MatchString(l) && outlookBlock(lines[i+1:]):
			return i
		}
	}
	return trailingQuote(lines)
}

// mayStartHistory is a cheap test that rules out most lines before the
// regular expressions run: a history marker holds "wrote" or "écrit", starts
// with a run of dashes or underscores, or like an Outlook "From:" / "De :"
// line. (The first half of a wrapped attribution is recognised by the line
// after it.)
func mayStartHistory(l string) bool { return hasWrote(l) || startsMarker(l) }

// startsMarker is mayStartHistory without "wrote" and "écrit".
func startsMarker(l string) bool {
	t := strings.TrimLeft(l, " \t*>")
	if strings.HasPrefix(t, "--") || strings.HasPrefix(t, "__") {
		return true
	}
	head := t[:min(len(t), 14)]
	return (hasASCIIPrefixFold(head, "from") || hasASCIIPrefixFold(head, "de")) && strings.IndexByte(head, ':') >= 0
}

// hasASCIIPrefixFold reports whether s starts with prefix, a lowercase ASCII
// word, in any case (no other rune lowercases to an ASCII letter of "from"
// or "de").
func hasASCIIPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

func hasWrote(l string) bool { return strings.Contains(l, "wrote") || strings.Contains(l, "écrit") }

// isWrappedAttribution recognises an attribution line wrapped in two, as
// Gmail does when the sender's name is long: "On …, Alice <a@b>" / "wrote:".
func isWrappedAttribution(a, b string) bool {
	if !strings.Contains(b, "wrote") && !strings.Contains(b, "écrit") {
		return false
	}
	joined := strings.TrimSpace(a) + " " + strings.TrimSpace(b)
	return len(a) < 300 && (wroteEN.MatchString(joined) || wroteFR.MatchString(joined)) &&
		!wroteEN.MatchString(a) && !wroteFR.MatchString(a)
}

// outlookBlock reports whether the lines after a "From:" line continue an
// Outlook header block (at least one of Sent/To/Subject within four lines).
func outlookBlock(next []string) bool {
	for i := 0; i < len(next) && i < 4; i++ {
		if headerSent.MatchString(next[i]) {
			return true
		}
	}
	return false
}

// trailingQuote returns where a final block of "> " lines (and the blank or
// attribution line just before it) starts, or len(lines).
func trailingQuote(lines []string) int {
	end := len(lines)
	for end > 0 && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	start := end
	for start > 0 && (strings.HasPrefix(strings.TrimSpace(lines[start-1]), ">") || strings.TrimSpace(lines[start-1]) == "") {
		start--
	}
	if start == end {
		return len(lines)
	}
	for start < end && strings.TrimSpace(lines[start]) == "" {
		start++
	}
	if start > 0 && strings.HasSuffix(strings.TrimSpace(lines[start-1]), ":") {
		start--
	}
	return start
}

// signatureStart returns the index of the "-- " signature separator or of a
// mobile "Sent from my …" line near the end, or -1.
func signatureStart(lines []string) int {
	from := len(lines) - 20
	if from < 0 {
		from = 0
	}
	for i := from; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if l == "--" || lines[i] == "-- " || sentFrom.MatchString(l) {
			return i
		}
	}
	return -1
}
