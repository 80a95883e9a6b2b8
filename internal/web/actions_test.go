package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"guichet/internal/desk"
)

// postFiles submits a multipart form with one file, as a page's reply form does.
func (b *browser) postFiles(path string, fields url.Values, filename, content string) page {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields.Set("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile("files", filename)
	_, _ = fw.Write([]byte(content))
	_ = w.Close()
	req, _ := http.NewRequest("POST", b.s.srv.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

func TestAttachments(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Bon de livraison", "Pouvez-vous me l'envoyer?")
		path := "/requests/" + itoa(r.Number)
		b := s.signedIn()
		b.get(path)
		p := b.postFiles(path+"/reply", url.Values{"body": {"Le voici."}}, "bon <1182>.html", "<script>alert(1)</script>")
		wantIn(t, p, "Reply sent.", "bon &lt;1182&gt;.html")
		link := regexp.MustCompile(`href="(/attachments/\d+)"`).FindStringSubmatch(p.body)
		if link == nil {
			t.Fatal("no attachment link")
		}
		t.Run("DownloadsAsAFileInASandbox", func(t *testing.T) {
			got := b.get(link[1])
			if got.status != http.StatusOK || got.body != "<script>alert(1)</script>" {
				t.Fatalf("got %d %q", got.status, got.body)
			}
			if cd := got.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
				t.Fatalf("Content-Disposition %q", cd)
			}
			if csp := got.header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
				t.Fatalf("CSP %q", csp)
			}
		})
		t.Run("SignedOutCannotDownload", func(t *testing.T) {
			if p := s.newBrowser("en").get(link[1]); !strings.HasPrefix(p.url, "/login") {
				t.Fatalf("went to %s", p.url)
			}
		})
	})
}

func TestAssignAndMerge(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		first, dup := s.open("Facture 1182", "Erreur de montant"), s.open("Facture 1182 (bis)", "Erreur de montant")
		b := s.signedIn()
		path := "/requests/" + itoa(first.Number)
		t.Run("AssignToMe", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/assign", url.Values{"agent": {"me"}})
			wantIn(t, p, "Assignment saved.", `data-testid="owner">Front desk — Marie Tremblay</strong>`)
		})
		t.Run("AssignToInactiveAgentIsRefused", func(t *testing.T) {
			ag, err := s.st.Agent(ctx, desk.SystemActor, s.paul.PersonID)
			must(t, err)
			ag.Active = false
			must(t, s.st.UpdateAgent(ctx, desk.SystemActor, ag))
			b.get(path)
			p := b.post(path+"/assign", url.Values{"agent": {itoa(s.paul.PersonID)}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Agent”")
		})
		t.Run("MergeDuplicate", func(t *testing.T) {
			dpath := "/requests/" + itoa(dup.Number)
			b.get(dpath)
			p := b.post(dpath+"/merge", url.Values{"into": {"#" + itoa(first.Number)}})
			wantIn(t, p, "Merged into #"+itoa(first.Number)+".", `badge status-closed`, `href="/requests/`+itoa(first.Number)+`">#`)
		})
		t.Run("MergeIntoUnknownRequestIsExplained", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/merge", url.Values{"into": {"999999"}})
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d", p.status)
			}
			wantIn(t, p, "Check the field “Request #”", `value="999999"`)
		})
	})
}

func TestReadOnlyAgent(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Question", "Bonjour")
		p := desk.Person{Name: "Rita Reader", Kind: desk.InternalPerson, Emails: []string{"rita@guichet.example"}, Language: desk.English}
		must(t, s.st.CreatePerson(ctx, desk.SystemActor, &p))
		must(t, s.st.CreateAgent(ctx, desk.SystemActor, &desk.Agent{PersonID: p.ID, Role: desk.RoleReadOnly, Active: true}))
		must(t, s.st.SetPassword(ctx, p.ID, testPassword))
		b := s.newBrowser("en")
		b.signIn("rita@guichet.example", testPassword)
		path := "/requests/" + itoa(r.Number)
		page := b.get(path)
		wantIn(t, page, "You have read-only access")
		wantOut(t, page, `action="`+path+`/reply"`, `action="`+path+`/handoff"`)
		if got := b.post(path+"/note", url.Values{"body": {"essai"}}); got.status != http.StatusForbidden {
			t.Fatalf("read-only note: %d", got.status)
		}
	})
}

func TestUpdateFromTheRequestPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Colis en retard", "Toujours rien reçu.")
		path := "/requests/" + itoa(r.Number)
		b := s.signedIn()
		b.get(path)
		p := b.post(path+"/update", url.Values{"status": {"open"}, "priority": {"high"}, "tags": {"Colis, retard"},
			"contact_reason": {"Livraison en retard"}})
		if p.url != path {
			t.Fatalf("landed on %s (%d)", p.url, p.status)
		}
		wantIn(t, p, "Request updated.", `<span class="prio prio-high">High</span>`, `name="tags" value="colis retard"`,
			`name="contact_reason" value="Livraison en retard"`, `badge status-open`,
			"changed the priority from Normal to High", "set the tags: colis retard", "set the contact reason: Livraison en retard")
		d, err := s.st.Request(ctx, s.marie, r.Number)
		must(t, err)
		if d.Priority != desk.PriorityHigh || strings.Join(d.Tags, " ") != "colis retard" || d.ContactReason != "Livraison en retard" {
			t.Fatalf("stored %s %v %q", d.Priority, d.Tags, d.ContactReason)
		}
		types := map[string]bool{}
		for _, e := range d.Events {
			types[e.Type] = true
		}
		for _, want := range []string{desk.EventPriorityChanged, desk.EventTagsChanged, desk.EventReasonChanged, desk.EventStatusChanged} {
			if !types[want] {
				t.Errorf("no %s event among %v", want, types)
			}
		}
		t.Run("SavingUnchangedRecordsNothing", func(t *testing.T) {
			b.get(path)
			p := b.post(path+"/update", url.Values{"status": {"open"}, "priority": {"high"}, "tags": {"colis retard"},
				"contact_reason": {"Livraison en retard"}})
			wantIn(t, p, "Nothing to change.")
			again, err := s.st.Request(ctx, s.marie, r.Number)
			must(t, err)
			if len(again.Events) != len(d.Events) {
				t.Fatalf("events %d → %d", len(d.Events), len(again.Events))
			}
		})
	})
}

func TestNoteAttachments(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		r := s.open("Réclamation transporteur", "Le carton était écrasé.")
		path := "/requests/" + itoa(r.Number)
		b := s.signedIn()
		b.get(path)
		p := b.postFiles(path+"/note", url.Values{"body": {"Photo du carton pour le transporteur."}}, "carton.jpg", "JPEG…")
		wantIn(t, p, "Note added.")
		note := between(p.body, `class="msg msg-note"`, "</li>")
		link := regexp.MustCompile(`href="/attachments/(\d+)" download>carton.jpg</a>`).FindStringSubmatch(note)
		if link == nil {
			t.Fatalf("the note shows no attachment:\n%s", note)
		}
		if got := b.get("/attachments/" + link[1]); got.status != http.StatusOK || got.body != "JPEG…" {
			t.Fatalf("download: %d %q", got.status, got.body)
		}
		t.Run("TheRequesterNeverGetsIt", func(t *testing.T) {
			julie, err := s.st.ActorFor(ctx, r.RequesterID)
			must(t, err)
			id, _ := strconv.ParseInt(link[1], 10, 64)
			if _, rc, err := s.st.Attachment(ctx, julie, id); desk.ErrorCode(err) != desk.CodeNotFound {
				if rc != nil {
					rc.Close()
				}
				t.Fatalf("requester reading a note's attachment: %v", err)
			}
		})
	})
}
