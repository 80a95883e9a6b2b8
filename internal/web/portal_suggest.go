package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode"
)

// maxSuggestions is how many departments the new-request form suggests.
const maxSuggestions = 3

// suggestDepartments returns up to max departments whose name or keywords
// appear in text (a subject and description), best first: a keyword counts
// when each of its words is in the text, ignoring case, accents, plurals and
// small words ("colis abîmés" finds "colis"; "facturation" finds "factures").
func suggestDepartments(all []deptEntry, text string, max int) []deptEntry {
	words := significantWords(text)
	if len(words) == 0 {
		return nil
	}
	type scored struct {
		e     deptEntry
		score int
	}
	var found []scored
	for _, e := range all {
		score := 0
		for _, k := range append([]string{e.Name}, e.Keywords...) {
			for _, part := range strings.Split(k, "/") {
				kw := significantWords(part)
				if len(kw) > 0 && !slices.ContainsFunc(kw, func(w string) bool { return !containsWord(words, w) }) {
					score += len(kw)
				}
			}
		}
		if score > 0 {
			found = append(found, scored{e, score})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return b.score - a.score })
	out := make([]deptEntry, 0, max)
	for i := 0; i < len(found) && i < max; i++ {
		out = append(out, found[i].e)
	}
	return out
}

// smallWords are left out of matching: articles and prepositions.
var smallWords = []string{"de", "des", "du", "la", "le", "les", "et", "au", "aux", "of", "the", "and", "for", "to"}

// significantWords splits text into folded, singular words, small ones left out.
func significantWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 1 && !slices.Contains(smallWords, w) {
			out = append(out, stem(w))
		}
	}
	return out
}

// containsWord reports whether words holds w, or a word sharing its first six
// letters or more (facture, facturation).
func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w || len(w) >= 6 && len(x) >= 6 && commonPrefix(x, w) >= 6 {
			return true
		}
	}
	return false
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// suggestion is one suggested department as the form's script receives it.
type suggestion struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Handles string `json:"handles"`
	Hours   string `json:"hours,omitempty"`
}

// handlePortalSuggest answers the new-request form's script, as the visitor
// types: the departments suggested for ?q= (subject and description), as
// JSON. The form works without it (its "suggest" button asks the server).
func (s *server) handlePortalSuggest(w http.ResponseWriter, r *http.Request, st *reqState) error {
	q := r.URL.Query().Get("q")
	if len(q) > 20000 {
		q = q[:20000]
	}
	all, err := s.portalDirectory(r.Context(), st.actor)
	if err != nil {
		return err
	}
	out := []suggestion{}
	for _, e := range suggestDepartments(all, q, maxSuggestions) {
		out = append(out, suggestion{ID: e.ID, Name: e.Name, Handles: e.Handles, Hours: e.Hours})
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(out)
}
