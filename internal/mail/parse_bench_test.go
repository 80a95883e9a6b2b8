package mail

import (
	"strings"
	"testing"
)

// benchMail is a message like those guichet bench mail sends: about 10 KB
// of French and English text.
var benchMail = []byte("From: Client 3 <customer3-7@client3.example>\r\nTo: billing@example.com\r\n" +
	"Subject: Commande 1042 : question\r\nMessage-ID: <bench-3-42@client3.example>\r\n" +
	"Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
	strings.Repeat("Bonjour, j'ai reçu ma commande mais il manque deux boîtes de crayons de couleur.\r\n"+
		"Hello, the tracking number you sent does not work on the carrier's site.\r\n"+
		"Le colis est arrivé endommagé, les cartables sont déchirés, voir la photo jointe.\r\n", 42))

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(benchMail)))
	for b.Loop() {
		Parse(benchMail, ParseOptions{EnvelopeFrom: "customer3-7@client3.example"})
	}
}
