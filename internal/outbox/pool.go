package outbox

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/emersion/go-smtp"
)

// pooledRelay sends through up to max open SMTP sessions with the relay,
// several messages per session (RFC 5321 allows any number of mail
// transactions per connection), instead of one connection per message.
type pooledRelay struct {
	relay Relay
	mu    sync.Mutex
	idle  []*smtp.Client
	max   int
}

func newPooledRelay(r Relay, max int) *pooledRelay { return &pooledRelay{relay: r, max: max} }

// Send delivers one message. A session the relay closed while idle is
// replaced once: nothing was sent on it, so retrying cannot duplicate.
func (p *pooledRelay) Send(ctx context.Context, from, to string, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, p.relay.timeout())
	defer cancel()
	for attempt := 0; ; attempt++ {
		c, reused, err := p.get(ctx)
		if err != nil {
			return err
		}
		err = p.relay.transaction(ctx, c, from, to, raw)
		if err == nil {
			p.put(c)
			return nil
		}
		c.Close()
		if !reused || attempt > 0 || !staleSession(err) {
			return err
		}
	}
}

// staleSession reports whether err is a connection the relay had closed
// (EOF, reset) rather than an answer to our message.
func staleSession(err error) bool {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code == 421 // "service closing transmission channel"
	}
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.As(err, &ne)
}

func (p *pooledRelay) get(ctx context.Context) (*smtp.Client, bool, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, true, nil
	}
	p.mu.Unlock()
	c, err := p.relay.connect(ctx)
	return c, false, err
}

func (p *pooledRelay) put(c *smtp.Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) >= p.max {
		_ = c.Quit()
		return
	}
	p.idle = append(p.idle, c)
}

// close ends every idle session.
func (p *pooledRelay) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		_ = c.Quit()
	}
	p.idle = nil
}
