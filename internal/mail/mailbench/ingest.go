package mailbench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"guichet/internal/mail"
	"guichet/internal/outbox"
	"guichet/internal/smtpd"
	"guichet/internal/store"
)

// ingestPhase runs the SMTP listener on loopback, as `guichet serve` does
// (outbox attached, no relay: acknowledgements and their jobs are written
// with each request), and has cfg.Senders clients send cfg.Messages mails:
// new requests and replies to earlier ones. It returns the phase and how
// many requests exist after it.
func ingestPhase(ctx context.Context, cfg Config, st *store.Store, log *slog.Logger, progress io.Writer) (Phase, int, error) {
	svc, err := outbox.Start(ctx, st, outbox.Config{From: "support@example.com", Logger: log})
	if err != nil {
		return Phase{}, 0, err
	}
	defer svc.Stop(context.Background())
	domains := mail.Domains{"example.com"}
	srv := smtpd.New(smtpd.Config{Domains: domains}, &mail.Ingester{Store: st, Domains: domains, Logger: log}, log)
	addr, stop, err := srv.Start(ctx)
	if err != nil {
		return Phase{}, 0, err
	}
	defer stop()

	var res sendResult
	var clientCPU time.Duration
	if cfg.ClientCommand != nil {
		spec := sendSpec{Addr: addr, Config: cfg}
		spec.Config.DatabaseURL, spec.Config.CPUProfile = "", ""
		if res, clientCPU, err = childSend(ctx, cfg.ClientCommand, spec, progress); err != nil {
			return Phase{}, 0, err
		}
	} else {
		res = sendAll(addr, cfg, progress)
	}
	p := summarize(res.Latencies, res.Elapsed)
	p.Errors, p.ClientCPU = res.Errors, clientCPU
	created, _, err := st.MailBacklog(ctx) // one acknowledgement queued per new request
	return p, created, err
}

// sendAll has cfg.Senders clients send cfg.Messages mails to addr.
func sendAll(addr string, cfg Config, progress io.Writer) sendResult {
	var next, errs atomic.Int64
	lat := make([][]time.Duration, cfg.Senders)
	deadline := time.Now().Add(cfg.Duration)
	tick := startProgress(progress, "ingest", cfg.Messages, &next)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < cfg.Senders; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			lat[i] = sendLoop(addr, i, cfg, &next, &errs, deadline)
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	tick()
	return sendResult{Latencies: slices.Concat(lat...), Errors: int(errs.Load()), Elapsed: elapsed}
}

// sendLoop is one sender: one SMTP connection, messages one after another,
// about a third answering one of its earlier messages. Every message number
// it takes is either sent (its time to "250" is returned) or counted in errs;
// after a failure it dials again for the next message.
func sendLoop(addr string, i int, cfg Config, next, errs *atomic.Int64, deadline time.Time) []time.Duration {
	rng := rand.New(rand.NewPCG(uint64(i), 42))
	var lat []time.Duration
	var sent []sentMsg
	var c *smtp.Client
	for n := next.Add(1); n <= int64(cfg.Messages) && time.Now().Before(deadline); n = next.Add(1) {
		m := newMsg(rng, i, n, cfg, sent)
		var err error
		if c == nil {
			c, err = dialSender(addr)
		}
		if err == nil {
			t0 := time.Now()
			if err = c.SendMail(m.from, []string{m.to}, strings.NewReader(m.raw)); err == nil {
				lat = append(lat, time.Since(t0))
				sent = append(sent, sentMsg{from: m.from, id: m.id})
				continue
			}
			c.Close()
			c = nil
		}
		errs.Add(1)
	}
	if c != nil {
		_ = c.Quit()
	}
	return lat
}

func dialSender(addr string) (*smtp.Client, error) {
	c, err := smtp.Dial(addr)
	if err != nil {
		return nil, err
	}
	if err := c.Hello("bench.example"); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

type sentMsg struct{ from, id string }

type genMsg struct{ from, to, id, raw string }

var depts = []string{"support", "billing", "shipping", "it", "info"}

// newMsg returns message n of sender i: a reply to one of its earlier
// messages (same sender, In-Reply-To) or a new request from one of its 40
// customers, padded to about cfg.Size bytes of French or English text.
func newMsg(rng *rand.Rand, i int, n int64, cfg Config, sent []sentMsg) genMsg {
	m := genMsg{id: fmt.Sprintf("bench-%d-%d@client%d.example", i, n, i)}
	var extra, subject string
	if len(sent) > 0 && rng.Float64() < cfg.ReplyShare {
		prev := sent[rng.IntN(len(sent))]
		m.from, m.to = prev.from, "support@example.com"
		extra = "In-Reply-To: <" + prev.id + ">\r\nReferences: <" + prev.id + ">\r\n"
		subject = "Re: suivi de ma demande"
	} else {
		m.from = fmt.Sprintf("customer%d-%d@client%d.example", i, rng.IntN(40), i)
		m.to = depts[rng.IntN(len(depts))] + "@example.com"
		subject = fmt.Sprintf("Commande %d : question", 1000+n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: Client %d <%s>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\n%sDate: %s\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", i, m.from, m.to, subject, m.id, extra,
		time.Now().Format(time.RFC1123Z))
	for b.Len() < cfg.Size {
		b.WriteString(sentences[rng.IntN(len(sentences))])
		b.WriteString("\r\n")
	}
	m.raw = b.String()
	return m
}

var sentences = []string{
	"Bonjour, j'ai reçu ma commande mais il manque deux boîtes de crayons de couleur.",
	"Pouvez-vous vérifier la facture, le montant ne correspond pas au bon de commande signé?",
	"Hello, the tracking number you sent does not work on the carrier's site.",
	"We ordered thirty calculators for the grade five classes and received only twenty.",
	"Merci de me rappeler au poste 2231 entre 9 h et 16 h, je suis à l'école toute la journée.",
	"The invoice was paid on the 3rd by bank transfer; please update your records.",
	"Le colis est arrivé endommagé, les cartables sont déchirés, voir la photo jointe.",
	"Could you tell me when the back-to-school order will be shipped to our new address?",
}

func summarize(lat []time.Duration, elapsed time.Duration) Phase {
	slices.Sort(lat)
	p := Phase{Count: len(lat), Elapsed: elapsed}
	if elapsed > 0 {
		p.Rate = float64(len(lat)) / elapsed.Seconds()
	}
	if len(lat) > 0 {
		p.P50 = lat[len(lat)*50/100]
		p.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
		p.Max = lat[len(lat)-1]
	}
	return p
}

// startProgress prints how far a phase got every second until stopped.
func startProgress(w io.Writer, what string, total int, done *atomic.Int64) func() {
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-quit:
				fmt.Fprintf(w, "\r%s: done%30s\n", what, "")
				return
			case <-t.C:
				fmt.Fprintf(w, "\r%s: %d / %d", what, min(done.Load(), int64(total)), total)
			}
		}
	}()
	return func() { close(quit); <-finished }
}
