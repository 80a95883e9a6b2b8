package store_test

import (
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// addressed returns a new mail sent to address (its local part as the slug).
func addressed(id, address string) store.InboundMail {
	in := inbound(id, "zoe@client.example", "Where is it?", "Hello.")
	in.Address = address
	in.DepartmentSlug = address[:len(address)-len("@example.com")]
	return in
}

func TestMailAddresses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		add := func(address string, dept int64) (*desk.MailAddress, error) {
			m := &desk.MailAddress{Address: address, DepartmentID: dept}
			return m, f.s.AddMailAddress(ctx, f.admin, m)
		}
		ownerOf := func(in store.InboundMail) int64 {
			t.Helper()
			d, err := f.s.Request(ctx, desk.SystemActor, ingest(t, f, in).Number)
			must(t, err)
			return d.DepartmentID
		}
		t.Run("AddedNormalisedAndListed", func(t *testing.T) {
			m, err := add("  Factures ", f.billing.ID)
			must(t, err)
			if m.ID == 0 || m.Address != "factures" || m.Department != "Billing" || m.CreatedAt.IsZero() {
				t.Fatalf("added %+v", m)
			}
			_, err = add("<Soutien@Example.com>", f.itd.ID)
			must(t, err)
			list, err := f.s.MailAddressList(ctx, f.agent)
			must(t, err)
			if len(list) != 2 || list[0].Address != "factures" || list[1].Address != "soutien@example.com" || list[1].Department != "IT" {
				t.Fatalf("list %+v", list)
			}
		})
		t.Run("LocalPartRoutesNewMailAtEveryDomain", func(t *testing.T) {
			if got := ownerOf(addressed("alias-1@client.example", "factures@example.com")); got != f.billing.ID {
				t.Fatalf("factures@ went to department %d, want billing %d", got, f.billing.ID)
			}
		})
		t.Run("WholeAddressWinsOverItsLocalPart", func(t *testing.T) {
			_, err := add("factures@example.com", f.itd.ID)
			must(t, err)
			if got := ownerOf(addressed("alias-2@client.example", "factures@example.com")); got != f.itd.ID {
				t.Fatalf("factures@example.com went to %d, want IT %d", got, f.itd.ID)
			}
		})
		t.Run("MappingComesBeforeTheSlugRule", func(t *testing.T) {
			_, err := add("billing", f.itd.ID)
			must(t, err)
			if got := ownerOf(addressed("alias-3@client.example", "billing@example.com")); got != f.itd.ID {
				t.Fatalf("billing@ mapped to IT went to %d", got)
			}
		})
		t.Run("UnmappedAddressesKeepTheSlugRuleThenFrontDesk", func(t *testing.T) {
			if got := ownerOf(addressed("alias-4@client.example", "it@example.com")); got != f.itd.ID {
				t.Fatalf("it@ went to %d", got)
			}
			if got := ownerOf(addressed("alias-5@client.example", "nobody@example.com")); got != f.frontDesk.ID {
				t.Fatalf("nobody@ went to %d, want the front desk", got)
			}
		})
		t.Run("Errors", func(t *testing.T) {
			for _, tc := range []struct {
				address string
				dept    int64
				code    desk.Code
				field   string
			}{
				{"", f.billing.ID, desk.CodeInvalid, "address"},
				{"two words", f.billing.ID, desk.CodeInvalid, "address"},
				{"x@", f.billing.ID, desk.CodeInvalid, "address"},
				{"@example.com", f.billing.ID, desk.CodeInvalid, "address"},
				{"Name <a@example.com>", f.billing.ID, desk.CodeInvalid, "address"},
				{"support+12", f.billing.ID, desk.CodeInvalid, "address"},
				{"comptes", 0, desk.CodeInvalid, "department_id"},
				{"comptes", 999999, desk.CodeInvalid, "department_id"},
				{"FACTURES", f.itd.ID, desk.CodeConflict, "address"},
			} {
				_, err := add(tc.address, tc.dept)
				if e := desk.AsError(err); desk.ErrorCode(err) != tc.code || e.Field != tc.field {
					t.Errorf("%q → %d: got %v, want %s on %s", tc.address, tc.dept, err, tc.code, tc.field)
				}
			}
			if err := f.s.AddMailAddress(ctx, f.agent, &desk.MailAddress{Address: "x", DepartmentID: f.billing.ID}); desk.ErrorCode(err) != desk.CodeForbidden {
				t.Fatalf("an agent added a mapping: %v", err)
			}
			if _, err := f.s.MailAddressList(ctx, f.alice); desk.ErrorCode(err) != desk.CodeForbidden {
				t.Fatalf("a requester read the mapping: %v", err)
			}
		})
		t.Run("RemovedAddressFollowsTheSlugRuleAgain", func(t *testing.T) {
			list, err := f.s.MailAddressList(ctx, f.admin)
			must(t, err)
			for _, m := range list {
				if m.Address == "billing" {
					must(t, f.s.RemoveMailAddress(ctx, f.admin, m.ID))
				}
			}
			if err := f.s.RemoveMailAddress(ctx, f.admin, 999999); desk.ErrorCode(err) != desk.CodeNotFound {
				t.Fatalf("unknown id: %v", err)
			}
			if got := ownerOf(addressed("alias-6@client.example", "billing@example.com")); got != f.billing.ID {
				t.Fatalf("billing@ went to %d after its mapping was removed", got)
			}
		})
		t.Run("DeletedDepartmentTakesItsAddresses", func(t *testing.T) {
			d := desk.Department{Slug: "temp", Name: "Temp"}
			must(t, f.s.CreateDepartment(ctx, f.admin, &d))
			_, err := add("temporaire", d.ID)
			must(t, err)
			must(t, f.s.DeleteDepartment(ctx, f.admin, d.ID))
			list, err := f.s.MailAddressList(ctx, f.admin)
			must(t, err)
			for _, m := range list {
				if m.Address == "temporaire" {
					t.Fatal("the address of a deleted department is still listed")
				}
			}
		})
	})
}
