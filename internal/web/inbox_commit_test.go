package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// rowOrder returns the requests of numbers in the order the page lists them;
// it fails if one is missing.
func rowOrder(t *testing.T, p page, numbers ...int64) []int64 {
	t.Helper()
	out := slices.Clone(numbers)
	pos := func(n int64) int {
		i := strings.Index(p.body, `<tr class="row" data-href="/requests/`+itoa(n)+`">`)
		if i < 0 {
			t.Fatalf("page %s lists no row for #%d", p.url, n)
		}
		return i
	}
	slices.SortFunc(out, func(a, b int64) int { return pos(a) - pos(b) })
	return out
}

func TestInboxCommitments(t *testing.T) {
	eachCommitSite(t, func(t *testing.T, s *commitSite) {
		r1 := s.billingRequest("Facture en double") // 09:00: first response due 13:00
		s.clock.Set(t, "2025-03-03 09:30 -0500")
		r2 := s.billingRequest("Avoir non reçu") // due 13:30
		s.clock.Set(t, "2025-03-03 09:45 -0500")
		r3 := s.open("Question générale", "Bonjour") // the front desk: no standard, no due time
		s.clock.Set(t, "2025-03-03 10:00 -0500")
		r4 := s.billingRequest("Carton abîmé") // due 14:00
		_, err := s.st.UpdateRequest(ctx, s.marie, r4.Number, desk.RequestPatch{Tags: &[]string{"carton"}})
		must(t, err)
		s.clock.Set(t, "2025-03-03 10:30 -0500")
		_, err = s.st.OpenConsult(ctx, s.paul, r1.Number, commit.NewConsult{ToDepartmentID: s.shipping.ID,
			Question: "Le colis est-il parti ?"})
		must(t, err)
		jean := s.signedInAs("jean@guichet.example")
		marie := s.signedIn()
		all := []int64{r1.Number, r2.Number, r3.Number, r4.Number}

		t.Run("WaitingOnOthersCountsTheWaitingRequestsAndWhatMyDepartmentsOwe", func(t *testing.T) {
			wantIn(t, jean.get("/inbox"), `<span>Waiting on others</span> <span class="count">2</span>`)
			wantIn(t, marie.get("/inbox"), `<span>Waiting on others</span> <span class="count">1</span>`)
			p := jean.get("/inbox?status=waiting_department")
			wantIn(t, p, "Asked of my departments", `data-testid="owed">`, "Le colis est-il parti ?",
				`<a href="/requests/`+itoa(r1.Number)+`#consult-`, "Requests waiting on another department", row(r1.Number))
			wantOut(t, p, row(r2.Number))
			wantIn(t, marie.get("/inbox?status=waiting_department"), "No other department is waiting on yours.")
		})
		t.Run("DueSoonestThenTheRequestsWithoutADueTime", func(t *testing.T) {
			p := marie.get("/inbox?sort=due")
			if got, want := rowOrder(t, p, all...), []int64{r1.Number, r2.Number, r4.Number, r3.Number}; !slices.Equal(got, want) {
				t.Fatalf("order %v, want %v", got, want)
			}
			wantIn(t, p, `<option value="due" selected>Due soonest</option>`, `href="/inbox?agent=me&amp;sort=due"`,
				"Requests, soonest due first")
		})
		t.Run("OldestWaitingFirst", func(t *testing.T) {
			p := marie.get("/inbox?sort=oldest")
			if got, want := rowOrder(t, p, all...), []int64{r2.Number, r3.Number, r4.Number, r1.Number}; !slices.Equal(got, want) {
				t.Fatalf("order %v, want %v", got, want)
			}
		})
		t.Run("RowsMarkTheNearestDueTimeAtRiskThenBreached", func(t *testing.T) {
			s.clock.Set(t, "2025-03-03 12:30 -0500") // r1 used 3 h 30 of 4 h; r2 3 h
			p := marie.get("/inbox?sort=due")
			r1Row := between(p.body, row(r1.Number), "</tr>")
			r2Row := between(p.body, row(r2.Number), "</tr>")
			if !strings.Contains(r1Row, `class="deadline state-at_risk"`) || !strings.Contains(r1Row, "At risk") ||
				!strings.Contains(r1Row, `datetime="2025-03-03T18:00:00Z"`) {
				t.Fatalf("r1 row: %s", r1Row)
			}
			if strings.Contains(r2Row, "At risk") || !strings.Contains(r2Row, `class="deadline state-running"`) {
				t.Fatalf("r2 row: %s", r2Row)
			}
			s.clock.Set(t, "2025-03-03 13:10 -0500")
			r1Row = between(marie.get("/inbox?sort=due").body, row(r1.Number), "</tr>")
			if !strings.Contains(r1Row, `class="deadline state-breached"`) || !strings.Contains(r1Row, "Breached") {
				t.Fatalf("r1 row: %s", r1Row)
			}
		})
		t.Run("TagFilter", func(t *testing.T) {
			p := marie.get("/inbox?tag=Carton")
			wantIn(t, p, row(r4.Number), `name="tag" value="Carton"`)
			wantOut(t, p, row(r1.Number), row(r2.Number), row(r3.Number))
		})
		t.Run("BulkAssignToTheAgentChosen", func(t *testing.T) {
			marie.get("/inbox")
			p := marie.post("/inbox/bulk", url.Values{"action": {"assign"}, "agent": {itoa(s.jean.PersonID)},
				"n": {itoa(r2.Number), itoa(r4.Number)}, "back": {"/inbox"}})
			wantIn(t, p, "2 request(s) changed.", `<option value="`+itoa(s.jean.PersonID)+`">Jean Côté</option>`)
			for _, n := range []int64{r2.Number, r4.Number} {
				d, err := s.st.Request(ctx, s.marie, n)
				must(t, err)
				if d.AgentID == nil || *d.AgentID != s.jean.PersonID {
					t.Fatalf("#%d assigned to %v", n, d.AgentID)
				}
			}
			p = marie.post("/inbox/bulk", url.Values{"action": {"assign"}, "agent": {""}, "n": {itoa(r3.Number)}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("no agent: %d", p.status)
			}
			wantIn(t, p, "Check the field “Agent”")
		})
		t.Run("BadOrderIsExplained", func(t *testing.T) {
			p := marie.get("/inbox?sort=priority")
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Order”")
		})
	})
}
