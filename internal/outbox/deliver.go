package outbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/store"
)

// DeliverArgs is the job that delivers one outbox mail.
type DeliverArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job for River.
func (DeliverArgs) Kind() string { return "mail_deliver" }

// Queue is the River queue of mail delivery.
const Queue = "mail"

// sender hands a rendered mail to the relay.
type sender interface {
	Send(ctx context.Context, from, to string, raw []byte) error
}

// deliverer is River's worker for DeliverArgs: it renders the mail, hands it
// to the relay and records the outcome on the outbox row. A mail already
// sent is not sent again (a retry after a crash between the relay's answer
// and the record may still resend it, with the same Message-ID).
type deliverer struct {
	river.WorkerDefaults[DeliverArgs]
	st      *store.Store
	relay   sender
	render  *mail.Renderer
	backoff func(attempt int) time.Duration
	dkim    *DKIM // nil: unsigned
	log     *slog.Logger
}

func (d *deliverer) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	m, err := d.st.OutboxMail(ctx, job.Args.OutboxID)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if m.State != store.MailQueued {
		return nil
	}
	out, err := d.render.Render(ctx, m, d.open)
	if err == nil && d.dkim != nil {
		out.Raw, err = d.dkim.sign(out.Raw)
	}
	if err != nil {
		return d.failed(ctx, job, m, err, true)
	}
	if err := d.relay.Send(ctx, out.From, out.To, out.Raw); err != nil {
		return d.failed(ctx, job, m, err, Permanent(err))
	}
	if err := d.st.MarkMailSent(ctx, m.ID); err != nil {
		return err
	}
	d.log.Info("mail sent", "outbox_id", m.ID, "kind", m.Kind, "request", m.Number, "message_id", out.MessageID)
	return nil
}

// failed records a failed attempt; a permanent failure, or the last attempt,
// marks the mail failed for good.
func (d *deliverer) failed(ctx context.Context, job *river.Job[DeliverArgs], m *store.OutboxMail, cause error,
	permanent bool) error {
	final := permanent || job.Attempt >= job.MaxAttempts
	if err := d.st.MarkMailFailed(ctx, m.ID, cause.Error(), final); err != nil {
		d.log.Error("outbox: record failed attempt", "outbox_id", m.ID, "err", err)
	}
	d.log.Warn("mail not delivered", "outbox_id", m.ID, "attempt", job.Attempt, "final", final, "err", cause)
	if permanent {
		return river.JobCancel(cause)
	}
	return fmt.Errorf("deliver outbox mail %d: %w", m.ID, cause)
}

// NextRetry spaces attempts out: backoff(attempt) with ±20 % jitter.
func (d *deliverer) NextRetry(job *river.Job[DeliverArgs]) time.Time {
	b := d.backoff(job.Attempt)
	return time.Now().Add(b + time.Duration((rand.Float64()*0.4-0.2)*float64(b)))
}

func (d *deliverer) open(ctx context.Context, a desk.Attachment) (io.ReadCloser, error) {
	_, rc, err := d.st.Attachment(ctx, desk.SystemActor, a.ID)
	return rc, err
}

// DefaultBackoff waits 30 s after the first failure, doubling up to 2 h.
func DefaultBackoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < 2*time.Hour; i++ {
		d *= 2
	}
	return min(d, 2*time.Hour)
}
