package api

import (
	"net/http"
	"strings"
	"time"

	"guichet/internal/commit"
	"guichet/internal/desk"
)

// handleCompliance answers the compliance report of a period: from and to
// are dates (YYYY-MM-DD, midnight UTC) or RFC 3339 times, by default the last
// 365 days. It answers CSV when format=csv or Accept names text/csv, else JSON.
func (s *server) handleCompliance(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	q := r.URL.Query()
	if err := checkParams(q, "from", "to", "format"); err != nil {
		return err
	}
	var f commit.ReportFilter
	var err error
	if f.From, err = reportTime(q.Get("from"), "from"); err != nil {
		return err
	}
	if f.To, err = reportTime(q.Get("to"), "to"); err != nil {
		return err
	}
	format := q.Get("format")
	switch {
	case format == "" && strings.Contains(r.Header.Get("Accept"), "text/csv"):
		format = "csv"
	case format != "" && format != "csv" && format != "json":
		return desk.Invalid("format", "must be json or csv")
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	rep, err := cs.Compliance(r.Context(), a, f)
	if err != nil {
		return err
	}
	if format != "csv" {
		s.writeJSON(w, r, http.StatusOK, rep)
		return nil
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="compliance.csv"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if err := rep.WriteCSV(w); err != nil {
		s.log.WarnContext(r.Context(), "api: write compliance csv", "err", err)
	}
	return nil
}

// reportTime parses a date or an RFC 3339 time; "" is the zero time.
func reportTime(v, field string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, desk.Invalid(field, "must be a date (2025-01-31) or an RFC 3339 time")
	}
	return t, nil
}
