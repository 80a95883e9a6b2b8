package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// commitments returns the store's service commitments (calendars, standards,
// agreements, consults, promises, compliance). The store given to New keeps
// them; any other store is an internal error here.
func (s *server) commitments() (commit.Store, error) {
	cs, ok := s.store.(commit.Store)
	if !ok {
		return nil, errors.New("api: the store does not keep service commitments")
	}
	return cs, nil
}

// requireCommitAdmin fails with CodeForbidden unless a may manage calendars,
// standards and agreements (admins), before anything else is read.
func requireCommitAdmin(a desk.Actor) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage calendars, service standards and agreements")
	}
	return nil
}

// decodeOptional is decode for a body that may be empty (nothing to decode).
func decodeOptional(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return desk.Errorf(desk.CodeTooLarge, "the request body is larger than %d bytes", tooBig.Limit)
		}
		return desk.Errorf(httpx.CodeMalformed, "the request body could not be read")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return decode(r, dst)
}

// nullableText is an optional JSON string where null (or "") means "none":
// Set tells whether the field was present.
type nullableText struct {
	Set   bool
	Value string
}

// UnmarshalJSON accepts null or a string.
func (n *nullableText) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = ""
		return nil
	}
	if err := json.Unmarshal(b, &n.Value); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[string]()}
	}
	return nil
}

// setTarget parses n into *t when present: null or "" removes the target, a
// bad target is CodeInvalid on field.
func setTarget(t *commit.Target, n nullableText, field string) error {
	if !n.Set {
		return nil
	}
	if strings.TrimSpace(n.Value) == "" {
		*t = commit.Target{}
		return nil
	}
	v, err := commit.ParseTarget(field, n.Value)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// setNullableID sets *dst from n when present (null clears it).
func setNullableID(dst **int64, n nullableID) {
	if n.Set {
		*dst = optionalID(n.ID)
	}
}
