package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"guichet/internal/desk"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// row is how the inbox links a request.
func row(n int64) string { return fmt.Sprintf(`href="/requests/%d"`, n) }

func TestInbox(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		lost := s.open("Colis perdu à Rimouski", "Le transporteur dit livré, rien reçu.")
		invoice := s.open("Facture en double", "Deux factures pour la commande 1182.")
		mine := s.open("Changement d'adresse", "Nouvelle adresse de livraison.")
		_, err := s.st.Handoff(ctx, s.marie, invoice.Number, desk.NewHandoff{ToDepartmentID: s.billing.ID, Reason: "facturation"})
		must(t, err)
		_, err = s.st.UpdateRequest(ctx, s.marie, mine.Number, desk.RequestPatch{AgentID: &s.marie.PersonID})
		must(t, err)
		b := s.signedIn()

		t.Run("ListsOpenRequestsWithQueueCounts", func(t *testing.T) {
			p := b.get("/inbox")
			wantIn(t, p, row(lost.Number), row(invoice.Number), row(mine.Number), "Colis perdu à Rimouski")
			wantIn(t, p, `<span>My requests</span> <span class="count">1</span>`,
				`<span>Unassigned</span> <span class="count">2</span>`,
				`<span>Front desk</span> <span class="count">2</span>`,
				`<span>All open</span> <span class="count">3</span>`)
		})
		t.Run("FiltersByDepartment", func(t *testing.T) {
			p := b.get("/inbox?dept=" + itoa(s.billing.ID))
			wantIn(t, p, row(invoice.Number))
			wantOut(t, p, row(lost.Number), row(mine.Number))
		})
		t.Run("MyRequests", func(t *testing.T) {
			p := b.get("/inbox?agent=me")
			wantIn(t, p, row(mine.Number), `aria-current="page"`)
			wantOut(t, p, row(lost.Number), row(invoice.Number))
		})
		t.Run("FiltersByStatus", func(t *testing.T) {
			p := b.get("/inbox?status=waiting_requester")
			wantIn(t, p, "No request matches.")
			wantOut(t, p, row(lost.Number))
		})
		t.Run("SearchesText", func(t *testing.T) {
			p := b.get("/inbox?status=any&q=transporteur")
			wantIn(t, p, row(lost.Number))
			wantOut(t, p, row(invoice.Number), row(mine.Number))
		})
		t.Run("BadFilterIsExplained", func(t *testing.T) {
			p := b.get("/inbox?status=bogus")
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Status”")
		})
		t.Run("SignedOutGoesToSignIn", func(t *testing.T) {
			if p := s.newBrowser("en").get("/inbox"); !strings.HasPrefix(p.url, "/login") {
				t.Fatalf("went to %s", p.url)
			}
		})
	})
}

func TestInboxNextPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		var numbers []int64
		for i := range 53 {
			numbers = append(numbers, s.open(fmt.Sprintf("Demande %d", i), "Bonjour").Number)
		}
		b := s.signedIn()
		p := b.get("/inbox")
		wantIn(t, p, row(numbers[52]), row(numbers[3]), `rel="next"`)
		wantOut(t, p, row(numbers[2]))
		next := between(p.body, `<p class="pager"><a href="`, `"`)
		p = b.get(strings.ReplaceAll(next, "&amp;", "&"))
		wantIn(t, p, row(numbers[2]), row(numbers[0]))
		wantOut(t, p, row(numbers[3]), `rel="next"`)
	})
}

func TestBulkActions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		a, c := s.open("Première", "un"), s.open("Deuxième", "deux")
		b := s.signedIn()
		b.get("/inbox")
		t.Run("AssignToMe", func(t *testing.T) {
			p := b.post("/inbox/bulk", url.Values{"action": {"assign_me"}, "n": {itoa(a.Number), itoa(c.Number)}, "back": {"/inbox?agent=me"}})
			wantIn(t, p, "2 request(s) changed.", row(a.Number), row(c.Number))
		})
		t.Run("AddTag", func(t *testing.T) {
			p := b.post("/inbox/bulk", url.Values{"action": {"tag"}, "tag": {"Livraison"}, "n": {itoa(a.Number)}})
			wantIn(t, p, "1 request(s) changed.", `<span class="tag">livraison</span>`)
		})
		t.Run("CloseWithoutReplyIsRefusedPerRequest", func(t *testing.T) {
			p := b.post("/inbox/bulk", url.Values{"action": {"status"}, "status": {"closed"}, "n": {itoa(a.Number)}})
			wantIn(t, p, "0 request(s) changed.", "#"+itoa(a.Number)+": This request cannot be solved or closed yet")
		})
		t.Run("NothingSelected", func(t *testing.T) {
			wantIn(t, b.post("/inbox/bulk", url.Values{"action": {"assign_me"}}), "Select at least one request first.")
		})
	})
}

// between returns the text of s after the first before and up to the next after.
func between(s, before, after string) string {
	i := strings.Index(s, before)
	if i < 0 {
		return ""
	}
	s = s[i+len(before):]
	if j := strings.Index(s, after); j >= 0 {
		return s[:j]
	}
	return s
}
