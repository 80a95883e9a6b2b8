package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// bar draws a one-line progress bar: done / total, rate and time left. It
// redraws at most every 200 ms; a nil writer draws nothing.
type bar struct {
	w      io.Writer
	what   string
	total  int
	n      int
	start  time.Time
	drawn  time.Time
	width  int
	closed bool
}

func newBar(w io.Writer, what string, total int) *bar {
	if w == nil {
		w = io.Discard
	}
	return &bar{w: w, what: what, total: total, start: time.Now(), width: 30}
}

// set records that n items are done and redraws if it is time to.
func (b *bar) set(n int) {
	b.n = n
	if now := time.Now(); now.Sub(b.drawn) >= 200*time.Millisecond || n >= b.total {
		b.drawn = now
		b.draw(now)
	}
}

// done draws the final state and ends the line.
func (b *bar) done() {
	if b.closed {
		return
	}
	b.closed = true
	b.draw(time.Now())
	fmt.Fprintln(b.w)
}

func (b *bar) draw(now time.Time) {
	frac := 1.0
	if b.total > 0 {
		frac = float64(b.n) / float64(b.total)
	}
	filled := int(frac * float64(b.width))
	elapsed := now.Sub(b.start)
	rate := float64(b.n) / max(elapsed.Seconds(), 1e-9)
	eta := "--"
	if rate > 0 && b.n < b.total {
		eta = (time.Duration(float64(b.total-b.n) / rate * float64(time.Second))).Round(time.Second).String()
	} else if b.n >= b.total {
		eta = "0s"
	}
	fmt.Fprintf(b.w, "\r%s [%s%s] %5.1f%% %s/%s  %s/s  elapsed %s  ETA %s   ",
		b.what, strings.Repeat("#", filled), strings.Repeat("-", b.width-filled), 100*frac,
		thousands(int64(b.n)), thousands(int64(b.total)), thousands(int64(rate)),
		elapsed.Round(time.Second), eta)
}

// thousands formats n with comma separators: 1,234,567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
