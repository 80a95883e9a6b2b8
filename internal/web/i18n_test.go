package web

import (
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"guichet/internal/desk"
)

var verbRE = regexp.MustCompile(`%[a-z]`)

func TestCatalogues(t *testing.T) {
	cats, err := loadCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	en, fr := cats[desk.English], cats[desk.French]
	t.Run("BothLanguagesHaveTheSameKeys", func(t *testing.T) {
		for k := range en {
			if !fr.Has(k) {
				t.Errorf("fr-CA lacks %q", k)
			}
		}
		for k := range fr {
			if !en.Has(k) {
				t.Errorf("en lacks %q", k)
			}
		}
	})
	t.Run("TranslationsTakeTheSameArguments", func(t *testing.T) {
		for k, v := range en {
			if a, b := verbRE.FindAllString(v, -1), verbRE.FindAllString(fr[k], -1); !slices.Equal(a, b) {
				t.Errorf("%q: en has %v, fr-CA has %v", k, a, b)
			}
		}
	})
	t.Run("EveryDomainValueIsTranslated", func(t *testing.T) {
		var keys []string
		for _, s := range desk.Statuses {
			keys = append(keys, "status."+string(s))
		}
		for _, p := range priorities {
			keys = append(keys, "priority."+string(p))
		}
		for _, k := range []desk.MessageKind{desk.KindRequester, desk.KindReply, desk.KindNote} {
			keys = append(keys, "kind."+string(k))
		}
		for _, e := range []string{desk.EventCreated, desk.EventMessageAdded, desk.EventStatusChanged,
			desk.EventPriorityChanged, desk.EventAssigned, desk.EventTagsChanged, desk.EventReasonChanged,
			desk.EventSpamChanged, desk.EventHandedOff, desk.EventMerged, desk.EventMergedFrom} {
			keys = append(keys, "event."+e)
		}
		for _, k := range messages {
			keys = append(keys, k)
		}
		for _, r := range roles {
			keys = append(keys, "role."+string(r))
		}
		for _, k := range []desk.PersonKind{desk.InternalPerson, desk.ExternalPerson} {
			keys = append(keys, "person."+string(k))
		}
		for _, l := range langs {
			keys = append(keys, "lang."+string(l))
		}
		for _, a := range adminSections {
			keys = append(keys, "admin."+a.Key)
		}
		for _, k := range keys {
			if !en.Has(k) || !fr.Has(k) {
				t.Errorf("no translation for %q", k)
			}
		}
	})
	t.Run("TemplatesUseOnlyKnownKeys", func(t *testing.T) {
		re := regexp.MustCompile(`\{\{-?\s*t "([^"]+)"`)
		entries, _ := templateFiles.ReadDir("templates")
		for _, e := range entries {
			b, _ := templateFiles.ReadFile("templates/" + e.Name())
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if !en.Has(m[1]) {
					t.Errorf("%s uses unknown key %q", e.Name(), m[1])
				}
			}
		}
	})
}

func TestPickLanguage(t *testing.T) {
	for _, c := range []struct {
		name, cookie, accept string
		stored               desk.Language
		want                 desk.Language
	}{
		{"DefaultsToFrench", "", "", "", desk.French},
		{"FrenchFromFrance", "", "fr-FR,fr;q=0.9", "", desk.French},
		{"EnglishFromBrowser", "", "en-US,en;q=0.9,fr;q=0.5", "", desk.English},
		{"UnknownLanguageIsFrench", "", "de-DE", "", desk.French},
		{"CookieWinsOverBrowser", "en", "fr-CA", "", desk.English},
		{"BadCookieIgnored", "xx", "en", "", desk.English},
		{"StoredLanguageWinsOverBrowser", "", "fr-CA", desk.English, desk.English},
		{"CookieWinsOverStoredLanguage", "fr-CA", "en", desk.English, desk.French},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if c.accept != "" {
				r.Header.Set("Accept-Language", c.accept)
			}
			if c.cookie != "" {
				r.Header.Set("Cookie", langCookie+"="+c.cookie)
			}
			if got := pickLanguage(r, c.stored); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/requests/12":         "/requests/12",
		"/inbox?q=a":           "/inbox?q=a",
		"//evil.example/x":     "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"javascript:alert(1)":  "/",
		"":                     "/",
	} {
		if got := localPath(in, "/"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorTextIsTranslatedAndSafe(t *testing.T) {
	cats, _ := loadCatalogues()
	fr := cats[desk.French]
	err := &desk.Error{Code: desk.CodeCloseWithoutReply, Field: "status", Message: "english detail"}
	if got := errorText(fr, err); !strings.Contains(got, "réponse publique") {
		t.Fatalf("close without reply in French: %q", got)
	}
	if got := errorText(fr, desk.Invalid("subject", "is required")); !strings.Contains(got, "Objet") {
		t.Fatalf("invalid field not named: %q", got)
	}
	if got := errorText(fr, errSecret{}); strings.Contains(got, "secret") || !strings.Contains(got, "Erreur interne") {
		t.Fatalf("internal error leaks or is untranslated: %q", got)
	}
}

type errSecret struct{}

func (errSecret) Error() string { return "secret database detail" }

// TestStoredLanguage: a signed-in agent's stored language (people.language)
// is their preference over the browser's, until they pick one with the switch.
func TestStoredLanguage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *site) {
		s.newAgent("Jane Doe", "jane@guichet.example", s.frontDesk.ID) // stored in English
		b := s.newBrowser("fr-CA,fr;q=0.9")
		wantIn(t, b.get("/login"), `<html lang="fr-CA">`) // not signed in: the browser's language
		page := b.signIn("jane@guichet.example", testPassword)
		wantIn(t, page, `<html lang="en">`, "My requests")
		page = b.post("/language", url.Values{"lang": {"fr-CA"}, "next": {"/inbox"}})
		wantIn(t, page, `<html lang="fr-CA">`, "Mes demandes")
		t.Run("StoredFrenchWinsOverAnEnglishBrowser", func(t *testing.T) {
			luc := s.newAgent("Luc Roy", "luc@guichet.example", s.frontDesk.ID)
			fr, err := s.st.Person(ctx, desk.SystemActor, luc.PersonID)
			must(t, err)
			fr.Language = desk.French
			must(t, s.st.UpdatePerson(ctx, desk.SystemActor, fr))
			wantIn(t, s.newBrowser("en-US").signIn("luc@guichet.example", testPassword), `<html lang="fr-CA">`, "Mes demandes")
		})
	})
}
