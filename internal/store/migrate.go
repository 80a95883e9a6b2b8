package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migration is one embedded SQL file, NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the engine's migrations in version order.
func (s *Store) migrations() ([]migration, error) {
	dir := "migrations/" + s.engine
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("bad migration file name %q", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`

// Migrate applies the pending embedded migrations in order, each in its own
// transaction recorded in schema_migrations. Concurrent Migrate calls (several
// nodes on one PostgreSQL) apply each migration once. It returns the first
// failing migration's error; earlier migrations stay applied.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := s.migrations()
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if err := s.createMigrationsTable(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, m := range ms {
		if err := s.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("store: migrate %04d_%s: %w", m.version, m.name, err)
		}
	}
	if s.search != nil {
		if err := s.search.start(ctx); err != nil { // it reads tables the migrations make
			return fmt.Errorf("store: migrate: %w", err)
		}
	}
	return nil
}

// migrationsLock is the PostgreSQL advisory lock key under which nodes
// create schema_migrations.
const migrationsLock = 0x6775696368657401 // "guichet" 01

// createMigrationsTable creates schema_migrations if it is missing. On
// PostgreSQL, CREATE TABLE IF NOT EXISTS is not safe against itself: two
// nodes starting at once can both find the table missing, and the second
// fails on the row type the first just created; an advisory lock held for the
// transaction makes them take turns.
func (s *Store) createMigrationsTable(ctx context.Context) error {
	if s.sqlite() {
		_, err := s.wdb.ExecContext(ctx, createMigrationsTable)
		return err
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationsLock)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) applyMigration(ctx context.Context, m migration) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if !s.sqlite() {
		if _, err := tx.ExecContext(ctx, `LOCK TABLE schema_migrations IN EXCLUSIVE MODE`); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, s.now().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		return err
	}
	return tx.Commit()
}

// CheckMigrations returns nil when every embedded migration is applied, and an
// error naming the first missing one (or the query's error) otherwise.
func (s *Store) CheckMigrations(ctx context.Context) error {
	ms, err := s.migrations()
	if err != nil {
		return fmt.Errorf("store: check migrations: %w", err)
	}
	applied := map[int]bool{}
	rows, err := s.rdb.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("store: check migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return fmt.Errorf("store: check migrations: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: check migrations: %w", err)
	}
	for _, m := range ms {
		if !applied[m.version] {
			return fmt.Errorf("store: migration %04d_%s is not applied", m.version, m.name)
		}
	}
	return nil
}
