package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func TestEscalationAndNotificationsPages(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clock := &storetest.Clock{}
			clock.Set(t, "2025-03-03 08:00 -0500")
			s := newSiteWith(t, e, store.Options{Now: clock.Now})
			ada := s.adminBrowser()
			dept := fmt.Sprintf("/admin/departments/%d", s.billing.ID)
			form := url.Values{"pickup_within": {"2h"}, "lead_ids": {fmt.Sprint(s.paul.PersonID)},
				"step_owner": {"on"}, "step_leads": {"on"}, "after_leads": {"1h"}}
			t.Run("StepsOutOfOrderAreRefusedAndNothingSaved", func(t *testing.T) {
				ada.get(dept)
				bad := url.Values{"pickup_within": {"2h"}, "step_owner": {"on"}, "after_owner": {"2h"}, "step_leads": {"on"},
					"after_leads": {"1h"}}
				p := ada.post(dept+"/escalation", bad)
				if p.status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d", p.status)
				}
				wantIn(t, p, "second step", `value="2h"`)
				if ch, err := s.st.Escalation(ctx, desk.SystemActor, s.billing.ID); err != nil || ch.Configured {
					t.Fatalf("saved anyway: %+v %v", ch, err)
				}
			})
			t.Run("TheAdminSavesTheChain", func(t *testing.T) {
				ada.get(dept)
				p := ada.post(dept+"/escalation", form)
				wantIn(t, p, "Saved", `id="lead-`+fmt.Sprint(s.paul.PersonID)+`" name="lead_ids" value="`+fmt.Sprint(s.paul.PersonID)+`" checked`)
				ch, err := s.st.Escalation(ctx, desk.SystemActor, s.billing.ID)
				must(t, err)
				if !ch.Configured || len(ch.Steps) != 2 || ch.PickupWithin.String() != "2h" || ch.LeadIDs[0] != s.paul.PersonID {
					t.Fatalf("chain %+v", ch)
				}
				if p := s.signedIn().post(dept+"/escalation", form); p.status != http.StatusForbidden {
					t.Fatalf("an agent saved a chain: %d", p.status)
				}
			})
			clock.Set(t, "2025-03-03 09:00 -0500")
			r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: "Facture en double", Body: "Deux fois.",
				RequesterEmail: "julie@ecole-soleil.example", DepartmentID: s.billing.ID})
			must(t, err)
			clock.Set(t, "2025-03-03 11:00 -0500")
			if _, err := s.st.FireDue(ctx, 100); err != nil {
				t.Fatal(err)
			}
			paul := s.newBrowser("en")
			paul.signIn("paul@guichet.example", testPassword)
			t.Run("TheLeadSeesTheCountAndTheNotification", func(t *testing.T) {
				wantIn(t, paul.get("/inbox"), `data-testid="nav-notifications">Notifications <span class="badge"`)
				p := paul.get("/notifications")
				wantIn(t, p, fmt.Sprintf(`href="/requests/%d">#%d Facture en double`, r.Number, r.Number),
					"Waiting for an agent in Billing for more than 2h of business time — you are told as lead of Billing.")
				wantOut(t, s.signedIn().get("/notifications"), "Facture en double") // Marie is not told
			})
			t.Run("TheRequestRecordsTheEscalation", func(t *testing.T) {
				wantIn(t, paul.get(fmt.Sprintf("/requests/%d", r.Number)),
					"Escalated to Paul Gagnon, lead of Billing: waiting for an agent in Billing for more than 2h of business time")
			})
			t.Run("OpeningTheRequestReadsItsNotification", func(t *testing.T) {
				if n, _ := s.st.UnreadNotifications(ctx, s.paul); n != 0 {
					t.Fatalf("%d unread after Paul opened the request", n)
				}
				wantOut(t, paul.get("/inbox"), `class="badge"`)
			})
			t.Run("MarkAllRead", func(t *testing.T) {
				paul.get("/notifications")
				p := paul.post("/notifications/read", nil)
				wantOut(t, p, `class="badge"`)
				if n, _ := s.st.UnreadNotifications(ctx, s.paul); n != 0 {
					t.Fatalf("%d unread", n)
				}
				if p := paul.post("/notifications/read", url.Values{"csrf": {"forged"}}); p.status != http.StatusForbidden {
					t.Fatalf("a forged form was accepted: %d", p.status)
				}
			})
			t.Run("FrenchPage", func(t *testing.T) {
				fr := s.newBrowser("fr-CA")
				fr.signIn("paul@guichet.example", testPassword)
				fr.post("/language", url.Values{"lang": {"fr-CA"}, "next": {"/notifications"}}) // Paul reads English otherwise
				p := fr.get("/notifications")
				if !strings.Contains(p.body, "Attend un agent à Billing depuis plus de 2h ouvrables") {
					t.Fatalf("french notification missing: %s", excerpt(p.body))
				}
			})
		})
	}
}
