// Package mailimport imports old mail into Guichet from mbox files and
// Maildir folders (`guichet import mail PATH`). Each message is stored
// through the mail ingester, so the same message imported twice, or already
// received by SMTP or IMAP, is stored once. The position reached is saved
// as it goes: an interrupted import resumes where it stopped.
package mailimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"guichet/internal/desk"
	"guichet/internal/mail"
	"guichet/internal/store"
)

// Ingester stores one message (see mail.Ingester).
type Ingester interface {
	Ingest(ctx context.Context, env mail.Envelope, raw []byte) (*store.IngestResult, error)
}

// Positions keeps how far each import got (see store.Store).
type Positions interface {
	ImportPosition(ctx context.Context, source string) (pos int64, done bool, err error)
	SetImportPosition(ctx context.Context, source string, pos int64, done bool) error
}

// Importer imports mail files.
type Importer struct {
	Ingester  Ingester
	Positions Positions
	Mailbox   string    // address the mail was received at, for mail whose To/Cc name none of ours
	Restart   bool      // start again from the beginning (duplicates are still recognised)
	Progress  io.Writer // progress bar; nil: none
	Logger    *slog.Logger
}

// Result counts what an import did.
type Result struct {
	Messages   int  // read and stored, duplicates included
	Created    int  // new requests opened
	Duplicates int  // already stored before
	Skipped    int  // could not be stored (too large, unreadable sender)
	Resumed    bool // started where an earlier run stopped
}

// Import imports path: an mbox file, or a Maildir folder (with cur/ and
// new/). It returns what it did so far and the error that stopped it, if
// any; running it again resumes.
func (im *Importer) Import(ctx context.Context, path string) (*Result, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if fi.IsDir() {
		return im.importMaildir(ctx, abs)
	}
	return im.importMbox(ctx, abs, fi.Size())
}

// start returns where to begin for source.
func (im *Importer) start(ctx context.Context, source string) (int64, bool, error) {
	if im.Restart {
		return 0, false, nil
	}
	pos, _, err := im.Positions.ImportPosition(ctx, source)
	return pos, pos > 0, err
}

// store ingests one message and counts the outcome; only a failure worth
// stopping for (the database, not the message) is returned.
func (im *Importer) store(ctx context.Context, raw []byte, res *Result) error {
	r, err := im.Ingester.Ingest(ctx, mail.Envelope{From: mail.NoEnvelope, Source: "import", Mailbox: im.Mailbox}, raw)
	switch code := desk.ErrorCode(err); {
	case err == nil:
		res.Messages++
		if r.Created {
			res.Created++
		}
		if r.Duplicate {
			res.Duplicates++
		}
		return nil
	case code == desk.CodeTooLarge || code == desk.CodeInvalid:
		res.Skipped++
		im.log().Warn("import: message skipped", "err", err)
		return nil
	default:
		return err
	}
}

func (im *Importer) log() *slog.Logger {
	if im.Logger == nil {
		return slog.Default()
	}
	return im.Logger
}

// progress draws a progress line at most twice a second.
type progress struct {
	w     io.Writer
	total int64
	last  time.Time
}

func (p *progress) show(done int64, res *Result, final bool) {
	if p.w == nil || !final && time.Since(p.last) < 500*time.Millisecond {
		return
	}
	p.last = time.Now()
	pct := 100.0
	if p.total > 0 {
		pct = 100 * float64(done) / float64(p.total)
	}
	const width = 30
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if float64(i) < pct*width/100 {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %5.1f%%  %d messages, %d new requests, %d duplicates, %d skipped", bar, pct,
		res.Messages, res.Created, res.Duplicates, res.Skipped)
	if final {
		fmt.Fprintln(p.w)
	}
}

var errChanged = errors.New("the file changed since the last import")
