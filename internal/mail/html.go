package mail

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHTMLNodes bounds the work done on one HTML body.
const maxHTMLNodes = 200_000

// cleanHTML removes from a mail's HTML what Guichet never shows: the quoted
// history of earlier messages (Gmail, Apple Mail, Thunderbird and Outlook
// markup), images (remote ones track the reader; inline ones are kept as
// attachments), scripts, styles and forms. The result is sanitised again by
// desk.SanitizeHTML before storage.
func cleanHTML(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	n := 0
	prune(doc, &n)
	body := findBody(doc)
	var buf bytes.Buffer
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return ""
		}
	}
	return strings.TrimSpace(buf.String())
}

func findBody(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if b := findBody(c); b != nil && b.DataAtom == atom.Body {
			return b
		}
	}
	return n
}

// prune removes unwanted nodes below n; once a quoted-history marker of
// Outlook is met, it and every following sibling go.
func prune(n *html.Node, count *int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		*count++
		switch {
		case *count > maxHTMLNodes:
			n.RemoveChild(c)
		case startsHistory(c):
			for d := c; d != nil; {
				nd := d.NextSibling
				n.RemoveChild(d)
				d = nd
			}
			return
		case dropped(c):
			n.RemoveChild(c)
		default:
			prune(c, count)
		}
		c = next
	}
}

// dropped reports whether a node is removed on its own.
func dropped(n *html.Node) bool {
	if n.Type == html.CommentNode {
		return true
	}
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Img, atom.Script, atom.Style, atom.Head, atom.Title, atom.Meta, atom.Link, atom.Form,
		atom.Input, atom.Button, atom.Iframe, atom.Object, atom.Embed, atom.Svg, atom.Math:
		return true
	case atom.Blockquote:
		return attr(n, "type") == "cite" || hasClass(n, "gmail_quote")
	case atom.Div:
		return hasClass(n, "gmail_quote") || hasClass(n, "gmail_signature") || hasClass(n, "moz-cite-prefix") ||
			hasClass(n, "moz-signature") || attr(n, "data-smartmail") == "gmail_signature"
	}
	return false
}

// startsHistory reports whether n is Outlook's marker of the quoted history:
// everything from it on is earlier mail.
func startsHistory(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	id := attr(n, "id")
	return id == "divRplyFwdMsg" || id == "appendonsend" || id == "x_divRplyFwdMsg" ||
		(n.DataAtom == atom.Hr && id == "stopSpelling")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// htmlToText derives a plain-text version of an HTML body: blocks on their
// own lines, list items with a dash, links followed by their address.
func htmlToText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	var b strings.Builder
	n := 0
	textOf(&b, doc, &n)
	lines := strings.Split(b.String(), "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func textOf(b *strings.Builder, n *html.Node, count *int) {
	*count++
	if *count > maxHTMLNodes {
		return
	}
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Title:
			return
		case atom.Br:
			b.WriteString("\n")
			return
		case atom.Li:
			b.WriteString("\n- ")
		case atom.P, atom.Div, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote,
			atom.Pre, atom.Table, atom.Ul, atom.Ol, atom.Hr:
			b.WriteString("\n")
		case atom.Td, atom.Th:
			b.WriteString(" ")
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		textOf(b, c, count)
	}
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Table:
			b.WriteString("\n\n")
		case atom.A:
			if href := attr(n, "href"); strings.HasPrefix(href, "http") && !strings.Contains(b.String()[max(0, b.Len()-len(href)):], href) {
				b.WriteString(" (" + href + ")")
			}
		}
	}
}
