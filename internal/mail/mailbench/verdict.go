package mailbench

import (
	"fmt"
	"io"
	"time"
)

// The targets of the email channel (issue 4), on SQLite on a 2-core machine.
const (
	targetIngestRate   = 1000                  // messages/s over SMTP, 16 senders, ~10 KB each
	targetIngestP99    = 50 * time.Millisecond // time to "250"
	targetDeliveryRate = 1000                  // messages/s from the outbox to a loopback relay
	targetSenders      = 16
	targetSize         = 10_000
)

// Check is one target and what the run measured against it.
type Check struct {
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

// checks judges the report against the targets. A phase with errors does
// not meet its target, whatever its rate.
func (r *Report) checks() []Check {
	return []Check{
		{fmt.Sprintf("SMTP ingest >= %d messages/s", targetIngestRate), fmt.Sprintf("%.0f/s", r.Ingest.Rate),
			r.Ingest.Rate >= targetIngestRate && r.Ingest.Errors == 0},
		{fmt.Sprintf("p99 time to 250 <= %.0f ms", ms(targetIngestP99)), fmt.Sprintf("%.1f ms", ms(r.Ingest.P99)),
			r.Ingest.Count > 0 && r.Ingest.P99 <= targetIngestP99 && r.Ingest.Errors == 0},
		{fmt.Sprintf("outbox delivery >= %d messages/s", targetDeliveryRate), fmt.Sprintf("%.0f/s", r.Delivery.Rate),
			r.Delivery.Rate >= targetDeliveryRate && r.Delivery.Errors == 0},
	}
}

// printVerdict writes the targets, what was measured, the raw single-row
// insert rate of the same run beside them, and one verdict line.
func (r *Report) printVerdict(w io.Writer) {
	fmt.Fprintf(w, "\ntargets (issue 4), beside the raw single-row insert rate of this run (%.0f/s):\n", r.RawInsertRate)
	missed := 0
	for _, c := range r.Checks {
		status := "met"
		if !c.Met {
			status, missed = "MISSED", missed+1
		}
		fmt.Fprintf(w, "  %-44s %12s   %s\n", c.Target, c.Measured, status)
	}
	if r.RawInsertRate > 0 {
		fmt.Fprintf(w, "  ingest is %.0f%% and delivery %.0f%% of the raw single-row insert rate\n",
			100*r.Ingest.Rate/r.RawInsertRate, 100*r.Delivery.Rate/r.RawInsertRate)
	}
	if r.Senders != targetSenders || r.Size < targetSize*9/10 || r.Size > targetSize*11/10 {
		fmt.Fprintf(w, "  (this run: %d senders, %d-byte messages; the targets are set for %d senders at ~10 KB)\n",
			r.Senders, r.Size, targetSenders)
	}
	switch {
	case missed == 0:
		fmt.Fprintf(w, "verdict: every target met (%s)\n", r.Engine)
	default:
		fmt.Fprintf(w, "verdict: %d of %d targets missed (%s)\n", missed, len(r.Checks), r.Engine)
	}
}
