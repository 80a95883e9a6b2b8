package api

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"guichet/internal/commit"
)

// commitSchemaTypes maps the schemas of the commitments to their Go types.
var commitSchemaTypes = map[string]any{
	"Calendar": commit.Calendar{}, "ServiceStandard": commit.Standard{}, "Agreement": commit.Agreement{},
	"Consult": commit.Consult{}, "Promise": commit.Promise{}, "ComplianceReport": commit.Report{},
	"Conditions":    commit.Conditions{},
	"CalendarInput": calendarInput{}, "ServiceStandardInput": standardInput{}, "AgreementInput": agreementInput{},
	"ConsultInput": consultInput{}, "AnswerInput": answerInput{}, "PromiseInput": promiseInput{}, "KeptInput": keptInput{},
	"Escalation": commit.Escalation{}, "Step": commit.Step{}, "Notification": commit.Notification{},
	"NotificationList": notificationList{}, "UnreadCount": unreadCount{}, "EscalationInput": escalationInput{},
	"ReadInput": readInput{},
}

// commitInputs are the request bodies among commitSchemaTypes.
var commitInputs = []string{"CalendarInput", "ServiceStandardInput", "AgreementInput", "ConsultInput", "AnswerInput",
	"PromiseInput", "KeptInput", "Conditions", "EscalationInput", "ReadInput"}

// TestCommitSchemasMatchGoTypes is TestOpenAPISchemasMatchGoTypes for the
// commitments, where omitzero also marks a field that may be absent.
func TestCommitSchemasMatchGoTypes(t *testing.T) {
	d := loadDoc(t)
	for name, v := range commitSchemaTypes {
		t.Run(name, func(t *testing.T) {
			s := d.Components.Schemas[name].resolve(d)
			if s == nil {
				t.Fatalf("no schema %s", name)
			}
			fields := optionalFields(reflect.TypeOf(v))
			if got, want := sortedKeys(s.Properties), sortedKeys(fields); !slices.Equal(got, want) {
				t.Fatalf("schema %s has properties %v, Go type has %v", name, got, want)
			}
			if slices.Contains(commitInputs, name) {
				if s.AdditionalProperties == nil || *s.AdditionalProperties {
					t.Errorf("request body %s must say additionalProperties: false", name)
				}
				return
			}
			for f, optional := range fields {
				if optional == slices.Contains(s.Required, f) {
					t.Errorf("%s.%s: optional=%v but required=%v", name, f, optional, !optional)
				}
			}
		})
	}
}

// optionalFields is jsonFields where omitzero counts as omitempty.
func optionalFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && tag == "" {
			for k, v := range optionalFields(f.Type) {
				out[k] = v
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
	}
	return out
}
