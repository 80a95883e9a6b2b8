// Package demo fills an empty Guichet with a realistic company — Fournitures
// scolaires Boréal, a distributor of school supplies in Québec — so that a new
// user sees departments, agents, customers big and small, colleagues asking
// each other for help, and some fifty requests in French and English.
//
// Everything goes through the desk.Store API with the system actor or the
// agents' own actors, so every rule of the desk holds for the demo data too.
package demo

import (
	"context"
	"errors"
	"fmt"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// ErrNotEmpty is returned by Load when the store already holds data.
var ErrNotEmpty = errors.New("demo: the store is not empty")

// Summary says what Load created.
type Summary struct {
	AdminEmail    string       `json:"admin_email"`   // the demo administrator's login
	Departments   int          `json:"departments"`   // created, besides the front desk
	Organisations int          `json:"organisations"` // customer organisations
	Agents        []AgentLogin `json:"agents"`        // every agent, so the CLI can set passwords
	Requesters    int          `json:"requesters"`    // people who asked, colleagues and customers
	Requests      int          `json:"requests"`
	Messages      int          `json:"messages"` // every message, the first of each request included
	Notes         int          `json:"notes"`    // internal notes among Messages
	Handoffs      int          `json:"handoffs"`
	Merged        int          `json:"merged"` // requests merged into another as duplicates
	Spam          int          `json:"spam"`
}

// AgentLogin names one demo agent. Agents have no password; the CLI sets them.
type AgentLogin struct {
	PersonID int64     `json:"person_id"`
	Email    string    `json:"email"`
	Name     string    `json:"name"`
	Role     desk.Role `json:"role"`
}

// Load fills an EMPTY store with the demo company. If the store holds any
// request, person, organisation or department besides the front desk it
// returns (nil, ErrNotEmpty) and writes nothing. Any other failure is returned
// wrapped ("demo: ..."); the store may then hold part of the demo.
func Load(ctx context.Context, st *store.Store) (*Summary, error) {
	if err := checkEmpty(ctx, st); err != nil {
		return nil, err
	}
	l := newLoader(st)
	if err := l.directory(ctx); err != nil {
		return nil, err
	}
	for _, s := range allStories() {
		if err := l.play(ctx, s); err != nil {
			return nil, fmt.Errorf("demo: request %q: %w", s.subject, err)
		}
	}
	return l.sum, nil
}

// checkEmpty returns ErrNotEmpty unless the store has no data at all.
func checkEmpty(ctx context.Context, st *store.Store) error {
	empty, err := st.IsEmpty(ctx)
	if err != nil {
		return fmt.Errorf("demo: check empty: %w", err)
	}
	if !empty {
		return ErrNotEmpty
	}
	depts, err := st.Departments(ctx, desk.SystemActor)
	if err != nil {
		return fmt.Errorf("demo: list departments: %w", err)
	}
	orgs, err := st.Organisations(ctx, desk.SystemActor)
	if err != nil {
		return fmt.Errorf("demo: list organisations: %w", err)
	}
	for _, d := range depts {
		if !d.FrontDesk {
			return ErrNotEmpty
		}
	}
	if len(orgs) > 0 {
		return ErrNotEmpty
	}
	return nil
}
