package smtpd_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"guichet/internal/smtpd"
	"guichet/internal/store/storetest"
)

// selfSigned returns a TLS configuration with a fresh certificate for 127.0.0.1.
func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mx.example.com"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"mx.example.com"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

func TestListenerSTARTTLS(t *testing.T) {
	d := start(t, storetest.Engines(t)[0], smtpd.Config{TLS: selfSigned(t), Users: map[string]string{"relay": "pw"}})
	msg := message("tls-1@client.example", "tls@client.example", "support@example.com", "Over TLS", "Encrypted.")
	t.Run("AuthNeedsTLS", func(t *testing.T) {
		c, err := smtp.Dial(d.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Auth(sasl.NewPlainClient("", "relay", "pw")); err == nil {
			t.Fatal("credentials accepted in clear text")
		}
	})
	t.Run("StoredOverSTARTTLSWithAuth", func(t *testing.T) {
		c, err := smtp.DialStartTLS(d.addr, &tls.Config{InsecureSkipVerify: true}) // the server's certificate is self-signed
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, ok := c.TLSConnectionState(); !ok {
			t.Fatal("not encrypted")
		}
		if err := c.Auth(sasl.NewPlainClient("", "relay", "pw")); err != nil {
			t.Fatal(err)
		}
		if err := c.SendMail("tls@client.example", []string{"support@example.com"}, strings.NewReader(msg)); err != nil {
			t.Fatal(err)
		}
		if reqs := d.requestFor(t, "tls@client.example"); len(reqs) != 1 {
			t.Fatalf("%d requests", len(reqs))
		}
	})
}
