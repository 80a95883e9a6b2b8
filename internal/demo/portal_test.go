package demo_test

import (
	"context"
	"testing"

	"guichet/internal/demo"
	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// The demo's portal requester exists and, through the sharing school board,
// reads her own requests and her colleagues'.
func TestPortalRequester(t *testing.T) {
	ctx := context.Background()
	st := storetest.Engines(t)[0].Open(t)
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	p, err := st.PersonByEmail(ctx, desk.SystemActor, demo.PortalRequesterEmail)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorFor(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListRequests(ctx, a, desk.RequestFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	own, others := 0, 0
	for _, r := range page.Requests {
		if r.RequesterID == p.ID {
			own++
		} else {
			others++
		}
	}
	if !a.OrgShared || own < 2 || others < 1 {
		t.Fatalf("shared %v, %d own and %d colleagues' requests", a.OrgShared, own, others)
	}
}
