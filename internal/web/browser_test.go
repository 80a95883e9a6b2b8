package web

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"guichet/internal/desk"
	"guichet/internal/store/storetest"
)

// chromiumPath is where the Debian chromium package installs the browser;
// GUICHET_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("GUICHET_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// shared is the one headless Chromium of this test binary, started on first use.
var shared struct {
	once   sync.Once
	ctx    context.Context
	err    error
	cancel func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	os.Exit(code)
}

// newTab opens a tab in a fresh browser context (its own cookies) of the
// shared Chromium, closed when the test ends. Without Chromium the test is
// skipped, or fails when CI=true.
func newTab(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s (CI=true): install the Debian chromium package", path)
		}
		t.Skipf("browser tests skipped: chromium not found at %s (install the Debian chromium package or set GUICHET_CHROMIUM)", path)
	}
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "guichet-chromium-")
		if err != nil {
			shared.err = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
			chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(dir),
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("lang", "en-US"))
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(alloc)
		shared.ctx, shared.err = bctx, chromedp.Do(bctx)
		shared.cancel = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
	})
	if shared.err != nil {
		t.Fatalf("start chromium: %v", shared.err)
	}
	tab, cancelTab := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	tab, cancelTimeout := context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
	return tab
}

// watchConsole records the tab's console errors, uncaught exceptions and
// browser-log errors (a CSP violation, a failed load); the returned func
// fails the test if there was any. refused lists the paths of form posts the
// test makes fail on purpose: the browser logs their 4xx status, which is no
// JavaScript error.
func watchConsole(t *testing.T, tab context.Context, refused ...string) func() {
	var mu sync.Mutex
	var bad []string
	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			expected := m.Source == "network" && slices.ContainsFunc(refused, func(p string) bool { return strings.HasSuffix(m.URL, p) })
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !expected {
				mu.Lock()
				bad = append(bad, m.String()+" at "+m.URL)
				mu.Unlock()
			}
		}
	}()
	return func() {
		t.Helper()
		time.Sleep(100 * time.Millisecond) // let the last events arrive
		mu.Lock()
		defer mu.Unlock()
		if len(bad) > 0 {
			t.Fatalf("JavaScript console errors:\n%s", strings.Join(bad, "\n"))
		}
	}
}

func run(t *testing.T, tab context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab, steps...); err != nil {
		t.Fatal(err)
	}
}

// settled waits until the page is fully loaded (its script has run) and the
// JavaScript condition cond holds: after a click that loads a new page, cond
// names something only the new page has. It asks again while a navigation
// destroys the page it asked.
func settled(cond string) chromedp.Action[chromedp.Void] {
	js := "document.readyState === 'complete' && !!(" + cond + ")"
	return func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
		for {
			if ok, err := chromedp.Evaluate[bool](js)(ctx, tgt); err == nil && ok {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %w", cond, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}

// flashSays is a settled condition: the page's flash message contains s.
func flashSays(s string) string {
	return "(document.querySelector('.flash') || {textContent: ''}).textContent.includes(" + strconv.Quote(s) + ")"
}

func text(t *testing.T, tab context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

func eval[T any](t *testing.T, tab context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestBrowserWorkday walks an agent's day in real Chromium: sign in, open a
// request from the inbox with the keyboard, fail to close it without a reply
// and read why, reply (r), add a note (n), hand off, open the help, switch to
// French — with no JavaScript error on the way.
func TestBrowserWorkday(t *testing.T) {
	tab := newTab(t)
	s := newSite(t, storetest.Engines(t)[0])
	s.open("Question de facturation", "Quand vais-je recevoir ma facture?")
	r := s.open("Colis abîmé", "La boîte est arrivée écrasée.")
	checkConsole := watchConsole(t, tab, "/requests/"+itoa(r.Number)+"/update")
	base := s.srv.URL

	t.Run("SignIn", func(t *testing.T) {
		run(t, tab, chromedp.Navigate(base+"/inbox"),
			chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), "marie@guichet.example"),
			chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
			chromedp.Click(chromedp.CSS("form.stack button.primary")),
			settled("document.querySelector('table.requests')"))
		if got := text(t, tab, "table.requests tbody tr:first-child td.subject a"); got != "Colis abîmé" {
			t.Fatalf("first row %q", got)
		}
	})
	t.Run("OpenWithKeyboard", func(t *testing.T) {
		run(t, tab, chromedp.KeyEvent("j"), chromedp.KeyEvent("o"), settled("document.getElementById('req-title')"))
		if got := text(t, tab, "#req-title"); !strings.Contains(got, "Colis abîmé") {
			t.Fatalf("title %q", got)
		}
	})
	t.Run("CloseWithoutReplySaysWhy", func(t *testing.T) {
		run(t, tab, chromedp.SetValue(chromedp.CSS("#upd-status"), "closed"),
			chromedp.Click(chromedp.CSS(`form[action$="/update"] button`)),
			settled("document.querySelector('[data-testid=form-error]')"))
		if got := text(t, tab, `[data-testid="form-error"]`); !strings.Contains(got, "has not received any public reply") {
			t.Fatalf("error %q", got)
		}
	})
	t.Run("ReplyWithShortcut", func(t *testing.T) {
		run(t, tab, chromedp.KeyEvent("r"))
		if id := eval[string](t, tab, "document.activeElement.id"); id != "reply-body" {
			t.Fatalf("r focused %q", id)
		}
		run(t, tab, chromedp.SendKeys(chromedp.CSS("#reply-body"), "Nous envoyons un remplacement."),
			chromedp.Click(chromedp.CSS(".reply-form button.primary")),
			settled(flashSays("Reply sent.")))
		if got := text(t, tab, ".msg-reply .body"); got != "Nous envoyons un remplacement." {
			t.Fatalf("reply %q", got)
		}
	})
	t.Run("NoteWithShortcut", func(t *testing.T) {
		run(t, tab, chromedp.KeyEvent("n"))
		if id := eval[string](t, tab, "document.activeElement.id"); id != "note-body" {
			t.Fatalf("n focused %q", id)
		}
		if v := eval[string](t, tab, "document.activeElement.value"); v != "" {
			t.Fatalf("the key was typed into the note: %q", v)
		}
		run(t, tab, chromedp.SendKeys(chromedp.CSS("#note-body"), "Client fidèle."),
			chromedp.Click(chromedp.CSS(`form[action$="/note"] button`)),
			settled(flashSays("Note added.")))
		if got := text(t, tab, ".msg-note .body"); got != "Client fidèle." {
			t.Fatalf("note %q", got)
		}
	})
	t.Run("HandOff", func(t *testing.T) {
		run(t, tab, chromedp.KeyEvent("h"))
		if name := eval[string](t, tab, "document.activeElement.name"); name != "department" {
			t.Fatalf("h focused %q", name)
		}
		run(t, tab, chromedp.SendKeys(chromedp.CSS("#ho-filter"), "refunds"))
		if !eval[bool](t, tab, `document.querySelector("[data-search]:has(#ho-dept-`+itoa(s.shipping.ID)+`)").hidden`) ||
			eval[bool](t, tab, `document.querySelector("[data-search]:has(#ho-dept-`+itoa(s.billing.ID)+`)").hidden`) {
			t.Fatal("typing in the picker's filter did not keep only Billing")
		}
		run(t, tab, chromedp.Click(chromedp.CSS("#ho-dept-"+itoa(s.billing.ID))),
			chromedp.SendKeys(chromedp.CSS("#ho-reason"), "Remboursement à faire"),
			chromedp.Click(chromedp.CSS(`form[action$="/handoff"] button`)),
			settled(flashSays("Handed off to Billing.")))
		if got := text(t, tab, `[data-testid="owner"]`); got != "Billing" {
			t.Fatalf("owner %q", got)
		}
	})
	t.Run("HelpOverlay", func(t *testing.T) {
		run(t, tab, chromedp.KeyEvent("?"))
		if !eval[bool](t, tab, "document.getElementById('help').open") {
			t.Fatal("? did not open the help")
		}
		run(t, tab, chromedp.KeyEvent(kb.Escape))
		if eval[bool](t, tab, "document.getElementById('help').open") {
			t.Fatal("Escape did not close the help")
		}
	})
	t.Run("SwitchToFrench", func(t *testing.T) {
		run(t, tab, chromedp.Click(chromedp.CSS(`[data-testid="lang-switch"]`)),
			settled("document.documentElement.lang === 'fr-CA'"))
		if got := text(t, tab, "#update-title"); got != "Statut et détails" {
			t.Fatalf("heading %q", got)
		}
		if loc := eval[string](t, tab, "location.pathname"); loc != "/requests/"+itoa(r.Number) {
			t.Fatalf("switch went to %s", loc)
		}
	})
	checkConsole()
}

// TestBrowserHostileMailIsInert shows a message whose HTML tries to run
// script in every usual way, and checks in the browser that none ran.
func TestBrowserHostileMailIsInert(t *testing.T) {
	tab := newTab(t)
	s := newSite(t, storetest.Engines(t)[0])
	r, err := s.st.CreateRequest(ctx, s.marie, desk.NewRequest{Subject: `<script>window.pwned="subject"</script>`,
		Body: `<script>window.pwned="text"</script>`, RequesterEmail: "pirate@example.com",
		BodyHTML: `<p onclick="window.pwned='click'" id="bait">Cliquez</p><script>window.pwned="html"</script>` +
			`<a id="jslink" href="javascript:window.pwned='link'">lien</a><svg onload="window.pwned='svg'"></svg>` +
			`<form action="https://evil.example"><button id="evil">go</button></form>`})
	must(t, err)
	checkConsole := watchConsole(t, tab)
	run(t, tab, chromedp.Navigate(s.srv.URL+"/login?next=/requests/"+itoa(r.Number)),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "marie@guichet.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.stack button.primary")),
		settled("document.getElementById('req-title')"),
		chromedp.Click(chromedp.CSS(".body-html p")),
		chromedp.Click(chromedp.CSS(".body-html a")))
	if got := eval[string](t, tab, `String(window.pwned)`); got != "undefined" {
		t.Fatalf("hostile mail ran script: window.pwned = %q", got)
	}
	if n := eval[int](t, tab, `document.querySelectorAll(".body-html script, .body-html svg, .body-html form, [onclick], [onload]").length`); n != 0 {
		t.Fatalf("%d hostile elements survived", n)
	}
	checkConsole()
}
