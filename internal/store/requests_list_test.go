package store_test

import (
	"fmt"
	"testing"
	"time"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func numbers(p *desk.RequestPage) []int64 {
	out := make([]int64, len(p.Requests))
	for i, r := range p.Requests {
		out[i] = r.Number
	}
	return out
}

func TestListRequests(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		var all []*desk.Request
		for i := range 7 {
			in := desk.NewRequest{Subject: fmt.Sprintf("Demande %d", i), Body: "texte", RequesterEmail: "alice@ecole-soleil.example"}
			if i%2 == 1 {
				in.DepartmentID, in.RequesterEmail, in.Tags = f.billing.ID, "carol@ailleurs.example", []string{"odd"}
			}
			r, err := s.CreateRequest(ctx, f.agent, in)
			must(t, err)
			all = append(all, r)
		}
		t.Run("newest activity first", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{})
			must(t, err)
			if len(p.Requests) != 7 || p.Requests[0].Number != all[6].Number || p.Requests[6].Number != all[0].Number || p.NextCursor != "" {
				t.Fatalf("numbers = %v cursor %q", numbers(p), p.NextCursor)
			}
		})
		t.Run("pages with a cursor cover everything once", func(t *testing.T) {
			seen := map[int64]bool{}
			f2 := desk.RequestFilter{Limit: 3}
			for pages := 0; ; pages++ {
				p, err := s.ListRequests(ctx, f.agent, f2)
				must(t, err)
				for _, r := range p.Requests {
					if seen[r.Number] {
						t.Fatalf("#%d twice", r.Number)
					}
					seen[r.Number] = true
				}
				if p.NextCursor == "" {
					break
				}
				f2.Cursor = p.NextCursor
				if pages > 5 {
					t.Fatal("too many pages")
				}
			}
			if len(seen) != 7 {
				t.Fatalf("saw %d requests", len(seen))
			}
		})
		t.Run("filters by department, status, tag and requester", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{DepartmentID: f.billing.ID, Status: []desk.Status{desk.StatusNew}})
			must(t, err)
			if len(p.Requests) != 3 {
				t.Fatalf("billing = %v", numbers(p))
			}
			p, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Tag: "ODD"})
			must(t, err)
			if len(p.Requests) != 3 || p.Requests[0].Tags[0] != "odd" {
				t.Fatalf("tag = %v", numbers(p))
			}
			p, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Status: []desk.Status{desk.StatusClosed}})
			must(t, err)
			if len(p.Requests) != 0 {
				t.Fatalf("closed = %v", numbers(p))
			}
			p, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{RequesterID: f.alice.PersonID, Unassigned: true})
			must(t, err)
			if len(p.Requests) != 4 {
				t.Fatalf("alice = %v", numbers(p))
			}
		})
		t.Run("a requester lists only their own", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.carol, desk.RequestFilter{})
			must(t, err)
			if len(p.Requests) != 3 {
				t.Fatalf("carol = %v", numbers(p))
			}
			p, err = s.ListRequests(ctx, f.bob, desk.RequestFilter{RequesterID: f.alice.PersonID})
			must(t, err)
			if len(p.Requests) != 0 {
				t.Fatalf("bob sees alice's requests: %v", numbers(p))
			}
			_, err = s.Request(ctx, f.bob, all[0].Number)
			wantCode(t, err, desk.CodeNotFound)
			_, err = s.Request(ctx, f.carol, all[0].Number)
			wantCode(t, err, desk.CodeNotFound)
		})
		t.Run("an organisation that shares lets members read each other's", func(t *testing.T) {
			o := f.org
			o.SharedRequests = true
			must(t, s.UpdateOrganisation(ctx, f.admin, &o))
			bob, err := s.ActorFor(ctx, f.bob.PersonID)
			must(t, err)
			p, err := s.ListRequests(ctx, bob, desk.RequestFilter{})
			must(t, err)
			if len(p.Requests) != 4 {
				t.Fatalf("bob = %v", numbers(p))
			}
			if _, err := s.Request(ctx, bob, all[0].Number); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("bad filters are invalid", func(t *testing.T) {
			for _, c := range []string{"x", "!!!", "dTE=", "bjE", "dTEuMA"} {
				_, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Cursor: c})
				wantCode(t, err, desk.CodeInvalid, "cursor")
			}
			_, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Status: []desk.Status{"lost"}})
			wantCode(t, err, desk.CodeInvalid, "status")
			_, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Limit: 101})
			wantCode(t, err, desk.CodeInvalid, "limit")
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Limit: 2})
			must(t, err)
			_, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Cursor: p.NextCursor, Query: "demande"})
			wantCode(t, err, desk.CodeInvalid, "cursor")
		})
	})
}

// TestListTies checks keyset pagination when many requests share one timestamp.
func TestListTies(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := e.OpenWith(t, store.Options{Now: func() time.Time { return fixedTime }})
			for i := range 5 {
				_, err := s.CreateRequest(ctx, desk.SystemActor, desk.NewRequest{Subject: fmt.Sprint(i), Body: "b", RequesterEmail: "t@x.example"})
				must(t, err)
			}
			var got []int64
			f := desk.RequestFilter{Limit: 2}
			for {
				p, err := s.ListRequests(ctx, desk.SystemActor, f)
				must(t, err)
				got = append(got, numbers(p)...)
				if p.NextCursor == "" {
					break
				}
				f.Cursor = p.NextCursor
			}
			if fmt.Sprint(got) != "[5 4 3 2 1]" {
				t.Fatalf("pages = %v", got)
			}
		})
	}
}
