package outbox

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/emersion/go-msgauth/dkim"
)

// DKIM signs outgoing mail for a domain (RFC 6376), so that receivers can
// tell it really comes from the desk.
type DKIM struct {
	Domain   string // d=, the From address's domain
	Selector string // s=, the DNS record is <selector>._domainkey.<domain>
	Signer   crypto.Signer
}

// LoadDKIM reads a PEM private key (RSA in PKCS #1 or #8, or Ed25519 in
// PKCS #8). It fails if the file cannot be read or holds no such key.
func LoadDKIM(keyFile, selector, domain string) (*DKIM, error) {
	b, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("dkim key: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("dkim key: no PEM block")
	}
	var key any
	if key, err = x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("dkim key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok || selector == "" || domain == "" {
		return nil, errors.New("dkim: a signing key, a selector and a domain are required")
	}
	return &DKIM{Domain: domain, Selector: selector, Signer: signer}, nil
}

// sign returns raw with a DKIM-Signature header over the headers that
// identify and thread the mail.
func (d *DKIM) sign(raw []byte) ([]byte, error) {
	var out bytes.Buffer
	err := dkim.Sign(&out, bytes.NewReader(raw), &dkim.SignOptions{Domain: d.Domain, Selector: d.Selector,
		Signer: d.Signer, HeaderKeys: []string{"From", "To", "Subject", "Date", "Message-Id", "In-Reply-To",
			"References", "Reply-To", "Content-Type", "Mime-Version", "Auto-Submitted"}})
	if err != nil {
		return nil, fmt.Errorf("dkim: %w", err)
	}
	return out.Bytes(), nil
}
