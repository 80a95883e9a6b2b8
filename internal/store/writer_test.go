package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
)

func TestWriterCancelAndClose(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		t.Run("a cancelled caller writes nothing and does not disturb others", func(t *testing.T) {
			before := s.CountRows(t, "requests")
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			var wg sync.WaitGroup
			errs := make([]error, 20)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := ctx
					if i%2 == 0 {
						c = cancelled
					}
					_, errs[i] = s.CreateRequest(c, f.agent, desk.NewRequest{Subject: fmt.Sprint(i), Body: "b", RequesterEmail: "w@x.example"})
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if (i%2 == 0) != (err != nil) {
					t.Fatalf("request %d: err = %v", i, err)
				}
			}
			if got := s.CountRows(t, "requests") - before; got != 10 {
				t.Fatalf("%d requests written, want 10", got)
			}
		})
	})
	t.Run("writes after Close fail instead of hanging", func(t *testing.T) {
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"), store.Options{})
		must(t, err)
		must(t, s.Migrate(ctx))
		must(t, s.Close())
		err = s.CreateOrganisation(ctx, desk.SystemActor, &desk.Organisation{Name: "late"})
		if err == nil {
			t.Fatal("write after Close succeeded")
		}
	})
}
