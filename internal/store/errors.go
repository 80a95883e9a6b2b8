package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"guichet/internal/desk"
)

// This file is the one place where driver errors become desk errors.

var (
	errClosed = errors.New("store: closed")
	// errRetry asks write to run the whole operation again in a new
	// transaction: a concurrent transaction won a race (PostgreSQL only).
	errRetry = errors.New("store: concurrent change, retry")
)

// dbErrKind classifies a driver error.
type dbErrKind int

const (
	errOther dbErrKind = iota
	errUnique
	errForeignKey
)

// classify tells unique and foreign-key violations apart from other errors,
// on both engines.
func classify(err error) dbErrKind {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return errUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return errForeignKey
		}
		return errOther
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return errUnique
		case "23503":
			return errForeignKey
		}
	}
	return errOther
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool { return classify(err) == errUnique }

// isForeignKey reports whether err is a foreign-key violation.
func isForeignKey(err error) bool { return classify(err) == errForeignKey }

// isNoRows reports whether err means a query found no row.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// mapErr turns a unique violation into a conflict on field, a foreign-key
// violation into a conflict with msg, and leaves any other error as is.
func mapErr(err error, field, msg string) error {
	switch classify(err) {
	case errUnique:
		return &desk.Error{Code: desk.CodeConflict, Field: field, Message: msg}
	case errForeignKey:
		return &desk.Error{Code: desk.CodeConflict, Field: field, Message: msg}
	}
	return err
}
