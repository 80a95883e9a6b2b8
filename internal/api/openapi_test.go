package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/httpx"
)

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas   map[string]*schema     `json:"schemas"`
		Responses map[string]responseDoc `json:"responses"`
	} `json:"components"`
}

// operation is one documented operation.
type operation struct {
	Responses map[string]responseDoc `json:"responses"`
}

// responseDoc is one documented response: a $ref to a shared response, or
// its content by media type.
type responseDoc struct {
	Ref     string `json:"$ref"`
	Content map[string]struct {
		Schema *schema `json:"schema"`
	} `json:"content"`
}

// response returns the documented response of o for status, following $ref;
// ok is false when the status is not documented.
func (d *openAPIDoc) response(o *operation, status int) (responseDoc, bool) {
	r, ok := o.Responses[strconv.Itoa(status)]
	if ok && r.Ref != "" {
		r, ok = d.Components.Responses[strings.TrimPrefix(r.Ref, "#/components/responses/")]
	}
	return r, ok
}

// loadDoc parses the embedded OpenAPI document.
func loadDoc(t testing.TB) *openAPIDoc {
	t.Helper()
	var d openAPIDoc
	if err := json.Unmarshal(openAPIDocument, &d); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return &d
}

// op returns the documented operation for method and path, or nil.
func (d *openAPIDoc) op(method, path string) *operation {
	raw, ok := d.Paths[path][strings.ToLower(method)]
	if !ok {
		return nil
	}
	var o operation
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil
	}
	return &o
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func TestOpenAPIDocument(t *testing.T) {
	d := loadDoc(t)

	t.Run("DeclaresOpenAPI31", func(t *testing.T) {
		if !strings.HasPrefix(d.OpenAPI, "3.1.") {
			t.Fatalf("openapi = %q, want 3.1.x", d.OpenAPI)
		}
	})
	t.Run("EveryRouteIsDocumented", func(t *testing.T) {
		for _, rt := range Routes() {
			if d.op(rt.Method, rt.Pattern) == nil {
				t.Errorf("%s %s is served but not in openapi.json", rt.Method, rt.Pattern)
			}
		}
	})
	t.Run("EveryDocumentedOperationIsARoute", func(t *testing.T) {
		routes := Routes()
		for path, item := range d.Paths {
			for method := range item {
				if !slices.Contains(httpMethods, method) {
					continue
				}
				if !slices.Contains(routes, Route{strings.ToUpper(method), path}) {
					t.Errorf("%s %s is documented but not served", strings.ToUpper(method), path)
				}
			}
		}
	})
	t.Run("EveryStatusOfTheErrorMapIsAProblemResponse", func(t *testing.T) {
		var doc struct {
			Components struct {
				Responses map[string]any `json:"responses"`
			} `json:"components"`
		}
		if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
			t.Fatal(err)
		}
		for code := range titles {
			_, status := httpx.Status(desk.Errorf(code, "x"))
			// 405 belongs to no operation: it is described in info.description.
			if _, ok := doc.Components.Responses[strconv.Itoa(status)]; !ok && code != httpx.CodeMethodNotAllowed {
				t.Errorf("code %s answers %d, which has no shared problem response", code, status)
			}
		}
	})
	t.Run("ServedWithoutAuthentication", func(t *testing.T) {
		srv := httptest.NewServer(New(Deps{}))
		defer srv.Close()
		res, err := http.Get(srv.URL + "/api/v1/openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var got map[string]any
		if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET openapi.json: %d %v", res.StatusCode, err)
		}
		if got["openapi"] != d.OpenAPI {
			t.Fatalf("served document differs from the embedded one")
		}
	})
}

// schemaTypes maps each documented object schema to the Go type that is
// encoded or decoded as it.
var schemaTypes = map[string]any{
	"Problem": problem{}, "Request": desk.Request{}, "RequestDetail": desk.RequestDetail{},
	"RequestPage": desk.RequestPage{}, "Message": desk.Message{}, "Attachment": desk.Attachment{},
	"MailDelivery": desk.MailDelivery{}, "MailAddress": desk.MailAddress{}, "MailAddressInput": mailAddressInput{},
	"Deadline": desk.Deadline{}, "Handoff": desk.Handoff{}, "Event": desk.Event{}, "Department": desk.Department{},
	"Organisation": desk.Organisation{}, "Person": desk.Person{}, "Agent": desk.Agent{}, "Me": me{},
	"PersonRef": personRef{}, "AttachmentInput": attachmentInput{}, "CreateRequest": createRequestInput{},
	"UpdateRequest": updateRequestInput{}, "AddMessage": addMessageInput{}, "HandoffInput": handoffInput{},
	"MergeInput": mergeInput{}, "DepartmentInput": departmentInput{}, "OrganisationInput": organisationInput{},
	"PersonInput": personInput{}, "CreateAgent": createAgentInput{}, "UpdateAgent": updateAgentInput{},
}

// TestOpenAPISchemasMatchGoTypes keeps the hand-written schemas accurate: the
// properties of each are exactly the JSON fields of its Go type, and an output
// field is required exactly when it is never omitted.
func TestOpenAPISchemasMatchGoTypes(t *testing.T) {
	d := loadDoc(t)
	for name, v := range schemaTypes {
		t.Run(name, func(t *testing.T) {
			s := d.Components.Schemas[name]
			if s == nil {
				t.Fatalf("no schema %s", name)
			}
			s = s.resolve(d)
			props, required := s.Properties, s.Required
			fields := jsonFields(reflect.TypeOf(v))
			if got, want := sortedKeys(props), sortedKeys(fields); !slices.Equal(got, want) {
				t.Fatalf("schema %s has properties %v, Go type has %v", name, got, want)
			}
			if !isOutput(name) {
				if s.AdditionalProperties == nil || *s.AdditionalProperties {
					t.Errorf("request body %s must say additionalProperties: false (unknown fields are rejected)", name)
				}
				return
			}
			for f, omitempty := range fields {
				if omitempty == slices.Contains(required, f) {
					t.Errorf("%s.%s: omitempty=%v but required=%v", name, f, omitempty, !omitempty)
				}
			}
		})
	}
}

// isOutput reports whether schema name describes a response body (whose
// required list must match omitempty), not a request body.
func isOutput(name string) bool {
	v, ok := schemaTypes[name]
	if !ok {
		return false
	}
	t := reflect.TypeOf(v)
	return t.PkgPath() != reflect.TypeFor[me]().PkgPath() || t.Name() == "problem" || t.Name() == "me"
}

// jsonFields returns the JSON field names of struct type t (embedded structs
// flattened), each with whether it is omitempty.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && tag == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = strings.Contains(opts, "omitempty")
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
