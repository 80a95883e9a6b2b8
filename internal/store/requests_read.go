package store

import (
	"context"
	"fmt"

	"guichet/internal/desk"
)

// Request returns one request with the messages, handoffs and events the
// actor may see. A requester gets CodeNotFound for a request that is not
// theirs (its existence is not revealed), and sees neither internal notes,
// nor non-public events, nor the handoff records (a public "handed_off" event
// tells them who owns the request now).
func (s *Store) Request(ctx context.Context, a desk.Actor, number int64) (*desk.RequestDetail, error) {
	r, err := s.readable(ctx, s.rdb, a, number, false)
	if err != nil {
		return nil, fmt.Errorf("store: request: %w", err)
	}
	d := &desk.RequestDetail{Request: *r, Handoffs: []desk.Handoff{}}
	requester := !a.IsAgent()
	if d.Messages, err = s.messages(ctx, s.rdb, number, requester); err != nil {
		return nil, fmt.Errorf("store: request: %w", err)
	}
	if d.Events, err = s.events(ctx, s.rdb, number, requester); err != nil {
		return nil, fmt.Errorf("store: request: %w", err)
	}
	if !requester {
		if d.Handoffs, err = s.handoffs(ctx, s.rdb, number); err != nil {
			return nil, fmt.Errorf("store: request: %w", err)
		}
		if err := s.fillDeliveries(ctx, s.rdb, d); err != nil { // mail_delivery.go
			return nil, fmt.Errorf("store: request: %w", err)
		}
	}
	return d, nil
}
