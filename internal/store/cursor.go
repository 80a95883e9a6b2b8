package store

import (
	"encoding/base64"

	"strconv"
	"strings"
	"time"

	"guichet/internal/desk"
)

// Kinds of cursor: the order a list walks and what its position is made of.
const (
	cursorActivity = 'u' // newest activity first: after (updated_at, number)
	cursorOldest   = 'o' // oldest activity first: after (updated_at, number)
	cursorDue      = 'd' // soonest deadline first: after (due, clock id)
	cursorUndue    = 'e' // the requests past the deadlines, by activity: after (updated_at, number)
	cursorSearch   = 'n' // search results: after number
)

// cursor is a position in a request list.
type cursor struct {
	kind   byte
	at     time.Time // updated_at, or the deadline for cursorDue
	number int64     // the request's, or the clock's for cursorDue
}

// encode returns the cursor as opaque base64url text.
func (c cursor) encode() string {
	s := string(c.kind)
	if c.kind != cursorSearch {
		s += strconv.FormatInt(c.at.UnixMicro(), 10) + "."
	}
	s += strconv.FormatInt(c.number, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

var errBadCursor = desk.Invalid("cursor", "is not a cursor returned by this list")

// decodeCursor parses a cursor; CodeInvalid on "cursor" if it is malformed or
// is not one of the kinds the list accepts (a cursor of another order).
func decodeCursor(s string, kinds ...byte) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 || len(b) > 60 || strings.IndexByte(string(kinds), b[0]) < 0 {
		return cursor{}, errBadCursor
	}
	c := cursor{kind: b[0]}
	num := string(b[1:])
	if c.kind != cursorSearch {
		us, rest, ok := strings.Cut(num, ".")
		if !ok {
			return cursor{}, errBadCursor
		}
		micros, err := strconv.ParseInt(us, 10, 64)
		if err != nil {
			return cursor{}, errBadCursor
		}
		c.at, num = time.UnixMicro(micros).UTC(), rest
	}
	if c.number, err = strconv.ParseInt(num, 10, 64); err != nil || c.number <= 0 {
		return cursor{}, errBadCursor
	}
	return c, nil
}
