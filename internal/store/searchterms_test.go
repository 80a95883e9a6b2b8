package store_test

import (
	"fmt"
	"strings"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// TestIndexMessageByMessage: a request's search row grows message by message
// (each adds its own terms) and always holds what an analysis of the whole
// conversation gives, so search finds what it found when every message
// re-analysed its conversation.
func TestIndexMessageByMessage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		search := func(a desk.Actor, q string) []int64 {
			t.Helper()
			p, err := s.ListRequests(ctx, a, desk.RequestFilter{Query: q})
			must(t, err)
			return numbers(p)
		}
		same := func(t *testing.T, number int64, step string) {
			t.Helper()
			stored, whole := s.SearchTerms(t, number)
			for side := range stored {
				if got, want := strings.Fields(stored[side]), strings.Fields(whole[side]); stored[side] != whole[side] {
					i := 0
					for i < min(len(got), len(want)) && got[i] == want[i] {
						i++
					}
					t.Fatalf("after %s, side %d: %d terms stored, %d from a whole analysis, first difference at %d",
						step, side, len(got), len(want), i)
				}
			}
		}
		first := inbound("first@ecole-soleil.example", "alice@ecole-soleil.example", "Crayons manquants",
			"Il manque deux boîtes de crayons.")
		r := ingest(t, f, first)
		same(t, r.Number, "the first mail")

		t.Run("a reply's terms are searchable, an internal note's never by the requester", func(t *testing.T) {
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Visibility: desk.Internal,
				Body: "Fournisseur Zanzibar en rupture, ne pas le dire au client."})
			must(t, err)
			same(t, r.Number, "an internal note")
			reply := inbound("second@ecole-soleil.example", "alice@ecole-soleil.example", "Re: Crayons manquants",
				"Toujours rien reçu, et la facture quetzalcoatl est arrivée.")
			reply.ReplyIDs = []string{first.MessageID}
			if got := ingest(t, f, reply); got.Number != r.Number || got.Created {
				t.Fatalf("reply %+v did not join #%d", got, r.Number)
			}
			same(t, r.Number, "a reply by mail")
			want := fmt.Sprint([]int64{r.Number})
			for _, q := range []string{"quetzalcoatl", "crayons quetzalcoatl", "boite facture"} {
				if got := search(f.alice, q); fmt.Sprint(got) != want {
					t.Errorf("alice searching %q found %v, want %s", q, got, want)
				}
			}
			if got := search(f.agent, "zanzibar quetzalcoatl"); fmt.Sprint(got) != want {
				t.Errorf("the agent searching the note and the reply found %v, want %s", got, want)
			}
			for _, a := range []desk.Actor{f.alice, f.bob} {
				if got := search(a, "zanzibar"); len(got) != 0 {
					t.Fatalf("requester %s found the internal note's word in %v", a.Name, got)
				}
			}
		})
		t.Run("agent replies and automatic mail", func(t *testing.T) {
			_, err := s.AddMessage(ctx, f.agent, r.Number, desk.NewMessage{Visibility: desk.Public,
				Body: "Nous expédions les crayons aujourd'hui par Purolator."})
			must(t, err)
			same(t, r.Number, "an agent's reply")
			auto := inbound("auto@ecole-soleil.example", "alice@ecole-soleil.example", "Absent du bureau",
				"Je suis absente jusqu'au lundi, vacances.")
			auto.ReplyIDs, auto.Auto = []string{first.MessageID}, "auto-reply"
			ingest(t, f, auto)
			same(t, r.Number, "an automatic reply")
			if got := search(f.alice, "purolator vacances"); fmt.Sprint(got) != fmt.Sprint([]int64{r.Number}) {
				t.Fatalf("alice found %v", got)
			}
		})
		t.Run("a request indexed before terms were kept is analysed whole at its next message", func(t *testing.T) {
			s.ForgetSearchTerms(t, r.Number)
			_, err := s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Visibility: desk.Public, Body: "Merci beaucoup."})
			must(t, err)
			same(t, r.Number, "a message without stored terms")
			if got := search(f.alice, "quetzalcoatl merci"); fmt.Sprint(got) != fmt.Sprint([]int64{r.Number}) {
				t.Fatalf("alice found %v", got)
			}
		})
		t.Run("the bound on terms is the one of a whole analysis", func(t *testing.T) {
			words := func(from, n int) string {
				var b strings.Builder
				for i := from; i < from+n; i++ {
					fmt.Fprintf(&b, "w%dz ", i)
				}
				return b.String()
			}
			big := f.open(t, "Inventaire", words(0, store.MaxDocTerms-50), f.bob)
			_, err := s.AddMessage(ctx, f.agent, big.Number, desk.NewMessage{Visibility: desk.Public, Body: words(store.MaxDocTerms-100, 200)})
			must(t, err)
			same(t, big.Number, "a reply past the bound")
			_, err = s.AddMessage(ctx, f.bob, big.Number, desk.NewMessage{Visibility: desk.Public, Body: "encore"})
			must(t, err)
			same(t, big.Number, "a reply to a full row")
			if got := search(f.agent, fmt.Sprintf("w%dz", store.MaxDocTerms+50)); len(got) != 0 {
				t.Fatalf("a term past the bound was indexed: %v", got)
			}
		})
	})
}
