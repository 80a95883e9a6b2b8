package outbox_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"

	"guichet/internal/desk"
	"guichet/internal/jobs"
	"guichet/internal/outbox"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func TestOutboxDKIM(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	must(t, err)
	keyFile := filepath.Join(t.TempDir(), "dkim.pem")
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600))
	d, err := outbox.LoadDKIM(keyFile, "guichet", "example.com")
	must(t, err)

	st := storetest.Engines(t)[0].Open(t)
	must(t, jobs.Migrate(ctx, st, quiet))
	relay := newCapture(t)
	svc, err := outbox.Start(ctx, st, outbox.Config{From: "support@example.com", Logger: quiet, DKIM: d,
		Relay: &outbox.Relay{Addr: relay.addr, TLS: "none"}, FetchPollInterval: 50 * time.Millisecond})
	must(t, err)
	defer svc.Stop(ctx)
	ag := agent(t, st)
	r, err := st.CreateRequest(ctx, ag, desk.NewRequest{Subject: "Signed", Body: "x", RequesterEmail: "s@client.example"})
	must(t, err)
	wait(t, "delivery", func() bool { return state(t, st, ag, r.Number, 0).State == store.MailSent })

	raw := relay.messages()[0].raw
	record := "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)
	vs, err := dkim.VerifyWithOptions(bytes.NewReader(raw), &dkim.VerifyOptions{
		LookupTXT: func(domain string) ([]string, error) {
			if domain != "guichet._domainkey.example.com" {
				t.Errorf("looked up %q", domain)
			}
			return []string{record}, nil
		}})
	if err != nil || len(vs) != 1 || vs[0].Err != nil || vs[0].Domain != "example.com" {
		t.Fatalf("verification %+v %v", vs, err)
	}
	if _, err := outbox.LoadDKIM(filepath.Join(t.TempDir(), "missing.pem"), "s", "example.com"); err == nil {
		t.Fatal("missing key accepted")
	}
}
