package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// dist is the built front end (server/ui: npm ci && npm run build, with
// the pinned package-lock.json); it is committed, so neither go build nor
// go test needs Node.
//
//go:embed ui/dist
var dist embed.FS

// ui serves the built assets; every path that is not an asset is the
// page itself (the app routes on the URL's fragment).
func ui() http.Handler {
	sub, err := fs.Sub(dist, "ui/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path != "/" {
			if _, err := fs.Stat(sub, r.URL.Path[1:]); err == nil {
				files.ServeHTTP(w, r)
				return
			}
		}
		http.ServeFileFS(w, r, sub, "index.html")
	})
}
