package web

import (
	"context"
	"net/http"
	"strconv"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// adminTokensPage is the API tokens tab's data.
type adminTokensPage struct {
	Tokens []store.TokenInfo
	Agents []desk.Agent // who a token may be issued to
	New    string       // a token just issued, shown this once
	NewFor string       // its holder
}

// handleAdminTokens lists the API tokens with a form to issue one.
func (s *server) handleAdminTokens(w http.ResponseWriter, r *http.Request, st *reqState) error {
	return s.showAdminTokens(w, r, st, http.StatusOK, adminForm{}, adminTokensPage{})
}

func (s *server) showAdminTokens(w http.ResponseWriter, r *http.Request, st *reqState, status int, form adminForm, page adminTokensPage) error {
	var err error
	if page.Tokens, err = s.store.Tokens(r.Context(), st.actor); err != nil {
		return err
	}
	if page.Agents, err = s.store.Agents(r.Context(), st.actor); err != nil {
		return err
	}
	s.renderAdmin(w, r, st, status, "admin_tokens", "tokens", st.cat.T("title.admin_tokens"), form, page)
	return nil
}

// handleCreateToken issues a token to an agent and shows it once, on the
// page that answers the post: it is never stored in clear, never put in a
// URL or a cookie, and the page is not cached.
func (s *server) handleCreateToken(w http.ResponseWriter, r *http.Request, st *reqState) error {
	f := r.PostForm
	holder, err := strconv.ParseInt(f.Get("person"), 10, 64)
	if err != nil || holder <= 0 {
		return s.showAdminTokens(w, r, st, http.StatusUnprocessableEntity,
			adminForm{Which: "create", Error: errorText(st.cat, desk.Invalid("person_id", "pick an agent")), Values: f}, adminTokensPage{})
	}
	ag, err := s.store.Agent(r.Context(), st.actor, holder)
	if err != nil {
		return err
	}
	tok, err := s.store.CreateToken(r.Context(), holder, f.Get("name"))
	if err != nil {
		code, p := problemFor(err)
		if code == desk.CodeInvalid {
			return s.showAdminTokens(w, r, st, p.status, adminForm{Which: "create", Error: errorText(st.cat, err), Values: f}, adminTokensPage{})
		}
		return err
	}
	return s.showAdminTokens(w, r, st, http.StatusOK, adminForm{}, adminTokensPage{New: tok, NewFor: ag.Name})
}

// handleRevokeToken deletes a token: it stops working at once.
func (s *server) handleRevokeToken(w http.ResponseWriter, r *http.Request, st *reqState) error {
	id, err := pathID(r, "token")
	if err != nil {
		return err
	}
	redo := func(status int, form adminForm) error {
		return s.showAdminTokens(w, r, st, status, form, adminTokensPage{})
	}
	return s.adminChange(w, r, st, "revoke", redo, func(ctx context.Context) (string, string, error) {
		if err := s.store.RevokeToken(ctx, st.actor, id); err != nil {
			return "", "", err
		}
		return st.cat.T("flash.token_revoked"), "/admin/tokens", nil
	})
}
