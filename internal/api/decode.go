package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// decode reads r's body (already limited by wrap) into dst, which must be a
// pointer to an input struct. It returns CodeTooLarge when the body is over the
// limit, httpx.CodeMalformed for anything that is not one valid UTF-8 JSON object,
// and CodeInvalid naming the field for an unknown field or a value of the
// wrong type.
func decode(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return desk.Errorf(desk.CodeTooLarge, "the request body is larger than %d bytes", tooBig.Limit)
		}
		return desk.Errorf(httpx.CodeMalformed, "the request body could not be read")
	}
	if !utf8.Valid(body) {
		return desk.Errorf(httpx.CodeMalformed, "the request body is not valid UTF-8")
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return desk.Errorf(httpx.CodeMalformed, "the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return desk.Errorf(httpx.CodeMalformed, "the request body must hold one JSON object only")
	}
	if _, err := dec.Token(); err != io.EOF {
		return desk.Errorf(httpx.CodeMalformed, "the request body must hold one JSON object only")
	}
	return nil
}

// decodeError turns an encoding/json error into a desk error.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		if typeErr.Type == reflect.TypeFor[nullableID]() {
			return desk.Invalid(field, "must be a positive integer or null")
		}
		return desk.Invalid(field, "must be %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return desk.Invalid(name, "unknown field %q", name)
	}
	var de *desk.Error
	if errors.As(err, &de) {
		return de
	}
	return desk.Errorf(httpx.CodeMalformed, "the request body is not valid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case kind == "slice", kind == "array":
		return "an array"
	case kind == "struct", kind == "map":
		return "an object"
	}
	return "a " + kind
}

// pathID parses the path parameter name as a positive integer. A path that is
// not one names nothing, so the error is CodeNotFound for what.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, desk.NotFound(what)
	}
	return id, nil
}

// nullableID is an optional JSON id where null means "none": Set tells whether
// the field was present, ID is 0 when it was null.
type nullableID struct {
	Set bool
	ID  int64
}

// UnmarshalJSON accepts null or a positive integer.
func (n *nullableID) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.ID = 0
		return nil
	}
	var id int64
	if err := json.Unmarshal(b, &id); err != nil || id <= 0 {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[nullableID]()}
	}
	n.ID = id
	return nil
}
