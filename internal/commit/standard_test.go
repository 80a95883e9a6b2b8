package commit

import (
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestParseTarget(t *testing.T) {
	good := map[string]Target{
		"4h": {Duration: 4 * time.Hour}, "90m": {Duration: 90 * time.Minute}, "1h30m": {Duration: 90 * time.Minute},
		"2d": {Days: 2}, " 8h ": {Duration: 8 * time.Hour},
	}
	for in, want := range good {
		got, err := ParseTarget("first_response", in)
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0h", "-1h", "0d", "-2d", "4", "1.5d", "30s", "2001h", "251d", "soon"} {
		_, err := ParseTarget("first_response", in)
		if e := desk.AsError(err); e == nil || e.Code != desk.CodeInvalid || e.Field != "first_response" {
			t.Errorf("ParseTarget(%q) = %v, want invalid first_response", in, err)
		}
	}
	for in, want := range map[Target]string{{Duration: 4 * time.Hour}: "4h", {Duration: 90 * time.Minute}: "1h30m",
		{Duration: 45 * time.Minute}: "45m", {Days: 2}: "2d", {}: ""} {
		if got := in.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", in, got, want)
		}
	}
}

func id64(v int64) *int64 { return &v }

func TestSelectStandard(t *testing.T) {
	billing, it := int64(2), int64(3)
	acme := int64(7)
	list := []Standard{
		{ID: 1, Name: "everyone", Active: true},
		{ID: 2, Name: "billing", Active: true, Conditions: Conditions{DepartmentID: &billing}},
		{ID: 3, Name: "urgent", Active: true, Conditions: Conditions{Priority: desk.PriorityUrgent}},
		{ID: 4, Name: "billing urgent", Active: true, Conditions: Conditions{DepartmentID: &billing, Priority: desk.PriorityUrgent}},
		{ID: 5, Name: "acme", Active: true, Conditions: Conditions{OrganisationID: &acme}},
		{ID: 6, Name: "internal by phone", Active: true, Conditions: Conditions{RequesterKind: desk.InternalPerson, Channel: desk.ChannelPhone}},
		{ID: 7, Name: "retired IT", Active: false, Conditions: Conditions{DepartmentID: &it}},
		{ID: 8, Name: "refunds", Active: true, Conditions: Conditions{ContactReason: "refund"}},
	}
	tests := []struct {
		name    string
		subject Subject
		want    int64
	}{
		{"nothing specific: the catch-all", Subject{DepartmentID: 1, Priority: desk.PriorityNormal}, 1},
		{"department", Subject{DepartmentID: billing, Priority: desk.PriorityNormal}, 2},
		{"two conditions beat one", Subject{DepartmentID: billing, Priority: desk.PriorityUrgent}, 4},
		{"organisation beats priority", Subject{DepartmentID: 1, Priority: desk.PriorityUrgent, OrganisationID: &acme}, 5},
		{"organisation beats department", Subject{DepartmentID: billing, OrganisationID: &acme}, 5},
		{"contact reason beats department, whatever its case", Subject{DepartmentID: billing, ContactReason: " Refund "}, 8},
		{"inactive standards never apply", Subject{DepartmentID: it}, 1},
		{"kind and channel together", Subject{DepartmentID: 1, RequesterKind: desk.InternalPerson, Channel: desk.ChannelPhone}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Select(list, tt.subject)
			if got == nil || got.ID != tt.want {
				t.Fatalf("Select = %+v, want standard %d", got, tt.want)
			}
		})
	}
	t.Run("NoneMatches", func(t *testing.T) {
		if got := Select(list[1:2], Subject{DepartmentID: it}); got != nil {
			t.Fatalf("Select = %+v, want none", got)
		}
	})
}

func TestSpecificityIsNeverATie(t *testing.T) {
	seen := map[int]Conditions{}
	d, o := int64(1), int64(1)
	for mask := 0; mask < 64; mask++ {
		var c Conditions
		if mask&1 != 0 {
			c.DepartmentID = &d
		}
		if mask&2 != 0 {
			c.OrganisationID = &o
		}
		if mask&4 != 0 {
			c.Priority = desk.PriorityHigh
		}
		if mask&8 != 0 {
			c.ContactReason = "x"
		}
		if mask&16 != 0 {
			c.Channel = desk.ChannelEmail
		}
		if mask&32 != 0 {
			c.RequesterKind = desk.ExternalPerson
		}
		if prev, dup := seen[c.Specificity()]; dup {
			t.Fatalf("%+v and %+v rank the same", prev, c)
		}
		seen[c.Specificity()] = c
	}
}

func TestStandardValidate(t *testing.T) {
	four := Target{Duration: 4 * time.Hour}
	tests := []struct {
		name  string
		s     Standard
		field string
	}{
		{"name required", Standard{FirstResponse: four}, "name"},
		{"a target required", Standard{Name: "x"}, "first_response"},
		{"unknown priority", Standard{Name: "x", FirstResponse: four, Conditions: Conditions{Priority: "asap"}}, "conditions.priority"},
		{"unknown channel", Standard{Name: "x", FirstResponse: four, Conditions: Conditions{Channel: "fax"}}, "conditions.channel"},
		{"unknown kind", Standard{Name: "x", FirstResponse: four, Conditions: Conditions{RequesterKind: "vip"}}, "conditions.requester_kind"},
		{"bad department id", Standard{Name: "x", FirstResponse: four, Conditions: Conditions{DepartmentID: id64(0)}}, "conditions.department_id"},
		{"bad calendar id", Standard{Name: "x", FirstResponse: four, CalendarID: id64(-1)}, "calendar_id"},
		{"internal requesters of an organisation", Standard{Name: "x", FirstResponse: four,
			Conditions: Conditions{RequesterKind: desk.InternalPerson, OrganisationID: id64(3)}}, "conditions.organisation_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if e := desk.AsError(err); e == nil || e.Code != desk.CodeInvalid || e.Field != tt.field {
				t.Fatalf("Validate = %v, want invalid %s", err, tt.field)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		s := Standard{Name: " Billing ", Resolution: Target{Days: 2}, Conditions: Conditions{ContactReason: " Refund"}}
		if err := s.Validate(); err != nil || s.Name != "Billing" || s.Conditions.ContactReason != "refund" || s.Specificity == 0 {
			t.Fatalf("Validate = %v, %+v", err, s)
		}
	})
}

func TestSelectAgreement(t *testing.T) {
	sales, billing, shipping := int64(1), int64(2), int64(3)
	list := []Agreement{
		{ID: 1, Active: true, ProviderDepartmentID: shipping},
		{ID: 2, Active: true, ProviderDepartmentID: shipping, CustomerDepartmentID: &sales},
		{ID: 3, Active: true, ProviderDepartmentID: shipping, ContactReason: "damaged"},
		{ID: 4, Active: true, ProviderDepartmentID: shipping, CustomerDepartmentID: &sales, ContactReason: "damaged"},
		{ID: 5, Active: false, ProviderDepartmentID: billing},
	}
	tests := []struct {
		name               string
		provider, customer int64
		reason             string
		want               int64
	}{
		{"any department, any reason", shipping, billing, "", 1},
		{"named customer", shipping, sales, "late", 2},
		{"named reason", shipping, billing, "Damaged", 3},
		{"customer and reason", shipping, sales, "damaged", 4},
		{"inactive: none", billing, sales, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SelectAgreement(list, tt.provider, tt.customer, tt.reason)
			if tt.want == 0 && got != nil || tt.want != 0 && (got == nil || got.ID != tt.want) {
				t.Fatalf("SelectAgreement = %+v, want %d", got, tt.want)
			}
		})
	}
	t.Run("ErrOwnDepartment", func(t *testing.T) {
		a := Agreement{Name: "x", ProviderDepartmentID: sales, CustomerDepartmentID: &sales, Response: Target{Duration: time.Hour}}
		if e := desk.AsError(a.Validate()); e == nil || e.Field != "customer_department_id" {
			t.Fatalf("Validate = %v", e)
		}
	})
}
