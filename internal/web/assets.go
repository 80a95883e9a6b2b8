package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var staticFiles embed.FS

// asset is one static file, served under a name that carries a hash of its
// content, so that it can be cached forever and still change on upgrade.
type asset struct {
	content     []byte
	contentType string
}

// assetSet maps plain names (app.css) to hashed URLs and hashed names to files.
type assetSet struct {
	urls   map[string]string // "app.css" → "/static/app.1a2b3c4d5e.css"
	byName map[string]asset  // "app.1a2b3c4d5e.css" → the file
}

// loadAssets hashes every embedded static file; it fails only on a broken embed.
func loadAssets() (*assetSet, error) {
	set := &assetSet{urls: map[string]string{}, byName: map[string]asset{}}
	entries, err := fs.ReadDir(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("web: read static: %w", err)
	}
	for _, e := range entries {
		b, err := staticFiles.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("web: read static %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		set.urls[e.Name()] = "/static/" + hashed
		set.byName[hashed] = asset{content: b, contentType: ct}
	}
	return set, nil
}

// url returns the hashed URL of a static file; an unknown name gives a URL
// that answers 404 (and fails the template tests).
func (a *assetSet) url(name string) string {
	if u, ok := a.urls[name]; ok {
		return u
	}
	return "/static/missing-" + name
}

// serve answers GET /static/{file} for hashed names only, cacheable for a year.
func (a *assetSet) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byName[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Content-Length", strconv.Itoa(len(f.content)))
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.content)
}
