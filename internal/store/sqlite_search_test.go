package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// openAt opens and migrates the SQLite store at path, closed when the test ends.
func openAt(t *testing.T, path string, migrate bool) *store.Store {
	t.Helper()
	s, err := store.Open(ctx, path, store.Options{Now: newClock().Now})
	must(t, err)
	t.Cleanup(func() { s.Close() })
	if migrate {
		must(t, s.Migrate(ctx))
	}
	return s
}

func searchFor(t *testing.T, s *store.Store, a desk.Actor, q string) []int64 {
	t.Helper()
	p, err := s.ListRequests(ctx, a, desk.RequestFilter{Query: q})
	must(t, err)
	return numbers(p)
}

// The SQLite search index is a file of its own, derived from the main one:
// deleted, it is built again from every request, and what only agents may
// search (internal notes) stays out of requesters' searches.
func TestSearchFileBuiltAgainWhenMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	s := openAt(t, path, true)
	f := newFixture(t, s)
	pallet := f.open(t, "Palette brisée", "La palette de cahiers est arrivée brisée.", f.alice)
	_, err := s.AddMessage(ctx, f.agent, pallet.Number, desk.NewMessage{Visibility: desk.Internal,
		Body: "Transporteur Zanzibar, réclamation ouverte."})
	must(t, err)
	old := f.open(t, "Facture en double", "Nous avons reçu la facture deux fois.", f.bob)
	s.ForgetSearchTerms(t, old.Number) // indexed before terms were kept: analysed from its messages
	must(t, s.Close())
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(filepath.Join(filepath.Dir(path), "guichet.search.db"+suffix)); err != nil &&
			!os.IsNotExist(err) {
			t.Fatal(err)
		}
	}

	s = openAt(t, path, true)
	s.WaitSearchBuilt(t)
	for q, want := range map[string][]int64{"palette brisee": {pallet.Number}, "facture": {old.Number},
		"zanzibar": {pallet.Number}} {
		if got := searchFor(t, s, f.agent, q); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the agent searching %q found %v, want %v", q, got, want)
		}
	}
	if got := searchFor(t, s, f.alice, "zanzibar"); len(got) != 0 {
		t.Fatalf("alice found the internal note's word in %v", got)
	}
	if got := searchFor(t, s, f.alice, "palette"); fmt.Sprint(got) != fmt.Sprint([]int64{pallet.Number}) {
		t.Fatalf("alice searching her request found %v", got)
	}
}

// Changes committed while no indexer runs (a store opened without migrating,
// as by a command, or a server stopped before its indexer caught up) are
// indexed when one runs again, each request once however often it changed.
func TestSearchIndexCatchesUpOnChangesMadeWithoutIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	s := openAt(t, path, true)
	f := newFixture(t, s)
	must(t, s.Close())

	s = openAt(t, path, false) // no indexer
	f.s = s
	r := f.open(t, "Agrafeuses manquantes", "Il manque deux agrafeuses dans la boîte.", f.alice)
	for _, body := range []string{"Toujours rien reçu.", "Pouvez-vous vérifier l'entrepôt?"} {
		_, err := s.AddMessage(ctx, f.alice, r.Number, desk.NewMessage{Visibility: desk.Public, Body: body})
		must(t, err)
	}
	must(t, s.Close())

	s = openAt(t, path, true)
	for _, q := range []string{"agrafeuse", "entrepot", "agrafeuses recu"} {
		if got := searchFor(t, s, f.agent, q); fmt.Sprint(got) != fmt.Sprint([]int64{r.Number}) {
			t.Errorf("%q found %v, want [%d]", q, got, r.Number)
		}
	}
}

// A search sees every request whose creation returned before it started,
// even while others are being created.
func TestSearchFindsARequestAsSoonAsItIsCreated(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "guichet.db"), true)
	f := newFixture(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			word := fmt.Sprintf("colis%dx", i)
			r, err := s.CreateRequest(ctx, desk.SystemActor, desk.NewRequest{Subject: "Suivi " + word,
				Body: "Où en est mon colis?", RequesterEmail: fmt.Sprintf("client%d@example.org", i)})
			if err != nil {
				errs <- err
				return
			}
			p, err := s.ListRequests(ctx, f.agent, desk.RequestFilter{Query: word})
			if err != nil {
				errs <- err
				return
			}
			if got := numbers(p); fmt.Sprint(got) != fmt.Sprint([]int64{r.Number}) {
				errs <- fmt.Errorf("search for %s right after creating %d found %v", word, r.Number, got)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A database restored from a backup older than its search file gets its index
// built again: nothing found names a request the database does not hold, and
// what is created after the restore is found.
func TestSearchFileAheadOfARestoredDatabaseIsBuiltAgain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "guichet.db")
	s := openAt(t, path, true)
	f := newFixture(t, s)
	kept := f.open(t, "Cartables déchirés", "Les cartables sont arrivés déchirés.", f.alice)
	must(t, s.Close())
	backup := filepath.Join(dir, "backup.db")
	copyFile(t, path, backup) // closed cleanly: the WAL is checkpointed into the file

	s = openAt(t, path, true)
	f.s = s
	for i := range 3 {
		f.open(t, fmt.Sprint("Cartables en retard ", i), "Les cartables ne sont pas arrivés.", f.alice)
	}
	if got := searchFor(t, s, f.agent, "cartables"); len(got) != 4 {
		t.Fatalf("before the restore: %v", got)
	}
	must(t, s.Close())
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	copyFile(t, backup, path)

	s = openAt(t, path, true)
	f.s = s
	s.WaitSearchBuilt(t)
	if got := searchFor(t, s, f.agent, "cartables"); fmt.Sprint(got) != fmt.Sprint([]int64{kept.Number}) {
		t.Fatalf("after the restore, cartables found %v, want [%d]", got, kept.Number)
	}
	// The new request takes the number of one the restore lost: only its own words find it.
	added := f.open(t, "Trousse manquante", "Il manque une trousse.", f.alice)
	if got := searchFor(t, s, f.agent, "trousse"); fmt.Sprint(got) != fmt.Sprint([]int64{added.Number}) {
		t.Fatalf("after a new request, trousse found %v, want [%d]", got, added.Number)
	}
	if got := searchFor(t, s, f.agent, "retard"); len(got) != 0 {
		t.Fatalf("the words of requests the restore lost found %v", got)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	must(t, err)
	must(t, os.WriteFile(to, b, 0o600))
}
