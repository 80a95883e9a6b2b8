package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// authorFields are the header fields the sender's mail program wrote, which
// every copy of a message keeps. The others are added on the way (Received,
// Return-Path, Delivered-To, spam verdicts, DKIM and ARC seals, mailbox
// flags such as Status) and differ between the copies that arrive by SMTP,
// are read from an IMAP mailbox or found in an mbox file.
var authorFields = map[string]bool{
	"from": true, "sender": true, "reply-to": true, "to": true, "cc": true, "subject": true, "date": true,
	"in-reply-to": true, "references": true, "mime-version": true, "content-type": true,
	"content-transfer-encoding": true, "content-disposition": true, "content-language": true,
}

// ContentID is the identity of a message that has no usable Message-ID:
// "sha256:<hex>" of the fields its author wrote (see authorFields), unfolded
// and with their spaces collapsed, and of its body with line ends
// normalised and trailing blank lines dropped. The same mail received by
// SMTP, polled over IMAP and imported from an mbox file has one ContentID
// although each copy carries other trace fields.
func ContentID(raw []byte) string {
	header, body := splitMessage(normalizeLines(raw))
	h := sha256.New()
	for _, f := range unfold(header) {
		name, value, ok := strings.Cut(f, ":")
		name = strings.ToLower(strings.TrimSpace(name))
		if !ok || !authorFields[name] {
			continue
		}
		h.Write([]byte(name + ":" + strings.Join(strings.Fields(value), " ") + "\n"))
	}
	h.Write([]byte("\n"))
	h.Write(bytes.TrimRight(body, "\n \t"))
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// normalizeLines turns CRLF (and lone CR) line ends into LF.
func normalizeLines(raw []byte) []byte {
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
}

// splitMessage cuts a message with LF line ends at its first blank line.
func splitMessage(raw []byte) (header, body []byte) {
	if bytes.HasPrefix(raw, []byte("\n")) {
		return nil, raw[1:]
	}
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 {
		return raw[:i+1], raw[i+2:]
	}
	return raw, nil
}

// unfold returns the header's fields, each on one line.
func unfold(header []byte) []string {
	var out []string
	for _, line := range strings.Split(string(header), "\n") {
		switch {
		case line == "":
		case (line[0] == ' ' || line[0] == '\t') && len(out) > 0:
			out[len(out)-1] += " " + strings.TrimSpace(line)
		default:
			out = append(out, line)
		}
	}
	return out
}
