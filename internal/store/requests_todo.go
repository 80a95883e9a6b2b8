package store

import (
	"context"
	"errors"

	"guichet/internal/desk"
)

// Temporary: these land in the next commit.
var errNotYet = errors.New("store: not implemented yet")

// AddMessage is not implemented yet.
func (s *Store) AddMessage(ctx context.Context, a desk.Actor, number int64, in desk.NewMessage) (*desk.Message, error) {
	return nil, errNotYet
}

// UpdateRequest is not implemented yet.
func (s *Store) UpdateRequest(ctx context.Context, a desk.Actor, number int64, p desk.RequestPatch) (*desk.Request, error) {
	return nil, errNotYet
}

// Handoff is not implemented yet.
func (s *Store) Handoff(ctx context.Context, a desk.Actor, number int64, in desk.NewHandoff) (*desk.Handoff, error) {
	return nil, errNotYet
}

// Merge is not implemented yet.
func (s *Store) Merge(ctx context.Context, a desk.Actor, number int64, in desk.MergeInput) (*desk.Request, error) {
	return nil, errNotYet
}
