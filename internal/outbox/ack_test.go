package outbox_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"guichet/internal/calendar"
	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/jobs"
	"guichet/internal/mail"
	"guichet/internal/outbox"
	"guichet/internal/smtpd"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// TestAcknowledgementExpectedAnswer follows a request from the SMTP
// listener to the acknowledgement the relay receives: the answer time it
// promises is the first-response due time of the service standard, written
// in the time zone of the calendar that clock runs on (Vancouver here), not
// in the configured one (Toronto), in the requester's language.
func TestAcknowledgementExpectedAnswer(t *testing.T) {
	vancouver, err := time.LoadLocation("America/Vancouver")
	must(t, err)
	now := time.Date(2025, 3, 3, 10, 0, 0, 0, vancouver) // Monday 10:00 in Vancouver, 13:00 in Toronto
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st := e.OpenWith(t, store.Options{Now: func() time.Time { return now }})
			cal := commit.Calendar{Spec: calendar.Spec{Name: "Pacifique", TimeZone: "America/Vancouver",
				Hours: calendar.Weekdays(calendar.Interval{Start: calendar.At(9, 0), End: calendar.At(17, 0)})}}
			must(t, st.CreateCalendar(ctx, desk.SystemActor, &cal))
			four, err := commit.ParseTarget("first_response", "4h")
			must(t, err)
			must(t, st.CreateStandard(ctx, desk.SystemActor, &commit.Standard{Name: "Courriel", Active: true,
				Conditions: commit.Conditions{Channel: desk.ChannelEmail}, CalendarID: &cal.ID, FirstResponse: four}))

			relay := newCapture(t)
			toronto, err := time.LoadLocation("America/Toronto")
			must(t, err)
			startOutboxWith(t, st, outbox.Config{Relay: &outbox.Relay{Addr: relay.addr, TLS: "none"}, Location: toronto})
			addr := listen(t, st)
			ag := agent(t, st)

			for _, tc := range []struct{ lang, want string }{
				{"en", "You can expect an answer by Monday, March 3, 2025 at 2:00 PM (PST) at the latest."},
				{"fr", "Vous pouvez vous attendre à une réponse au plus tard le 3 mars 2025 à 14 h 00 (PST)."},
			} {
				t.Run(tc.lang, func(t *testing.T) {
					from := "ack-" + tc.lang + "@client.example"
					raw := fmt.Sprintf("From: %s\r\nTo: support@example.com\r\nSubject: Question\r\nMessage-ID: <ack-%s@client.example>\r\n"+
						"Content-Language: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour / Hello.\r\n", from, tc.lang, tc.lang)
					c, err := smtp.Dial(addr)
					must(t, err)
					must(t, c.SendMail(from, []string{"support@example.com"}, strings.NewReader(raw)))
					c.Close()
					p, err := st.PersonByEmail(ctx, desk.SystemActor, from)
					must(t, err)
					page, err := st.ListRequests(ctx, desk.SystemActor, desk.RequestFilter{RequesterID: p.ID, Limit: 1})
					must(t, err)
					number := page.Requests[0].Number
					wait(t, "the acknowledgement", func() bool { return state(t, st, ag, number, 0).State == store.MailSent })
					var text string
					for _, got := range relay.messages() {
						if got.to[0] == from {
							_, parts := parsed(t, got.raw)
							text = parts["text/plain"]
						}
					}
					if !strings.Contains(text, tc.want) {
						t.Fatalf("acknowledgement:\n%s\nwant %q", text, tc.want)
					}
				})
			}
		})
	}
}

// startOutboxWith runs the outbox on st with cfg (its From, logger and
// retry timing filled in), stopped at the end of the test.
func startOutboxWith(t *testing.T, st *store.Store, cfg outbox.Config) {
	t.Helper()
	must(t, jobs.Migrate(ctx, st, quiet))
	cfg.From, cfg.Logger, cfg.FetchPollInterval = "support@example.com", quiet, 50*time.Millisecond
	svc, err := outbox.Start(ctx, st, cfg)
	must(t, err)
	t.Cleanup(func() { _ = svc.Stop(ctx) })
}

// listen runs the SMTP listener for example.com on st and returns its address.
func listen(t *testing.T, st *store.Store) string {
	t.Helper()
	domains, _ := mail.ParseDomains("example.com")
	srv := smtpd.New(smtpd.Config{Domains: domains}, &mail.Ingester{Store: st, Domains: domains, Logger: quiet}, quiet)
	addr, stop, err := srv.Start(ctx)
	must(t, err)
	t.Cleanup(stop)
	return addr
}
