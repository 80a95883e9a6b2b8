package store

import (
	"encoding/base64"

	"strconv"
	"strings"
	"time"

	"guichet/internal/desk"
)

// cursor is a position in a request list: after (updatedAt, number) when
// listing by activity, after number when listing search results.
type cursor struct {
	search    bool
	updatedAt time.Time
	number    int64
}

// encode returns the cursor as opaque base64url text.
func (c cursor) encode() string {
	var s string
	if c.search {
		s = "n" + strconv.FormatInt(c.number, 10)
	} else {
		s = "u" + strconv.FormatInt(c.updatedAt.UnixMicro(), 10) + "." + strconv.FormatInt(c.number, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

var errBadCursor = desk.Invalid("cursor", "is not a cursor returned by this list")

// decodeCursor parses a cursor; CodeInvalid on "cursor" if it is malformed or
// belongs to the other kind of list (search or not).
func decodeCursor(s string, search bool) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 || len(b) > 60 {
		return cursor{}, errBadCursor
	}
	str := string(b)
	c := cursor{search: search}
	switch {
	case search && str[0] == 'n':
		c.number, err = strconv.ParseInt(str[1:], 10, 64)
	case !search && str[0] == 'u':
		us, num, ok := strings.Cut(str[1:], ".")
		if !ok {
			return cursor{}, errBadCursor
		}
		var micros int64
		if micros, err = strconv.ParseInt(us, 10, 64); err == nil {
			c.updatedAt = time.UnixMicro(micros).UTC()
			c.number, err = strconv.ParseInt(num, 10, 64)
		}
	default:
		return cursor{}, errBadCursor
	}
	if err != nil || c.number <= 0 {
		return cursor{}, errBadCursor
	}
	return c, nil
}
