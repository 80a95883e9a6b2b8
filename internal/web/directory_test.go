package web

import (
	"net/http"
	"net/url"
	"testing"

	"guichet/internal/desk"
)

func TestDirectory(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		must(t, s.st.SetServiceHours(ctx, desk.SystemActor, s.billing.ID, "Lun–ven 8 h 30 à 16 h 30"))
		r := s.open("Remboursement", "Je veux être remboursée.")
		b := s.signedIn()

		t.Run("ListsWhatEachDepartmentHandlesItsHoursAndMembers", func(t *testing.T) {
			p := b.get("/directory")
			wantIn(t, p, `id="dept-`+itoa(s.billing.ID)+`"`, "Billing", `<span class="tag">invoices</span>`,
				`<span class="tag">refunds</span>`, "Lun–ven 8 h 30 à 16 h 30", "Paul Gagnon", "Shipping", "Marie Tremblay")
		})
		t.Run("SearchIgnoresCaseAccentsAndPlurals", func(t *testing.T) {
			for _, q := range []string{"REFUNDS", "réfund", "invoice", "paul", "8 h 30"} {
				p := b.get("/directory?q=" + url.QueryEscape(q))
				wantIn(t, p, `id="dept-`+itoa(s.billing.ID)+`"`)
				wantOut(t, p, `id="dept-`+itoa(s.shipping.ID)+`"`)
			}
		})
		t.Run("NoMatchSaysSo", func(t *testing.T) {
			p := b.get("/directory?q=astronautes")
			wantIn(t, p, "No department matches.", "Show all 3 departments")
		})
		t.Run("PickerLeadsBackToTheHandoffFormWithTheDepartmentChosen", func(t *testing.T) {
			p := b.get("/directory?for=" + itoa(r.Number) + "&q=refund")
			pick := "/requests/" + itoa(r.Number) + "?handoff=" + itoa(s.billing.ID) + "#handoff"
			wantIn(t, p, "Hand off request #"+itoa(r.Number), `href="`+pick+`"`, "Hand off to Billing")
			p = b.get("/requests/" + itoa(r.Number) + "?handoff=" + itoa(s.billing.ID))
			wantIn(t, p, `id="ho-dept-`+itoa(s.billing.ID)+`" value="`+itoa(s.billing.ID)+`" required
          checked`)
		})
		t.Run("HandoffPickerCarriesTheSearchText", func(t *testing.T) {
			p := b.get("/requests/" + itoa(r.Number))
			wantIn(t, p, `data-search="billing billing invoices, refunds lun–ven 8 h 30 a 16 h 30 paul gagnon paul@guichet.example"`,
				`href="/directory?for=`+itoa(r.Number)+`"`)
		})
		t.Run("ErrBadRequestNumber", func(t *testing.T) {
			if p := b.get("/directory?for=abc"); p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
		})
	})
}
