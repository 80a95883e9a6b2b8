package store_test

import (
	"fmt"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
)

func TestBulkLoad(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		base := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
		var reqs []store.BulkRequest
		for i := range 30 {
			at := base.Add(time.Duration(i) * time.Hour)
			r := store.BulkRequest{Subject: fmt.Sprintf("Colis %d perdu", i), Status: desk.StatusOpen, Priority: desk.PriorityNormal,
				DepartmentID: f.billing.ID, RequesterID: f.alice.PersonID, CreatedAt: at, UpdatedAt: at.Add(time.Minute),
				Messages: []store.BulkMessage{
					{Kind: desk.KindRequester, AuthorID: f.alice.PersonID, Body: "Mon colis est perdu", CreatedAt: at},
					{Kind: desk.KindNote, AuthorID: f.agent.PersonID, Body: "transporteur xylophone", CreatedAt: at.Add(time.Second)},
					{Kind: desk.KindReply, AuthorID: f.agent.PersonID, Body: "Nous cherchons", CreatedAt: at.Add(time.Minute)},
				}}
			if i%3 == 0 {
				r.Status, r.AgentID = desk.StatusSolved, f.billingAgent.PersonID
			}
			reqs = append(reqs, r)
		}
		must(t, s.BulkLoad(ctx, reqs))
		t.Run("loaded requests list like any other", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{DepartmentID: f.billing.ID, Status: []desk.Status{desk.StatusOpen}, Limit: 100})
			must(t, err)
			if len(p.Requests) != 20 || p.Requests[0].Subject != "Colis 29 perdu" || p.Requests[0].PublicReplies != 1 {
				t.Fatalf("open in billing = %d, first %+v", len(p.Requests), p.Requests[0])
			}
			if p.Requests[0].OrganisationID == nil || *p.Requests[0].OrganisationID != f.org.ID {
				t.Fatalf("organisation not taken from the requester: %+v", p.Requests[0])
			}
		})
		t.Run("with messages, events and search documents", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "colis xylophone"})
			must(t, err)
			if len(p.Requests) != 30 {
				t.Fatalf("search found %d", len(p.Requests))
			}
			p, err = s.ListRequests(ctx, f.alice, desk.RequestFilter{Query: "xylophone"})
			must(t, err)
			if len(p.Requests) != 0 {
				t.Fatalf("requester found %d through notes", len(p.Requests))
			}
			d, err := s.Request(ctx, f.agent, p2num(t, s, f))
			must(t, err)
			if len(d.Messages) != 3 || len(d.Events) != 3 || d.SolvedAt == nil {
				t.Fatalf("detail: %d messages, %d events, solved %v", len(d.Messages), len(d.Events), d.SolvedAt)
			}
		})
		t.Run("a bad batch writes nothing", func(t *testing.T) {
			before := counts(t, s)
			bad := []store.BulkRequest{reqs[0], {Subject: "x", Status: desk.StatusNew, Priority: desk.PriorityLow,
				DepartmentID: 999999, RequesterID: f.alice.PersonID, CreatedAt: base, UpdatedAt: base}}
			if err := s.BulkLoad(ctx, bad); err == nil {
				t.Fatal("BulkLoad accepted an unknown department")
			}
			sameCounts(t, before, counts(t, s))
		})
	})
}

// p2num returns the number of the first bulk-loaded solved request.
func p2num(t *testing.T, s *store.Store, f *fixture) int64 {
	p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Status: []desk.Status{desk.StatusSolved}, Limit: 1})
	must(t, err)
	if len(p.Requests) == 0 {
		t.Fatal("no solved request")
	}
	return p.Requests[0].Number
}

func TestRawInsertRate(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rate, err := f.s.RawInsertRate(ctx, 20)
		must(t, err)
		if rate <= 0 || f.s.CountRows(t, "raw_insert_scratch") != 0 {
			t.Fatalf("rate %f, scratch rows left %d", rate, f.s.CountRows(t, "raw_insert_scratch"))
		}
		if _, err := f.s.RawInsertRate(ctx, 0); err == nil {
			t.Fatal("n = 0 accepted")
		}
	})
}
