// Package bench generates a large, realistic Guichet data set and measures the
// figures the design promises on it: raw durable insert rate, request creation
// through the real JSON API under concurrent clients, queue listing and
// full-text search, each at the store and over HTTP, plus peak memory and data
// size. Everything runs on loopback; nothing leaves the machine.
package bench

import (
	"fmt"
	"strings"
	"time"
)

// Config sets the size of the data set and of each measured phase. Zero fields
// take the defaults noted beside them.
type Config struct {
	DatabaseURL string // empty: a fresh SQLite file under Dir; postgres://…: a fresh schema, dropped at the end
	Dir         string // work dir for SQLite files and blobs; empty: a temporary directory

	Requests           int // default 1_000_000
	MessagesPerRequest int // average, default 5
	Agents             int // default 200
	Departments        int // default 40, the front desk included
	Requesters         int // default 50_000

	Clients  int           // concurrent API clients for creation, default 32
	Creates  int           // API creations to measure, default 20_000 (bounded also by Duration)
	Queries  int           // queue listings and searches to measure, default 2_000 each
	Duration time.Duration // hard cap per measured phase, default 60s

	RawInserts   int   // raw single-row inserts for the baseline, default 2_000
	QueryClients int   // concurrent clients for listings and searches, default 1 (latency as one user sees it)
	Seed         int64 // random seed of the data set, default 1 (same seed, same data)
	Keep         bool  // keep the SQLite file or PostgreSQL schema after the run
	// Reuse names a data set kept by an earlier run (Keep): a SQLite file, or
	// with a PostgreSQL DatabaseURL a schema (bench_…). It is measured again
	// without generating anything, and never removed.
	Reuse string
	// LoadCommand, when set, runs the HTTP phases' clients in a child process
	// (the command runs Load), so that the server's RSS is its own.
	LoadCommand []string `json:"-"`
}

// withDefaults returns c with every zero field set to its default, or an error
// naming the first negative or inconsistent field.
func (c Config) withDefaults() (Config, error) {
	ints := []struct {
		name string
		v    *int
		def  int
	}{
		{"requests", &c.Requests, 1_000_000}, {"messages per request", &c.MessagesPerRequest, 5},
		{"agents", &c.Agents, 200}, {"departments", &c.Departments, 40},
		{"requesters", &c.Requesters, 50_000}, {"clients", &c.Clients, 32},
		{"creates", &c.Creates, 20_000}, {"queries", &c.Queries, 2_000},
		{"raw inserts", &c.RawInserts, 2_000}, {"query clients", &c.QueryClients, 1},
	}
	for _, f := range ints {
		if *f.v < 0 {
			return c, fmt.Errorf("bench: %s must not be negative", f.name)
		}
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	if c.Duration < 0 {
		return c, fmt.Errorf("bench: duration must not be negative")
	}
	if c.Duration == 0 {
		c.Duration = 60 * time.Second
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Departments < 2 {
		return c, fmt.Errorf("bench: departments must be at least 2 (the front desk and one more)")
	}
	if c.DatabaseURL != "" && !isPostgres(c.DatabaseURL) {
		return c, fmt.Errorf("bench: database URL must be postgres://… (or empty for SQLite)")
	}
	return c, nil
}

// isPostgres reports whether url selects PostgreSQL.
func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}
