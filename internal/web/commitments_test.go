package web

import (
	"cmp"
	"net/http"
	"net/url"
	"testing"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// commitSite is a site whose store runs on a clock the test moves, starting
// on Monday 3 March 2025 at 09:00 in Montréal, with the commitments of
// withCommitments: a service standard for Billing (first response 4 h, next
// response 2 h, resolution 2 days) and an agreement by which Shipping answers
// Billing within a business day. Jean works in Shipping.
type commitSite struct {
	*site
	clock *storetest.Clock
	jean  desk.Actor
}

func eachCommitSite(t *testing.T, fn func(t *testing.T, s *commitSite)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clk := &storetest.Clock{}
			clk.Set(t, "2025-03-03 09:00 -0500")
			s := &commitSite{site: newSiteOn(t, e.OpenWith(t, store.Options{Now: clk.Now})), clock: clk}
			s.jean = withCommitments(t, s.site)
			fn(t, s)
		})
	}
}

// billingRequest opens a request owned by Billing at the clock's time.
func (s *commitSite) billingRequest(subject string) *desk.Request {
	s.t.Helper()
	r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: subject, Body: "J'ai été facturée deux fois.",
		RequesterEmail: "julie@ecole-soleil.example", RequesterName: "Julie Roy", DepartmentID: s.billing.ID})
	must(s.t, err)
	return r
}

// clockItem is the page's line for one clock, up to its state.
func clockItem(kind, due, state string) string {
	return `data-testid="clock-` + kind + `">` + "\n      " + `<span class="clock-name">` + map[string]string{
		"first_response": "First response", "next_response": "Next response", "resolution": "Resolution"}[kind] +
		`</span>` + "\n      " + `<time datetime="` + due + `">`
}

func TestRequestCommitments(t *testing.T) {
	eachCommitSite(t, func(t *testing.T, s *commitSite) {
		r := s.billingRequest("Facture en double")
		path := "/requests/" + itoa(r.Number)
		paul := s.signedInAs("paul@guichet.example")

		t.Run("ShowsTheStandardAndEachClockWithItsState", func(t *testing.T) {
			p := paul.get(path)
			wantIn(t, p, `<strong data-testid="standard">Billing within the day</strong>`,
				clockItem("first_response", "2025-03-03T18:00:00Z", ""), clockItem("resolution", "2025-03-05T14:00:00Z", ""),
				`<span class="clock-state state-running"><span aria-hidden="true" class="icon">◷</span> On time</span>`)
			wantOut(t, p, `data-testid="clock-next_response"`) // nothing to answer yet
		})
		t.Run("AtRiskThenBreachedAreMarkedInWords", func(t *testing.T) {
			s.clock.Set(t, "2025-03-03 12:30 -0500") // 3 h 30 of 4 h used
			p := paul.get(path)
			wantIn(t, p, `<span class="clock-state state-at_risk"><span aria-hidden="true" class="icon">⚠</span> At risk</span>`)
			s.clock.Set(t, "2025-03-03 13:30 -0500")
			p = paul.get(path)
			wantIn(t, p, `<span class="clock-state state-breached"><span aria-hidden="true" class="icon">✕</span> Breached</span>`)
		})
		t.Run("ConsultingOurOwnDepartmentIsRefusedAndSaysWhy", func(t *testing.T) {
			paul.get(path)
			p := paul.post(path+"/consults", url.Values{"department": {itoa(s.billing.ID)}, "question": {"Qui s'en occupe ?"}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "The department that owns this request cannot be consulted", "Qui s&#39;en occupe ?")
			fr := s.signedInAs("paul@guichet.example")
			fr.post("/language", url.Values{"lang": {"fr-CA"}, "next": {path}})
			p = fr.post(path+"/consults", url.Values{"department": {itoa(s.billing.ID)}, "question": {"Qui s'en occupe ?"}})
			wantIn(t, p, "On ne peut pas consulter le service qui détient cette demande")
			if list, err := s.st.Consults(ctx, s.paul, r.Number); err != nil || len(list) != 0 {
				t.Fatalf("consults %v %v", list, err)
			}
		})
		t.Run("ConsultAnotherDepartmentUnderTheAgreement", func(t *testing.T) {
			paul.get(path)
			p := paul.post(path+"/consults", url.Values{"department": {itoa(s.shipping.ID)}, "question": {"Le colis 4471 est-il parti ?"}})
			wantIn(t, p, "Shipping was consulted; the request waits on its answer.", "Le colis 4471 est-il parti ?",
				"Waiting for an answer", `Answer due under the agreement: <time datetime="2025-03-04T18:30:00Z">`,
				`data-testid="waiting-on">Waiting on Shipping until <time datetime="2025-03-04T18:30:00Z">`,
				`badge status-waiting_department`, "consulted Shipping: Le colis 4471 est-il parti ?")
			wantOut(t, p, `/answer"`) // Paul is not in Shipping: he cannot answer for it
		})
		t.Run("TheConsultedDepartmentAnswersFromThePage", func(t *testing.T) {
			jean := s.signedInAs("jean@guichet.example")
			p := jean.get(path)
			wantIn(t, p, `/answer"`, "Answer for Shipping")
			action := between(p.body, `<form method="post" action="`+path+`/consults/`, `"`)
			p = jean.post(path+"/consults/"+action, url.Values{"answer": {"Parti ce matin, livraison jeudi."}, "final": {"1"}})
			wantIn(t, p, "Answer sent.", `data-testid="consult-answer"><p>Parti ce matin, livraison jeudi.</p>`,
				"Answered", `badge status-open`, `class="msg msg-note"`)
			wantOut(t, p, `data-testid="waiting-on"`)
		})
		t.Run("PromiseAndKeepIt", func(t *testing.T) {
			paul.get(path)
			p := paul.post(path+"/promises", url.Values{"text": {"Je vous rappelle jeudi."}, "due": {"2025-03-06T10:00"}})
			due, err := time.ParseInLocation(dueLayout, "2025-03-06T10:00", time.Local)
			must(t, err)
			wantIn(t, p, "Promise recorded.", `<p class="promise-text">Je vous rappelle jeudi.</p>`,
				`<span class="promise-state state-pending"> Open</span>`, `datetime="`+due.UTC().Format(time.RFC3339)+`"`,
				"promised: Je vous rappelle jeudi.")
			action := between(p.body, `<form method="post" action="`+path+`/promises/`, `"`)
			p = paul.post(path+"/promises/"+action, nil)
			wantIn(t, p, "Promise kept.", `<span class="promise-state state-kept"><span aria-hidden="true">✓</span> Kept</span>`)
			wantOut(t, p, `/kept"`)
		})
		t.Run("APromiseNotKeptByItsTimeIsBroken", func(t *testing.T) {
			paul.get(path)
			soon := s.clock.Now().Add(time.Hour).Local().Format(dueLayout)
			paul.post(path+"/promises", url.Values{"text": {"Je vous écris dans l'heure."}, "due": {soon}})
			s.clock.Set(t, "2025-03-03 15:00 -0500")
			wantIn(t, paul.get(path), `<span class="promise-state state-broken"><span aria-hidden="true">✕</span> Broken</span>`)
		})
		t.Run("APromiseInThePastIsRefusedAndKeepsWhatWasTyped", func(t *testing.T) {
			paul.get(path)
			p := paul.post(path+"/promises", url.Values{"text": {"Trop tard"}, "due": {"2025-03-01T10:00"}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “By”", `value="Trop tard"`, `value="2025-03-01T10:00"`)
		})
	})
}

func TestCommitmentsReadOnly(t *testing.T) {
	eachCommitSite(t, func(t *testing.T, s *commitSite) {
		r := s.billingRequest("Facture")
		path := "/requests/" + itoa(r.Number)
		p := desk.Person{Name: "Rita Reader", Kind: desk.InternalPerson, Emails: []string{"rita@guichet.example"}, Language: desk.English}
		must(t, s.st.CreatePerson(ctx, desk.SystemActor, &p))
		must(t, s.st.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleReadOnly, Active: true}))
		must(t, s.st.SetPassword(ctx, p.ID, testPassword))
		rita := s.signedInAs("rita@guichet.example")
		page := rita.get(path)
		wantIn(t, page, "Billing within the day", "No other department was consulted.")
		wantOut(t, page, `action="`+path+`/consults"`, `action="`+path+`/promises"`)
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{path + "/consults", url.Values{"department": {itoa(s.shipping.ID)}, "question": {"?"}}},
			{path + "/promises", url.Values{"text": {"x"}, "due": {"2025-03-06T10:00"}}},
		} {
			if got := rita.post(post.path, post.form); got.status != http.StatusForbidden {
				t.Fatalf("read-only %s: %d", post.path, got.status)
			}
		}
	})
}

// TestCommitmentWords checks that every state and event of the commitments
// the pages show is translated in both languages.
func TestCommitmentWords(t *testing.T) {
	cats, err := loadCatalogues()
	must(t, err)
	var keys []string
	for _, s := range []string{"running", "at_risk", "paused", "met", "breached"} {
		keys = append(keys, "clockstate."+s)
	}
	for _, k := range []string{commit.KindFirstResponse, commit.KindNextResponse, commit.KindResolution} {
		keys = append(keys, "clock."+k)
	}
	for _, s := range []commit.ConsultState{commit.ConsultOpen, commit.ConsultAnswered} {
		keys = append(keys, "consult.state."+string(s))
	}
	for _, s := range []commit.PromiseState{commit.PromisePending, commit.PromiseKept, commit.PromiseBroken} {
		keys = append(keys, "promise.state."+string(s), "flash.promise_"+string(s))
	}
	for _, e := range []string{"consult.opened", "consult.answered", "promise.made", "promise.kept"} {
		keys = append(keys, "event."+e)
	}
	for _, s := range sorts {
		keys = append(keys, "sort."+cmp.Or(string(s), "activity"))
	}
	for _, k := range keys {
		for _, l := range langs {
			if !cats[l].Has(k) {
				t.Errorf("%s lacks %q", l, k)
			}
		}
	}
}
