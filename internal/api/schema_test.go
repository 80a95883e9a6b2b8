package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// schema is the subset of JSON Schema 2020-12 that openapi.json uses. The
// end-to-end tests check every JSON response against it, strictly: an object
// schema that lists properties is treated as closed, so an undocumented field
// in a response fails the test even though the document leaves responses open
// for future fields.
type schema struct {
	Ref        string             `json:"$ref"`
	Type       any                `json:"type"` // a string or a list of strings
	Format     string             `json:"format"`
	Enum       []string           `json:"enum"`
	Properties map[string]*schema `json:"properties"`
	Required   []string           `json:"required"`
	Items      *schema            `json:"items"`
	// AdditionalProperties false marks a request body: the API rejects
	// unknown fields.
	AdditionalProperties *bool `json:"additionalProperties"`
}

// resolve follows $ref to the component schema.
func (s *schema) resolve(d *openAPIDoc) *schema {
	for s != nil && s.Ref != "" {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	return s
}

// types lists the JSON types s allows (none: any).
func (s *schema) types() []string {
	switch t := s.Type.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, len(t))
		for i, v := range t {
			out[i], _ = v.(string)
		}
		return out
	}
	return nil
}

// validate reports the first way v (decoded with UseNumber) breaks s.
func (s *schema) validate(d *openAPIDoc, path string, v any) error {
	s = s.resolve(d)
	if s == nil {
		return fmt.Errorf("%s: unresolved schema", path)
	}
	if ts := s.types(); len(ts) > 0 && !slices.Contains(ts, jsonType(v)) &&
		!(jsonType(v) == "integer" && slices.Contains(ts, "number")) {
		return fmt.Errorf("%s: %s, want %v", path, jsonType(v), ts)
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, fmt.Sprint(v)) {
		return fmt.Errorf("%s: %v not in %v", path, v, s.Enum)
	}
	if str, ok := v.(string); ok && s.Format == "date-time" {
		if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
			return fmt.Errorf("%s: %q is not a date-time", path, str)
		}
	}
	if list, ok := v.([]any); ok && s.Items != nil {
		for i, item := range list {
			if err := s.Items.validate(d, fmt.Sprintf("%s[%d]", path, i), item); err != nil {
				return err
			}
		}
	}
	if m, ok := v.(map[string]any); ok {
		return s.validateObject(d, path, m)
	}
	return nil
}

// validateObject checks the required and known properties of m.
func (s *schema) validateObject(d *openAPIDoc, path string, m map[string]any) error {
	for _, r := range s.Required {
		if _, ok := m[r]; !ok {
			return fmt.Errorf("%s: missing required %q", path, r)
		}
	}
	for k, v := range m {
		p, ok := s.Properties[k]
		if !ok {
			if s.Properties != nil {
				return fmt.Errorf("%s: undocumented property %q", path, k)
			}
			continue
		}
		if err := p.validate(d, path+"."+k, v); err != nil {
			return err
		}
	}
	return nil
}

// jsonType names the JSON type of a value decoded with UseNumber.
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
