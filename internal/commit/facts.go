package commit

import (
	"time"

	"guichet/internal/desk"
)

// Clock kinds. The first three follow a request under its service standard;
// the consult kinds follow a consult under its internal agreement.
const (
	KindFirstResponse     = "first_response"     // from creation to the desk's first public reply
	KindNextResponse      = "next_response"      // from a requester's message to the desk's next public reply
	KindResolution        = "resolution"         // from creation to solved or closed
	KindConsultResponse   = "consult_response"   // from a consult to its first answer
	KindConsultResolution = "consult_resolution" // from a consult to its final answer
)

// Facts are what a request's clocks depend on, kept by the store and changed
// by Apply as the request moves. Instants are zero when they have not happened.
type Facts struct {
	Created     time.Time
	FirstReply  time.Time // the desk's first public reply
	CycleSince  time.Time // a requester message after the first reply, still unanswered
	CycleSeq    int       // how many next-response cycles have started
	Pauses      []Span    // closed pauses, oldest first
	PausedSince time.Time // the open pause, if any
	Done        bool      // the open pause is because the request is solved or closed
}

// Happening is what happened to a request: its status afterwards and the
// kind of message added, if any ("" for none).
type Happening struct {
	Status  desk.Status
	Message desk.MessageKind
	At      time.Time
}

// pausing reports whether the clocks stop counting in status s: while waiting
// on the requester (paused) and once solved or closed (stopped).
func pausing(s desk.Status) bool { return s == desk.StatusWaitingRequester || s.Done() }

// Apply updates f for h and returns the next-response cycle it closed (the
// cycle's start, and its number), if any. The rules:
//
//   - the desk's first public reply stops the first-response clock;
//   - a requester's message after it starts a next-response cycle, unless
//     one is already waiting; the desk's next public reply closes it, and so
//     does solving or closing the request;
//   - waiting on the requester pauses every running clock, and their reply
//     (or any move out of waiting) resumes them with the time spent kept;
//   - solving or closing stops the clocks; reopening resumes resolution.
func (f *Facts) Apply(h Happening) (closed time.Time, seq int) {
	switch h.Message {
	case desk.KindReply:
		if f.FirstReply.IsZero() {
			f.FirstReply = h.At
		} else if !f.CycleSince.IsZero() {
			closed, seq = f.CycleSince, f.CycleSeq
			f.CycleSince = time.Time{}
		}
	case desk.KindRequester:
		if !f.FirstReply.IsZero() && f.CycleSince.IsZero() && !h.Status.Done() {
			f.CycleSince = h.At
			f.CycleSeq++
		}
	}
	if h.Status.Done() && !f.CycleSince.IsZero() {
		closed, seq = f.CycleSince, f.CycleSeq
		f.CycleSince = time.Time{}
	}
	f.setPause(h.Status, h.At)
	return closed, seq
}

// setPause opens, closes or splits the open pause for status at instant at.
func (f *Facts) setPause(s desk.Status, at time.Time) {
	paused := !f.PausedSince.IsZero()
	switch {
	case pausing(s) && !paused:
		f.PausedSince, f.Done = at, s.Done()
	case pausing(s) && f.Done != s.Done(): // waiting ⇄ done: the stop instant matters
		f.closePause(at)
		f.PausedSince, f.Done = at, s.Done()
	case !pausing(s) && paused:
		f.closePause(at)
	}
}

// closePause ends the open pause at at and keeps it.
func (f *Facts) closePause(at time.Time) {
	if at.After(f.PausedSince) {
		f.Pauses = append(f.Pauses, Span{From: f.PausedSince, To: at})
	}
	f.PausedSince, f.Done = time.Time{}, false
}

// pauses returns the closed pauses and the open one.
func (f *Facts) pauses() []Span {
	if f.PausedSince.IsZero() {
		return f.Pauses
	}
	out := make([]Span, len(f.Pauses), len(f.Pauses)+1)
	copy(out, f.Pauses)
	return append(out, Span{From: f.PausedSince})
}

// doneAt returns when the request was solved or closed, or zero.
func (f *Facts) doneAt() time.Time {
	if f.Done {
		return f.PausedSince
	}
	return time.Time{}
}
