package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// TestScale loads GUICHET_SCALE_REQUESTS generated requests (5 messages each)
// into a SQLite store and logs the p50/p95 of a department queue and of
// full-text searches. It asserts nothing about time (guichet bench does);
// it is skipped unless the variable is set, and GUICHET_SCALE_DB keeps the
// database at that path for reuse.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GUICHET_SCALE_REQUESTS"))
	if n <= 0 {
		t.Skip("set GUICHET_SCALE_REQUESTS to run")
	}
	path := os.Getenv("GUICHET_SCALE_DB")
	if path == "" {
		path = t.TempDir() + "/scale.db"
	}
	s, err := store.Open(ctx, path, store.Options{})
	must(t, err)
	defer s.Close()
	must(t, s.Migrate(ctx))
	empty, err := s.IsEmpty(ctx)
	must(t, err)
	depts, agents, people := scaleDirectory(t, s, empty)
	if empty {
		start := time.Now()
		scaleLoad(t, s, n, depts, agents, people)
		t.Logf("loaded %d requests in %s", n, time.Since(start))
	}
	sys := desk.SystemActor
	measure(t, "queue: 50 newest open of one department", 200, func(i int) {
		_, err := s.ListRequests(ctx, sys, desk.RequestFilter{DepartmentID: depts[i%len(depts)], Status: []desk.Status{desk.StatusOpen}})
		must(t, err)
	})
	measure(t, "queue: new+open of one department", 200, func(i int) {
		_, err := s.ListRequests(ctx, sys, desk.RequestFilter{DepartmentID: depts[i%len(depts)],
			Status: []desk.Status{desk.StatusNew, desk.StatusOpen}})
		must(t, err)
	})
	measure(t, "list: 50 newest, no filter", 200, func(i int) {
		_, err := s.ListRequests(ctx, sys, desk.RequestFilter{})
		must(t, err)
	})
	for _, q := range []string{"commande", "facture remboursement", "livraison retard colis", "imprimante", "zzzrare", "mot" + strconv.Itoa(1999)} {
		measure(t, "search "+q, 100, func(i int) {
			_, err := s.ListRequests(ctx, sys, desk.RequestFilter{Query: q})
			must(t, err)
		})
	}
	measure(t, "search in one department: commande", 100, func(i int) {
		_, err := s.ListRequests(ctx, sys, desk.RequestFilter{Query: "commande", DepartmentID: depts[i%len(depts)]})
		must(t, err)
	})
	measure(t, "search by a requester: commande", 100, func(i int) {
		a, err := s.ActorFor(ctx, people[i%len(people)])
		must(t, err)
		_, err = s.ListRequests(ctx, a, desk.RequestFilter{Query: "commande"})
		must(t, err)
	})
}

func measure(t *testing.T, name string, runs int, fn func(i int)) {
	d := make([]time.Duration, runs)
	for i := range runs {
		start := time.Now()
		fn(i)
		d[i] = time.Since(start)
	}
	slices.Sort(d)
	t.Logf("%-45s p50 %8s  p95 %8s  max %8s", name, d[runs/2].Round(time.Microsecond), d[runs*95/100].Round(time.Microsecond),
		d[runs-1].Round(time.Microsecond))
}

var scaleWords = strings.Fields(`commande facture remboursement livraison retard colis imprimante réseau mot de passe
	compte client paiement carte crédit adresse erreur produit pièce école soleil bureau horaire rendez-vous
	order invoice refund shipping delay parcel printer network password account customer payment card address
	error product part school office schedule appointment bonjour merci hello thanks please svp urgent
	problème question demande information mauvaise reçu wrong received broken cassé manquant missing`)

func scaleText(r *rand.Rand, words int) string {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if r.IntN(3) == 0 {
			b.WriteString(scaleWords[r.IntN(len(scaleWords))])
		} else {
			fmt.Fprintf(&b, "mot%d", int(r.ExpFloat64()*300)%2000)
		}
	}
	return b.String()
}

func scaleDirectory(t *testing.T, s *store.Store, create bool) (depts, agents, people []int64) {
	sys := desk.SystemActor
	if !create {
		ds, err := s.Departments(ctx, sys)
		must(t, err)
		for _, d := range ds {
			depts = append(depts, d.ID)
		}
		ags, err := s.Agents(ctx, sys)
		must(t, err)
		for _, a := range ags {
			agents = append(agents, a.PersonID)
		}
		ps, err := s.People(ctx, sys, "client", 200)
		must(t, err)
		for _, p := range ps {
			people = append(people, p.ID)
		}
		return
	}
	for i := range 40 {
		d := desk.Department{Slug: fmt.Sprint("dept-", i), Name: fmt.Sprint("Department ", i)}
		must(t, s.CreateDepartment(ctx, sys, &d))
		depts = append(depts, d.ID)
	}
	for i := range 200 {
		p := desk.Person{Name: fmt.Sprint("Agent ", i), Kind: desk.InternalPerson, Emails: []string{fmt.Sprintf("agent%d@desk.example", i)}}
		must(t, s.CreatePerson(ctx, sys, &p))
		must(t, s.CreateAgent(ctx, sys, &desk.Agent{PersonID: p.ID, DepartmentIDs: []int64{depts[i%40]}}))
		agents = append(agents, p.ID)
	}
	for i := range 5000 {
		p := desk.Person{Name: fmt.Sprint("Client ", i), Emails: []string{fmt.Sprintf("client%d@example.org", i)}}
		must(t, s.CreatePerson(ctx, sys, &p))
		people = append(people, p.ID)
	}
	return
}

func scaleLoad(t *testing.T, s *store.Store, n int, depts, agents, people []int64) {
	r := rand.New(rand.NewPCG(1, 2))
	statuses := []desk.Status{desk.StatusNew, desk.StatusOpen, desk.StatusWaitingRequester, desk.StatusSolved, desk.StatusClosed, desk.StatusClosed}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []store.BulkRequest
	for i := range n {
		at := start.Add(time.Duration(i) * 2 * time.Minute)
		req := store.BulkRequest{Subject: scaleText(r, 6), Status: statuses[r.IntN(len(statuses))], Priority: desk.PriorityNormal,
			DepartmentID: depts[r.IntN(len(depts))], RequesterID: people[r.IntN(len(people))], CreatedAt: at,
			UpdatedAt: at.Add(time.Duration(r.IntN(7200)) * time.Minute)}
		if r.IntN(2) == 0 {
			req.AgentID = agents[r.IntN(len(agents))]
		}
		for m := range 5 {
			kind, author := desk.KindRequester, req.RequesterID
			if m%2 == 1 {
				kind, author = desk.KindReply, agents[r.IntN(len(agents))]
			}
			if m == 4 {
				kind = desk.KindNote
			}
			req.Messages = append(req.Messages, store.BulkMessage{Kind: kind, AuthorID: author, Body: scaleText(r, 40),
				CreatedAt: at.Add(time.Duration(m) * time.Hour)})
		}
		batch = append(batch, req)
		if len(batch) == 2000 {
			must(t, s.BulkLoad(ctx, batch))
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		must(t, s.BulkLoad(ctx, batch))
	}
}
