package desk

import (
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"Marie.Tremblay@Example.COM":         "marie.tremblay@example.com",
		"  facturation@example.com ":         "facturation@example.com",
		"Julie Gagnon <julie@ecole.example>": "julie@ecole.example",
	} {
		if got, err := NormalizeEmail(in); err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "nobody", "a@b", "a@@b.com", "x\xff@example.com", strings.Repeat("a", 250) + "@example.com"} {
		if _, err := NormalizeEmail(bad); ErrorCode(err) != CodeInvalid || AsError(err).Field != "email" {
			t.Errorf("NormalizeEmail(%q) err = %v; want invalid email", bad, err)
		}
	}
}

func TestPersonValidate(t *testing.T) {
	t.Run("DefaultsToExternalFrenchWithEmailAsName", func(t *testing.T) {
		p := Person{Emails: []string{"Parent@Example.com", "parent@example.com"}}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if p.Kind != ExternalPerson || p.Language != French || p.Name != "parent@example.com" || len(p.Emails) != 1 {
			t.Fatalf("got %+v", p)
		}
	})
	dept, org := int64(1), int64(2)
	for name, p := range map[string]Person{
		"ErrNoEmail":                {Name: "X"},
		"ErrExternalWithDepartment": {Emails: []string{"a@example.com"}, Kind: ExternalPerson, DepartmentID: &dept},
		"ErrInternalWithOrg":        {Emails: []string{"a@example.com"}, Kind: InternalPerson, OrganisationID: &org},
		"ErrBadLanguage":            {Emails: []string{"a@example.com"}, Language: "de"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := p.Validate(); ErrorCode(err) != CodeInvalid {
				t.Fatalf("got %v, want invalid", err)
			}
		})
	}
}

func TestCheckDone(t *testing.T) {
	merged := int64(7)
	cases := []struct {
		name string
		r    Request
		to   Status
		ok   bool
	}{
		{"ErrSolveWithoutReply", Request{}, StatusSolved, false},
		{"ErrCloseWithoutReply", Request{}, StatusClosed, false},
		{"SolveAfterPublicReply", Request{PublicReplies: 1}, StatusSolved, true},
		{"CloseSpamWithoutReply", Request{Spam: true}, StatusClosed, true},
		{"CloseDuplicateWithoutReply", Request{MergedInto: &merged}, StatusClosed, true},
		{"WaitWithoutReply", Request{}, StatusWaitingRequester, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckDone(&c.r, c.to)
			if c.ok != (err == nil) || !c.ok && ErrorCode(err) != CodeCloseWithoutReply {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestActorRules(t *testing.T) {
	org, other := int64(1), int64(2)
	own := Request{Number: 1, RequesterID: 10, OrganisationID: &org}
	colleague := Request{Number: 2, RequesterID: 11, OrganisationID: &org}
	stranger := Request{Number: 3, RequesterID: 12, OrganisationID: &other}
	requester := Actor{PersonID: 10, OrganisationID: &org}
	sharing := Actor{PersonID: 10, OrganisationID: &org, OrgShared: true}
	agent := Actor{PersonID: 99, Role: RoleAgent}
	readonly := Actor{PersonID: 98, Role: RoleReadOnly}

	t.Run("RequesterReadsOnlyOwn", func(t *testing.T) {
		if !requester.CanRead(&own) || requester.CanRead(&colleague) || requester.CanRead(&stranger) {
			t.Fatal("requester must read only their own requests")
		}
	})
	t.Run("SharingOrganisationReadsColleagues", func(t *testing.T) {
		if !sharing.CanRead(&colleague) || sharing.CanRead(&stranger) {
			t.Fatal("a sharing organisation reads its own members' requests, never others'")
		}
	})
	t.Run("RequesterNeverSeesInternalNotes", func(t *testing.T) {
		note := Message{Visibility: Internal}
		if requester.CanSee(&note) || !agent.CanSee(&note) {
			t.Fatal("internal notes are for agents only")
		}
	})
	t.Run("ErrRequesterWritesNote", func(t *testing.T) {
		if err := requester.CheckMessage(&own, &NewMessage{Visibility: Internal}); ErrorCode(err) != CodeForbidden {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrReadOnlyAgentWrites", func(t *testing.T) {
		if err := readonly.CheckMessage(&own, &NewMessage{Visibility: Public}); ErrorCode(err) != CodeForbidden {
			t.Fatalf("got %v", err)
		}
	})
}

func TestSanitizeHTML(t *testing.T) {
	out := SanitizeHTML(`<p onclick="steal()">Bonjour <script>alert(1)</script><a href="javascript:alert(2)">lien</a><img src=x onerror=alert(3)></p>`)
	for _, bad := range []string{"<script", "onclick", "javascript:", "onerror"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Fatalf("sanitised HTML still contains %q: %s", bad, out)
		}
	}
	if !strings.Contains(out, "Bonjour") {
		t.Fatalf("text lost: %s", out)
	}
}

func TestNormalizeTags(t *testing.T) {
	got, err := NormalizeTags([]string{" Urgent", "urgent", "", "livraison"})
	if err != nil || strings.Join(got, ",") != "urgent,livraison" {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := NormalizeTags([]string{"two words"}); ErrorCode(err) != CodeInvalid {
		t.Fatalf("want invalid for a tag with a space, got %v", err)
	}
}
