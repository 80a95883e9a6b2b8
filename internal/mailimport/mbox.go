package mailimport

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// mboxReader splits an mbox file into messages: each starts with a "From "
// line (not part of the message); ">From " lines are unescaped one level
// (mboxrd, harmless for mboxo). It reports the byte offset of each message's
// "From " line, so that an import can resume at a message boundary.
type mboxReader struct {
	r    *bufio.Reader
	pos  int64  // bytes consumed
	next []byte // the "From " line read ahead, nil at the start
	eof  bool
}

func newMboxReader(r io.Reader, offset int64) *mboxReader {
	return &mboxReader{r: bufio.NewReaderSize(r, 64<<10), pos: offset}
}

// maxMessage bounds one message read from an mbox.
const maxMessage = 64 << 20

var errTooBig = errors.New("message larger than 64 MiB")

// Next returns the next message and the offset of its "From " line; io.EOF
// after the last one. A message over the size bound is skipped whole and
// reported with errTooBig (the caller may go on).
func (m *mboxReader) Next() (msg []byte, start int64, err error) {
	for m.next == nil {
		if m.eof {
			return nil, 0, io.EOF
		}
		line, err := m.line()
		if len(line) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return nil, 0, io.EOF
			}
			return nil, 0, err
		}
		if bytes.HasPrefix(line, []byte("From ")) {
			m.next = line
		}
	}
	start = m.pos - int64(len(m.next))
	m.next = nil
	var buf bytes.Buffer
	tooBig := false
	for !m.eof {
		line, err := m.line()
		if err != nil && len(line) == 0 {
			break
		}
		if bytes.HasPrefix(line, []byte("From ")) {
			m.next = line
			break
		}
		if isEscapedFrom(line) {
			line = line[1:]
		}
		if buf.Len()+len(line) > maxMessage {
			tooBig = true
			buf.Reset()
		}
		if !tooBig {
			buf.Write(line)
		}
	}
	if tooBig {
		return nil, start, errTooBig
	}
	return bytes.TrimRight(buf.Bytes(), "\r\n"), start, nil
}

// Pos returns the offset where the next message starts (or the end).
func (m *mboxReader) Pos() int64 {
	if m.next != nil {
		return m.pos - int64(len(m.next))
	}
	return m.pos
}

func (m *mboxReader) line() ([]byte, error) {
	line, err := m.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		// A very long line: gather it whole.
		rest, err2 := m.r.ReadBytes('\n')
		line = append(append([]byte(nil), line...), rest...)
		err = err2
	} else {
		line = append([]byte(nil), line...)
	}
	m.pos += int64(len(line))
	if err != nil {
		m.eof = true
	}
	return line, err
}

// isEscapedFrom reports whether line is ">From ", ">>From ", ...
func isEscapedFrom(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i > 0 && bytes.HasPrefix(line[i:], []byte("From "))
}
