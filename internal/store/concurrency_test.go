package store_test

import (
	"fmt"
	"sync"
	"testing"

	"guichet/internal/desk"
)

// TestConcurrentWrites runs many writers at once: on SQLite they share
// group-commit transactions, where one failing operation must not affect the
// others; on PostgreSQL they race for the same new requester.
func TestConcurrentWrites(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := f.s
		const n = 64
		before := s.CountRows(t, "requests")
		people := s.CountRows(t, "people")
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := desk.NewRequest{Subject: fmt.Sprint("parallel ", i), Body: "b", RequesterEmail: "same.new@crowd.example"}
				if i%4 == 3 {
					in.DepartmentSlug = "no-such-department" // fails inside the shared transaction
					in.RequesterEmail = fmt.Sprintf("failing%d@crowd.example", i)
				}
				_, errs[i] = s.CreateRequest(ctx, f.agent, in)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if i%4 == 3 {
				wantCode(t, err, desk.CodeInvalid, "department")
			} else if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		if got := s.CountRows(t, "requests") - before; got != n*3/4 {
			t.Fatalf("%d requests created, want %d", got, n*3/4)
		}
		if got := s.CountRows(t, "people") - people; got != 1 {
			t.Fatalf("%d people created, want exactly one for the shared address", got)
		}
	})
}
