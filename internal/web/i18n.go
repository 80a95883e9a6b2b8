package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"guichet/internal/desk"
)

// Each language's catalogue is every messages/<language>/*.json file merged
// (one file per area of the interface); a key defined twice is an error.
//
//go:embed messages/*/*.json
var messageFiles embed.FS

// langs lists the interface languages, the default (French) first.
var langs = []desk.Language{desk.French, desk.English}

// catalogue holds every user-interface string of one language by key.
type catalogue map[string]string

// T returns the translation of key formatted with args (fmt verbs), or the key
// itself when it is missing, so a forgotten string shows up on the page.
func (c catalogue) T(key string, args ...any) string {
	s, ok := c[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether key is translated.
func (c catalogue) Has(key string) bool { _, ok := c[key]; return ok }

// loadCatalogues reads the embedded catalogue of every language; it fails on a
// missing or malformed file, or a key defined in two files.
func loadCatalogues() (map[desk.Language]catalogue, error) {
	out := map[desk.Language]catalogue{}
	for _, l := range langs {
		c, err := loadCatalogue(l)
		if err != nil {
			return nil, err
		}
		out[l] = c
	}
	return out, nil
}

// loadCatalogue merges the files of one language.
func loadCatalogue(l desk.Language) (catalogue, error) {
	files, err := fs.Glob(messageFiles, "messages/"+string(l)+"/*.json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("web: no catalogue for %s", l)
	}
	c := catalogue{}
	for _, name := range files {
		b, err := messageFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("web: read catalogue %s: %w", name, err)
		}
		var part catalogue
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("web: parse catalogue %s: %w", name, err)
		}
		for k, v := range part {
			if _, dup := c[k]; dup {
				return nil, fmt.Errorf("web: catalogue %s: key %q defined twice", name, k)
			}
			c[k] = v
		}
	}
	return c, nil
}

// langCookie remembers the language the user picked with the switch.
const langCookie = "guichet_lang"

var langMatcher = language.NewMatcher([]language.Tag{language.CanadianFrench, language.English})

// pickLanguage returns the language the user picked with the switch
// (cookie), else their stored language (preferred: the signed-in person's,
// "" for a visitor), else the best match of Accept-Language, else French.
func pickLanguage(r *http.Request, preferred desk.Language) desk.Language {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := parseLanguage(c.Value); ok {
			return l
		}
	}
	if l, ok := parseLanguage(string(preferred)); ok {
		return l
	}
	if h := r.Header.Get("Accept-Language"); h != "" {
		tags, _, err := language.ParseAcceptLanguage(h)
		if err == nil && len(tags) > 0 {
			_, i, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return langs[i]
			}
		}
	}
	return desk.French
}

// parseLanguage accepts the exact code of a supported language.
func parseLanguage(s string) (desk.Language, bool) {
	for _, l := range langs {
		if strings.EqualFold(s, string(l)) {
			return l, true
		}
	}
	return "", false
}
