package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"guichet/internal/desk"
)

// requestFilter reads GET /requests query parameters. A bad value, or an
// unknown parameter (so that a typo does not silently list everything), is
// CodeInvalid naming the parameter.
func (s *server) requestFilter(r *http.Request) (desk.RequestFilter, error) {
	q := r.URL.Query()
	var f desk.RequestFilter
	if err := checkParams(q, "status", "department", "agent", "requester", "tag", "updated_since", "q", "cursor", "limit"); err != nil {
		return f, err
	}
	var err error
	if f.Status, err = statusParam(q["status"]); err != nil {
		return f, err
	}
	if v := q.Get("department"); v != "" {
		if f.DepartmentID, err = s.departmentRef(r, v, "department"); err != nil {
			return f, err
		}
	}
	switch v := q.Get("agent"); v {
	case "":
	case "none":
		f.Unassigned = true
	default:
		if f.AgentID, err = idParam("agent", v); err != nil {
			return f, err
		}
	}
	if v := q.Get("requester"); v != "" {
		if f.RequesterID, err = idParam("requester", v); err != nil {
			return f, err
		}
	}
	if v := q.Get("updated_since"); v != "" {
		if f.UpdatedSince, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return f, desk.Invalid("updated_since", "must be an RFC 3339 time such as 2025-01-31T09:00:00Z")
		}
	}
	f.Tag, f.Query, f.Cursor = q.Get("tag"), q.Get("q"), q.Get("cursor")
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return f, desk.Invalid("limit", "must be an integer from 1 to 100")
		}
		f.Limit = n
	}
	return f, nil
}

// checkParams rejects query parameters outside allowed.
func checkParams(q url.Values, allowed ...string) error {
	for name := range q {
		if !slices.Contains(allowed, name) {
			return desk.Invalid(name, "unknown query parameter %q", name)
		}
	}
	return nil
}

// statusParam reads statuses given as repeated parameters, comma lists or both.
func statusParam(values []string) ([]desk.Status, error) {
	var out []desk.Status
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			st := desk.Status(strings.TrimSpace(part))
			if !st.Valid() {
				return nil, desk.Invalid("status", "unknown status %q", part)
			}
			out = append(out, st)
		}
	}
	return out, nil
}

// idParam parses a positive integer query parameter.
func idParam(name, v string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, desk.Invalid(name, "must be a positive integer id")
	}
	return id, nil
}

// departmentRef resolves a department given by id or slug (a query
// parameter); an unknown slug is CodeInvalid on field.
func (s *server) departmentRef(r *http.Request, v, field string) (int64, error) {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if id <= 0 {
			return 0, desk.Invalid(field, "must be a department id or slug")
		}
		return id, nil
	}
	return s.departmentBySlug(r, v, field)
}

// departmentBySlug returns the id of the department with slug; an unknown
// slug is CodeInvalid on field.
func (s *server) departmentBySlug(r *http.Request, slug, field string) (int64, error) {
	d, err := s.store.DepartmentBySlug(r.Context(), slug)
	if desk.ErrorCode(err) == desk.CodeNotFound {
		return 0, desk.Invalid(field, "no department %q", slug)
	}
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}
