package api

import (
	_ "embed"
	"net/http"

	"guichet/internal/desk"
)

// openAPIDocument is the OpenAPI 3.1 description of this package's routes,
// kept accurate by openapi_test.go.
//
//go:embed openapi.json
var openAPIDocument []byte

// handleOpenAPI serves the OpenAPI document; it needs no authentication.
func (s *server) handleOpenAPI(w http.ResponseWriter, r *http.Request, _ desk.Actor) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(openAPIDocument)
	if err != nil {
		s.log.WarnContext(r.Context(), "api: write openapi document", "err", err)
	}
	return nil
}
