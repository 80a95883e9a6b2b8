package web

import "guichet/internal/desk"

// mailLine is one mail of a request on its page: where its delivery stands
// and what kind of mail it is, in the reader's language.
type mailLine struct {
	desk.MailDelivery
	Label string
}

// mailLines labels the mail of a request; a kind the catalogue does not know
// shows as its name.
func mailLines(cat catalogue, list []desk.MailDelivery) []mailLine {
	out := make([]mailLine, len(list))
	for i, d := range list {
		out[i] = mailLine{MailDelivery: d, Label: d.Kind}
		if key := "mail_kind." + d.Kind; cat.Has(key) {
			out[i].Label = cat.T(key)
		}
	}
	return out
}
