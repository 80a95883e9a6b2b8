package mail_test

import (
	"strings"
	"testing"

	"guichet/internal/mail"
)

// noID is a message without Message-ID as its author's program sent it.
const noID = "From: Lise <lise@client.example>\r\nTo: support@example.com\r\nSubject: Sans\r\n identifiant\r\n" +
	"Date: Mon, 3 Mar 2025 10:00:00 -0500\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\nune question.\r\n"

func TestContentID(t *testing.T) {
	id := mail.ContentID([]byte(noID))
	if !strings.HasPrefix(id, "sha256:") || len(id) != len("sha256:")+64 {
		t.Fatalf("id %q", id)
	}
	t.Run("SameMailByAnotherRoute", func(t *testing.T) {
		copies := map[string]string{
			"trace fields added by relays and the mailbox": "Return-Path: <lise@client.example>\r\nDelivered-To: support@example.com\r\n" +
				"Received: from mx.client.example by mx.example.com; Mon, 3 Mar 2025 10:00:02 -0500\r\n" +
				"Received: from [10.0.0.5] by mx.client.example; Mon, 3 Mar 2025 10:00:01 -0500\r\n" +
				"X-Spam-Status: No, score=0.1\r\nAuthentication-Results: mx.example.com; spf=pass\r\n" + noID,
			"mbox copy: LF line ends, mailbox flags, a blank line after": strings.ReplaceAll(
				strings.Replace(noID, "\r\n\r\n", "\r\nStatus: RO\r\nX-Keywords: \r\nContent-Length: 24\r\n\r\n", 1), "\r\n", "\n") + "\n",
			"folded otherwise": strings.Replace(noID, "Subject: Sans\r\n identifiant", "Subject: Sans\r\n\t  identifiant", 1),
		}
		for name, raw := range copies {
			if got := mail.ContentID([]byte(raw)); got != id {
				t.Errorf("%s: %s, want %s", name, got, id)
			}
		}
	})
	t.Run("ErrAnotherMailIsAnotherID", func(t *testing.T) {
		for name, raw := range map[string]string{
			"another body":    strings.Replace(noID, "une question", "deux questions", 1),
			"another subject": strings.Replace(noID, "identifiant", "objet", 1),
			"another date":    strings.Replace(noID, "10:00:00", "10:05:00", 1),
			"another sender":  strings.Replace(noID, "lise@", "luc@", 1),
		} {
			if mail.ContentID([]byte(raw)) == id {
				t.Errorf("%s: same id", name)
			}
		}
	})
	t.Run("ParseUsesItWithoutMessageID", func(t *testing.T) {
		if got := mail.Parse([]byte(noID), mail.ParseOptions{}).MessageID; got != id {
			t.Fatalf("Parse: %q, want %q", got, id)
		}
	})
}
