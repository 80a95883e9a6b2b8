package mailimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// saveEvery is how often the position is saved during an import.
const saveEvery = 2 * time.Second

// importMbox imports an mbox file from the saved byte offset.
func (im *Importer) importMbox(ctx context.Context, path string, size int64) (*Result, error) {
	source := "mbox:" + path
	pos, resumed, err := im.start(ctx, source)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	if pos > size || pos > 0 && pos < size && !startsMessage(f, pos) {
		im.log().Warn("import: "+errChanged.Error()+"; reading it again from the start", "file", path)
		pos, resumed = 0, false
	}
	if _, err := f.Seek(pos, io.SeekStart); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	res := &Result{Resumed: resumed}
	bar := &progress{w: im.Progress, total: size}
	rd := newMboxReader(f, pos)
	saved := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			return res, im.save(source, rd.Pos(), false, err)
		}
		msg, start, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, errTooBig) {
			res.Skipped++
			continue
		}
		if err != nil {
			return res, im.save(source, rd.Pos(), false, fmt.Errorf("import: %w", err))
		}
		if err := im.store(ctx, msg, res); err != nil {
			return res, im.save(source, start, false, err) // the failed message is read again next time
		}
		bar.show(rd.Pos(), res, false)
		if time.Since(saved) > saveEvery {
			if err := im.Positions.SetImportPosition(ctx, source, rd.Pos(), false); err != nil {
				return res, err
			}
			saved = time.Now()
		}
	}
	bar.show(size, res, true)
	return res, im.Positions.SetImportPosition(ctx, source, rd.Pos(), true)
}

// startsMessage reports whether the file has a "From " line at offset pos.
func startsMessage(f *os.File, pos int64) bool {
	b := make([]byte, 5)
	n, _ := f.ReadAt(b, pos)
	return n == 5 && bytes.Equal(b, []byte("From "))
}

// importMaildir imports the messages of a Maildir folder (cur/ and new/) in
// file-name order from the saved count.
func (im *Importer) importMaildir(ctx context.Context, dir string) (*Result, error) {
	source := "maildir:" + dir
	var files []string
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return nil, fmt.Errorf("import: %s is not a Maildir folder: %w", dir, err)
		}
		for _, e := range entries {
			if e.Type().IsRegular() && e.Name()[0] != '.' {
				files = append(files, filepath.Join(sub, e.Name()))
			}
		}
	}
	slices.SortFunc(files, func(a, b string) int { return compareBase(a, b) })
	pos, resumed, err := im.start(ctx, source)
	if err != nil {
		return nil, err
	}
	res := &Result{Resumed: resumed}
	bar := &progress{w: im.Progress, total: int64(len(files))}
	saved := time.Now()
	for i := int(min(pos, int64(len(files)))); i < len(files); i++ {
		if err := ctx.Err(); err != nil {
			return res, im.save(source, int64(i), false, err)
		}
		raw, err := os.ReadFile(filepath.Join(dir, files[i]))
		if err != nil {
			res.Skipped++ // moved or deleted meanwhile
			continue
		}
		if err := im.store(ctx, raw, res); err != nil {
			return res, im.save(source, int64(i), false, err)
		}
		bar.show(int64(i+1), res, false)
		if time.Since(saved) > saveEvery {
			if err := im.Positions.SetImportPosition(ctx, source, int64(i+1), false); err != nil {
				return res, err
			}
			saved = time.Now()
		}
	}
	bar.show(int64(len(files)), res, true)
	return res, im.Positions.SetImportPosition(ctx, source, int64(len(files)), true)
}

// compareBase orders Maildir files by name (delivery time first), whichever
// of cur/ and new/ holds them.
func compareBase(a, b string) int {
	ba, bb := filepath.Base(a), filepath.Base(b)
	switch {
	case ba < bb:
		return -1
	case ba > bb:
		return 1
	}
	return 0
}

// save records the position reached before returning cause.
func (im *Importer) save(source string, pos int64, done bool, cause error) error {
	if err := im.Positions.SetImportPosition(context.Background(), source, pos, done); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}
