package mail

import (
	"context"
	"slices"
	"testing"
	"time"

	"guichet/internal/store"
)

func TestThreadingRules(t *testing.T) {
	domains, err := ParseDomains(" Example.com, desk.example.org ")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("SubjectNumbers", func(t *testing.T) {
		got := SubjectNumbers("Re: [#1234] Facture [# 77] [Guichet #1234] #99 [#abc]")
		if !slices.Equal(got, []int64{1234, 77}) {
			t.Fatalf("got %v", got)
		}
	})
	t.Run("PlusAddressRoutesBeforeDepartmentAddress", func(t *testing.T) {
		r, ok := domains.Route([]string{"other@elsewhere.example", "Billing@example.com", "<support+42@desk.example.org>"})
		if !ok || r.Number != 42 || r.Slug != "support" {
			t.Fatalf("got %+v %v", r, ok)
		}
		r, ok = domains.Route([]string{"billing@example.com", "it@example.com"})
		if !ok || r.Slug != "billing" || r.Number != 0 {
			t.Fatalf("got %+v", r)
		}
		if _, ok := domains.Route([]string{"a@elsewhere.example"}); ok {
			t.Fatal("foreign domain routed")
		}
	})
	t.Run("ErrBadDomain", func(t *testing.T) {
		if _, err := ParseDomains("example.com, not a domain"); err == nil {
			t.Fatal("bad domain accepted")
		}
	})
	t.Run("PlusAddressAndCleanSubject", func(t *testing.T) {
		if got := PlusAddress("support@example.com", 1234); got != "support+1234@example.com" {
			t.Fatalf("got %q", got)
		}
		if got := CleanSubject("RE : TR: Fwd: Re: Commande 12"); got != "Commande 12" {
			t.Fatalf("got %q", got)
		}
	})
}

func TestSenderLimiter(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	l := NewSenderLimiter(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if !l.Allow("Loop@x.example") {
			t.Fatalf("message %d refused", i)
		}
	}
	if l.Allow("loop@x.example") {
		t.Fatal("fourth message in the window allowed")
	}
	if !l.Allow("other@x.example") {
		t.Fatal("another sender limited")
	}
	now = now.Add(2 * time.Minute)
	if !l.Allow("loop@x.example") {
		t.Fatal("not allowed again after the window")
	}
	var nilLimiter *SenderLimiter
	if !nilLimiter.Allow("x") {
		t.Fatal("nil limiter limits")
	}
}

// recorder keeps what the ingester would store (the real store is tested in
// internal/store and internal/smtpd; this checks routing and loop rules).
type recorder struct{ got []store.InboundMail }

func (r *recorder) IngestMail(_ ctxT, in store.InboundMail) (*store.IngestResult, error) {
	r.got = append(r.got, in)
	return &store.IngestResult{Number: 1}, nil
}

func TestIngesterRules(t *testing.T) {
	domains, _ := ParseDomains("example.com")
	rec := &recorder{}
	g := &Ingester{Store: rec, Domains: domains, Limiter: NewSenderLimiter(2, time.Hour, nil)}
	raw := func(from, extra string) []byte {
		return []byte("From: " + from + "\r\nTo: billing@example.com\r\nSubject: Re: [#12] Hi\r\n" + extra + "\r\nHello\r\n")
	}
	t.Run("RoutesByEnvelopeAndNamesNumbers", func(t *testing.T) {
		_, err := g.Ingest(bg, Envelope{From: "a@c.example", To: []string{"support+5@example.com"}}, raw("a@c.example", ""))
		if err != nil {
			t.Fatal(err)
		}
		in := rec.got[len(rec.got)-1]
		if in.DepartmentSlug != "support" || !slices.Equal(in.Numbers, []int64{5, 12}) || in.Subject != "[#12] Hi" || in.NoAck {
			t.Fatalf("got %+v", in)
		}
	})
	t.Run("RateLimitStopsAcknowledgements", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			if _, err := g.Ingest(bg, Envelope{From: "loop@c.example"}, raw("loop@c.example", "")); err != nil {
				t.Fatal(err)
			}
		}
		if in := rec.got[len(rec.got)-1]; !in.NoAck || in.DepartmentSlug != "billing" {
			t.Fatalf("third message %+v", in)
		}
	})
	t.Run("OwnAddressesAndUnknownSendersAreNeverAcknowledged", func(t *testing.T) {
		_, _ = g.Ingest(bg, Envelope{From: "support@example.com"}, raw("support@example.com", ""))
		if in := rec.got[len(rec.got)-1]; !in.NoAck {
			t.Fatal("mail from our own domain acknowledged")
		}
		_, _ = g.Ingest(bg, Envelope{From: NoEnvelope}, raw("garbage", ""))
		if in := rec.got[len(rec.got)-1]; !in.NoAck || in.FromEmail != unknownSender {
			t.Fatalf("got %+v", in)
		}
	})
	t.Run("NullSenderIsABounce", func(t *testing.T) {
		_, _ = g.Ingest(bg, Envelope{From: ""}, raw("someone@c.example", ""))
		if in := rec.got[len(rec.got)-1]; in.Auto != string(Bounce) {
			t.Fatalf("auto %q", in.Auto)
		}
	})
}

type ctxT = context.Context

var bg = context.Background()
