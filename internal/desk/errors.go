// Package desk holds Guichet's domain: the request model, the people who ask and
// serve, and the rules that must hold whatever channel or storage engine is used.
// It imports neither net/http nor SQL drivers; the store and the API implement and
// call what is declared here.
package desk

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code. The API maps each code to one
// HTTP status in a single place; the web pages map it to a translated message.
type Code string

// Error codes used across Guichet.
const (
	CodeInvalid           Code = "invalid"             // input failed validation; Field names the culprit
	CodeNotFound          Code = "not_found"           // no such thing, or the actor may not know it exists
	CodeForbidden         Code = "forbidden"           // the actor is known but may not do this
	CodeUnauthorized      Code = "unauthorized"        // no or bad credentials
	CodeConflict          Code = "conflict"            // the change clashes with the current state
	CodeCloseWithoutReply Code = "close_without_reply" // solving/closing before any public reply
	CodeTooLarge          Code = "too_large"           // body or attachment over the configured limit
	CodeInternal          Code = "internal"            // anything unexpected; never shown in detail
)

// Error is a domain error: a code, a message safe to show to the user and, for
// validation errors, the name of the field at fault.
type Error struct {
	Code    Code
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a validation error naming the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a not-found error for the named kind of thing.
func NotFound(what string) *Error {
	return &Error{Code: CodeNotFound, Message: what + " not found"}
}

// Forbidden returns a forbidden error with a reason safe to show.
func Forbidden(reason string) *Error {
	return &Error{Code: CodeForbidden, Message: reason}
}

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// AsError returns the first *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
