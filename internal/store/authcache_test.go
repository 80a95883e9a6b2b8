package store_test

import (
	"context"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// The actor memory must never let a changed or revoked token act as before.
func TestAuthenticationSeesChangesAtOnce(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st := e.Open(t)
			sys := desk.SystemActor
			p := &desk.Person{Name: "Luc Bouchard", Kind: desk.InternalPerson, Emails: []string{"luc@example.com"}}
			if err := st.CreatePerson(ctx, sys, p); err != nil {
				t.Fatal(err)
			}
			if err := st.CreateAgent(ctx, sys, &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, Active: true}); err != nil {
				t.Fatal(err)
			}
			tok, err := st.CreateToken(ctx, p.ID, "t")
			if err != nil {
				t.Fatal(err)
			}
			if a, err := st.Authenticate(ctx, tok); err != nil || a.Role != desk.RoleAgent {
				t.Fatalf("first: %+v %v", a, err)
			}
			if a, err := st.Authenticate(ctx, tok); err != nil || a.Role != desk.RoleAgent { // remembered
				t.Fatalf("second: %+v %v", a, err)
			}
			t.Run("RoleChange", func(t *testing.T) {
				if err := st.UpdateAgent(ctx, sys, &desk.Agent{PersonID: p.ID, Role: desk.RoleReadOnly, Active: true}); err != nil {
					t.Fatal(err)
				}
				if a, err := st.Authenticate(ctx, tok); err != nil || a.Role != desk.RoleReadOnly {
					t.Fatalf("after demotion the token still acts as %q (%v)", a.Role, err)
				}
			})
			t.Run("Deactivation", func(t *testing.T) {
				if err := st.UpdateAgent(ctx, sys, &desk.Agent{PersonID: p.ID, Role: desk.RoleReadOnly, Active: false}); err != nil {
					t.Fatal(err)
				}
				if _, err := st.Authenticate(ctx, tok); desk.ErrorCode(err) != desk.CodeUnauthorized {
					t.Fatalf("a deactivated agent's token must stop working at once, got %v", err)
				}
			})
		})
	}
}
