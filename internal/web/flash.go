package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// flash is a one-time message shown on the page a form redirects to.
type flash struct {
	Error bool     `json:"e,omitempty"`
	Lines []string `json:"l"`
}

// flashCookie carries the flash across the redirect; it holds text the server
// translated, and the page escapes it like any other text.
const flashCookie = "guichet_flash"

// maxFlashLines keeps the cookie well under browsers' 4 KB limit.
const maxFlashLines = 6

// setFlash makes lines (already translated) appear on the next page shown.
func (s *server) setFlash(w http.ResponseWriter, isError bool, lines ...string) {
	if len(lines) > maxFlashLines {
		lines = lines[:maxFlashLines]
	}
	for i, l := range lines {
		if len(l) > 300 {
			lines[i] = strings.ToValidUTF8(l[:300], "")
		}
	}
	b, _ := json.Marshal(flash{Error: isError, Lines: lines}) // strings always marshal
	s.setCookie(w, s.cookieName(flashCookie), base64.RawURLEncoding.EncodeToString(b), time.Minute)
}

// takeFlash returns the pending flash, if any, and clears it.
func (s *server) takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(s.cookieName(flashCookie))
	if err != nil {
		return nil
	}
	s.clearCookie(w, s.cookieName(flashCookie))
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	var f flash
	if json.Unmarshal(b, &f) != nil || len(f.Lines) == 0 {
		return nil
	}
	return &f
}
