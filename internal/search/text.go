package search

import (
	"strings"

	"golang.org/x/net/html"
)

// Text returns the searchable text of a message: its plain-text body, or the
// text of its HTML body when the plain text is blank.
func Text(body, htmlBody string) string {
	if strings.TrimSpace(body) != "" || htmlBody == "" {
		return body
	}
	return HTMLText(htmlBody)
}

// HTMLText returns the text content of an HTML fragment, tags removed and
// entities decoded, skipping scripts and styles.
func HTMLText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken: // io.EOF at the end, or malformed input: keep what was read
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		}
	}
}
