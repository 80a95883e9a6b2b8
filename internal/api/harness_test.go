package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"guichet/internal/desk"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

// harness is the real API over real HTTP on a real store, with a cast of
// actors and a checker that every answer is documented in openapi.json.
type harness struct {
	url    string
	store  *store.Store
	doc    *openAPIDoc
	routes *http.ServeMux // finds the route of a request, as the API's mux does

	mu   sync.Mutex
	seen map[string]map[int]bool // "METHOD /pattern" → statuses answered
	logs lockedBuffer            // what the API logged

	// tokens
	admin, agent, readOnly string // agents: admin, agent, read-only
	alice, bob             string // requesters of two different organisations
	carol, dave            string // requesters of one organisation that shares requests

	frontDesk, billing, shipping desk.Department
	acme, beta, soleil           desk.Organisation
	adminID, agentID, readOnlyID int64
	aliceID, bobID, carolID      int64
	daveID                       int64
}

// forEachEngine runs f with a fresh harness on every storage engine.
func forEachEngine(t *testing.T, f func(t *testing.T, h *harness)) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) { f(t, newHarness(t, e)) })
	}
}

// newHarness opens a fresh store, fills the directory and serves the API.
func newHarness(t *testing.T, e storetest.Engine) *harness {
	t.Helper()
	h := &harness{store: e.Open(t), doc: loadDoc(t), routes: http.NewServeMux(), seen: map[string]map[int]bool{}}
	for _, rt := range Routes() {
		h.routes.HandleFunc(rt.Method+" "+rt.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	h.fill(t)
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(t.Output(), &h.logs), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := httptest.NewServer(New(Deps{Store: h.store, Logger: logger, MaxBodyBytes: 1 << 20}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { h.checkSeen(t) })
	h.url = srv.URL
	return h
}

// fill creates the departments, organisations, agents and requesters, and a
// token for each actor, through the store as the system.
func (h *harness) fill(t *testing.T) {
	ctx, sys, st := t.Context(), desk.SystemActor, h.store
	fd, err := st.DepartmentBySlug(ctx, "front-desk")
	must(t, err)
	h.frontDesk = *fd
	h.billing = desk.Department{Slug: "billing", Name: "Facturation", Handles: "factures, remboursements"}
	h.shipping = desk.Department{Slug: "shipping", Name: "Expédition", Handles: "livraisons"}
	must(t, st.CreateDepartment(ctx, sys, &h.billing))
	must(t, st.CreateDepartment(ctx, sys, &h.shipping))
	h.acme = desk.Organisation{Name: "Acme", Domain: "acme.example"}
	h.beta = desk.Organisation{Name: "Beta", Domain: "beta.example"}
	h.soleil = desk.Organisation{Name: "École Soleil", Domain: "ecole-soleil.example", SharedRequests: true}
	for _, o := range []*desk.Organisation{&h.acme, &h.beta, &h.soleil} {
		must(t, st.CreateOrganisation(ctx, sys, o))
	}
	h.adminID, h.admin = h.addAgent(t, "Ada Admin", "ada@guichet.example", desk.RoleAdmin, h.frontDesk.ID)
	h.agentID, h.agent = h.addAgent(t, "Gilles Tremblay", "gilles@guichet.example", desk.RoleAgent, h.frontDesk.ID, h.billing.ID)
	h.readOnlyID, h.readOnly = h.addAgent(t, "Rita Lecture", "rita@guichet.example", desk.RoleReadOnly, h.frontDesk.ID)
	h.aliceID, h.alice = h.addRequester(t, "Alice Martin", "alice@acme.example", h.acme.ID)
	h.bobID, h.bob = h.addRequester(t, "Bob Roy", "bob@beta.example", h.beta.ID)
	h.carolID, h.carol = h.addRequester(t, "Carole Gagnon", "carole@ecole-soleil.example", h.soleil.ID)
	h.daveID, h.dave = h.addRequester(t, "David Côté", "david@ecole-soleil.example", h.soleil.ID)
}

// addAgent creates an internal person, makes them an agent and returns their
// id and a token.
func (h *harness) addAgent(t *testing.T, name, email string, role desk.Role, depts ...int64) (int64, string) {
	ctx := t.Context()
	p := desk.Person{Name: name, Kind: desk.InternalPerson, DepartmentID: &depts[0], Emails: []string{email}}
	must(t, h.store.CreatePerson(ctx, desk.SystemActor, &p))
	must(t, h.store.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: role, Active: true, DepartmentIDs: depts}))
	tok, err := h.store.CreateToken(ctx, p.ID, "test")
	must(t, err)
	return p.ID, tok
}

// addRequester creates an external person of organisation org and returns
// their id and a token.
func (h *harness) addRequester(t *testing.T, name, email string, org int64) (int64, string) {
	ctx := t.Context()
	p := desk.Person{Name: name, Kind: desk.ExternalPerson, OrganisationID: &org, Emails: []string{email}}
	must(t, h.store.CreatePerson(ctx, desk.SystemActor, &p))
	tok, err := h.store.CreateToken(ctx, p.ID, "test")
	must(t, err)
	return p.ID, tok
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// resp is an answer of the API.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object.
func (r resp) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// Problem returns the problem's code and field.
func (r resp) Problem(t testing.TB) (code, field string) {
	t.Helper()
	m := r.JSON(t)
	code, _ = m["code"].(string)
	field, _ = m["field"].(string)
	return code, field
}

// call sends a request as the token's actor (none when empty). body is sent
// as is when a string or []byte, else JSON-encoded. Every answer is checked
// against openapi.json: its status documented for the route, its body valid.
func (h *harness) call(t testing.TB, token, method, path string, body any) resp {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		must(t, err)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, h.url+path, rd)
	must(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	r := resp{Status: res.StatusCode, Header: res.Header, Body: b}
	h.check(t, req, r)
	return r
}

// want fails the test unless r has the wanted status, and returns r.
func (r resp) want(t testing.TB, status int) resp {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	return r
}

// check records the (route, status) of an answer and asserts that openapi.json
// documents that status for that operation and that the body matches the
// documented schema. Answers outside every route must be problems.
func (h *harness) check(t testing.TB, req *http.Request, r resp) {
	t.Helper()
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	_, pattern := h.routes.Handler(req)
	if pattern == "" {
		if ct != "application/problem+json" {
			t.Errorf("%s %s: unrouted answer %d is %q, not a problem", req.Method, req.URL.Path, r.Status, ct)
		}
		return
	}
	h.mu.Lock()
	if h.seen[pattern] == nil {
		h.seen[pattern] = map[int]bool{}
	}
	h.seen[pattern][r.Status] = true
	h.mu.Unlock()
	exercised.add(pattern, r.Status)
	method, path, _ := strings.Cut(pattern, " ")
	op := h.doc.op(method, path)
	if op == nil {
		t.Errorf("%s: not documented", pattern)
		return
	}
	doc, ok := h.doc.response(op, r.Status)
	if !ok {
		t.Errorf("%s answered %d, which openapi.json does not document: %s", pattern, r.Status, r.Body)
		return
	}
	if len(doc.Content) == 0 {
		if len(r.Body) != 0 {
			t.Errorf("%s answered %d with a body, documented as empty", pattern, r.Status)
		}
		return
	}
	media, ok := doc.Content[ct]
	if !ok {
		if _, any := doc.Content["*/*"]; !any {
			t.Errorf("%s answered %d as %q, documented as %v", pattern, r.Status, ct, sortedKeys(doc.Content))
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Errorf("%s answered %d with invalid JSON: %v", pattern, r.Status, err)
		return
	}
	if err := media.Schema.validate(h.doc, "body", v); err != nil {
		t.Errorf("%s answered %d off its documented schema: %v\n%s", pattern, r.Status, err, r.Body)
	}
}

// checkSeen asserts, when the harness is done, that every (route, status) it
// saw is documented, and logs how many documented ones were exercised.
func (h *harness) checkSeen(t *testing.T) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for pattern, statuses := range h.seen {
		method, path, _ := strings.Cut(pattern, " ")
		op := h.doc.op(method, path)
		for status := range statuses {
			n++
			if op == nil {
				t.Errorf("%s: not documented", pattern)
			} else if _, ok := h.doc.response(op, status); !ok {
				t.Errorf("%s answered %d, which openapi.json does not document", pattern, status)
			}
		}
	}
	t.Logf("saw %d documented (route, status) pairs on %d routes", n, len(h.seen))
}

// exercised gathers the (route, status) pairs seen by every harness of the
// test binary, for the report TestMain prints with -v.
var exercised = &coverage{seen: map[string]bool{}}

type coverage struct {
	mu   sync.Mutex
	seen map[string]bool // "METHOD /pattern status"
}

func (c *coverage) add(pattern string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[fmt.Sprintf("%s %d", pattern, status)] = true
}

// TestMain runs the tests and, with -v, lists the documented (operation,
// status) pairs no end-to-end test produced.
func TestMain(m *testing.M) {
	code := m.Run()
	if testing.Verbose() && len(exercised.seen) > 0 {
		var missing []string
		d, total := &openAPIDoc{}, 0
		_ = json.Unmarshal(openAPIDocument, d)
		for _, rt := range Routes() {
			for status := range d.op(rt.Method, rt.Pattern).Responses {
				total++
				key := rt.Method + " " + rt.Pattern + " " + status
				if !exercised.seen[key] {
					missing = append(missing, key)
				}
			}
		}
		slices.Sort(missing)
		fmt.Printf("end-to-end tests produced %d of %d documented (operation, status) pairs\n", total-len(missing), total)
		if len(missing) > 0 {
			fmt.Printf("not produced:\n  %s\n", strings.Join(missing, "\n  "))
		}
	}
	os.Exit(code)
}

// createRequest opens a request as token and returns it; the request must succeed.
func (h *harness) createRequest(t testing.TB, token string, in map[string]any) map[string]any {
	t.Helper()
	if _, ok := in["body"]; !ok {
		in["body"] = "Bonjour, pouvez-vous m'aider ?"
	}
	return h.call(t, token, "POST", "/api/v1/requests", in).want(t, 201).JSON(t)
}

// num returns the request number of a request object.
func num(m map[string]any) int64 { return int64(m["number"].(float64)) }

// reqPath returns the API path of request n, plus suffix.
func reqPath(n int64, suffix string) string { return fmt.Sprintf("/api/v1/requests/%d%s", n, suffix) }
