package store_test

import (
	"fmt"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

func TestSearch(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		shipped := f.open(t, "Commande livrée en retard", "Ma commande de crayons n'est jamais arrivée à l'école.", f.alice)
		invoice := f.open(t, "Wrong invoice", "The invoices for March were sent twice.", f.carol)
		search := func(a desk.Actor, q string) []int64 {
			t.Helper()
			p, err := s.ListRequests(ctx, a, desk.RequestFilter{Query: q})
			must(t, err)
			return numbers(p)
		}
		t.Run("matches stems and ignores accents and case", func(t *testing.T) {
			for _, q := range []string{"commandes", "LIVREE", "ecole", "arrivee crayon", "invoice", "Invoices march"} {
				if got := search(f.agent, q); len(got) != 1 {
					t.Errorf("%q found %v", q, got)
				}
			}
			if got := search(f.agent, "crayons invoice"); len(got) != 0 {
				t.Errorf("words are not ANDed: %v", got)
			}
		})
		t.Run("any input is plain text and never an error", func(t *testing.T) {
			for _, q := range []string{`"`, `*`, `commande*`, `NEAR(commande livree)`, `pub:commande`, `a & b | !c`,
				`(((`, `'; DROP TABLE requests; --`, `commande OR invoice`, `\x00`, "\xff\xfe", `:*`, `{pub priv}:x`} {
				if _, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: q}); err != nil {
					t.Errorf("query %q: %v", q, err)
				}
			}
			if got := search(f.agent, "commande OR invoice"); len(got) != 0 {
				t.Errorf("OR was an operator: %v", got)
			}
		})
		t.Run("requesters search only their own requests", func(t *testing.T) {
			if got := search(f.carol, "commande"); len(got) != 0 {
				t.Fatalf("carol found %v", got)
			}
			if got := search(f.alice, "commande"); fmt.Sprint(got) != fmt.Sprint([]int64{shipped.Number}) {
				t.Fatalf("alice found %v", got)
			}
		})
		t.Run("results are newest request first, paged", func(t *testing.T) {
			more := f.open(t, "Another invoice", "invoice again", f.carol)
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "invoice", Limit: 1})
			must(t, err)
			if len(p.Requests) != 1 || p.Requests[0].Number != more.Number || p.NextCursor == "" {
				t.Fatalf("page 1 = %v %q", numbers(p), p.NextCursor)
			}
			p, err = s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "invoice", Limit: 1, Cursor: p.NextCursor})
			must(t, err)
			if len(p.Requests) != 1 || p.Requests[0].Number != invoice.Number {
				t.Fatalf("page 2 = %v", numbers(p))
			}
		})
		t.Run("search combines with filters", func(t *testing.T) {
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "invoice", DepartmentID: f.billing.ID})
			must(t, err)
			if len(p.Requests) != 0 {
				t.Fatalf("found %v in billing", numbers(p))
			}
		})
	})
}

// The search index merges sixteen segments at a time, not FTS5's default
// four, so that a large desk's writes stay cheap; and it does so in small
// steps: a level is merged whole in one commit (a "crisis merge", seconds
// long at a million requests) only past 64 segments, never as soon as
// automerge would start on it (set when the search file is made,
// sqlite_search.go).
func TestSearchIndexMergesSixteenAtATimeInSmallSteps(t *testing.T) {
	s := storetest.Engines(t)[0].Open(t)
	conf := map[string]int{}
	for _, k := range []string{"automerge", "crisismerge"} {
		var v int
		if err := s.QueryRowForTest(`SELECT v FROM request_search_config WHERE k = $1`, k).Scan(&v); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		conf[k] = v
	}
	if conf["automerge"] != 16 || conf["crisismerge"] <= conf["automerge"] {
		t.Fatalf("search index merge settings %v: want automerge 16 and crisismerge above it", conf)
	}
}

// However common its words, a search pages through every match newest
// first: on PostgreSQL through a window of the newest requests when it holds
// a page (common words) and through the index otherwise (rare ones), the
// cursor carried from one to the other.
func TestSearchPagesThroughCommonAndRareWords(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		store.SetSearchWindows(t, 3)
		rare := f.open(t, "Palette brisée", "La palette est arrivée brisée.", f.alice)
		var carton []int64
		for i := range 6 {
			r := f.open(t, fmt.Sprint("Carton ", i), "Un carton manque.", f.alice)
			carton = append([]int64{r.Number}, carton...)
		}
		var got []int64
		cur := ""
		for range 4 {
			p, err := f.s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "carton", Limit: 2, Cursor: cur})
			must(t, err)
			got = append(got, numbers(p)...)
			if cur = p.NextCursor; cur == "" {
				break
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(carton) {
			t.Fatalf("pages of carton: %v, want %v", got, carton)
		}
		p, err := f.s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "palette", Limit: 2})
		must(t, err)
		if n := numbers(p); len(n) != 1 || n[0] != rare.Number {
			t.Fatalf("palette: %v, want [%d]", n, rare.Number)
		}
		p, err = f.s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: "brisée carton", Limit: 2})
		must(t, err)
		if len(p.Requests) != 0 {
			t.Fatalf("no request has both words: %v", numbers(p))
		}
	})
}
