package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/fsnotify/fsnotify"

	"newskg/graph"
)

// WatchOptions tune Watch.
type WatchOptions struct {
	Options
	// Debounce is how long a file must stay unchanged (no events, same
	// size) before it is read, so a file still being written is read once,
	// complete. Default 2s.
	Debounce time.Duration
	// OnIngest is called after every round with what it did.
	OnIngest func(*Summary, error)
	// OnRetract is called with the file name of a retracted article.
	OnRetract func(file string)
}

type pendingFile struct {
	last time.Time
	size int64
}

// Watch ingests the articles in dir, then keeps ingesting files as they
// appear or change, until ctx is done. A file that disappears has its
// article retracted. Errors of one round are reported to OnIngest and the
// watch goes on; Watch returns an error only when it cannot watch at all.
func Watch(ctx context.Context, store graph.Store, dir string, o WatchOptions) error {
	if o.Debounce <= 0 {
		o.Debounce = 2 * time.Second
	}
	o.Options = withDefaults(o.Options)
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer w.Close()
	if err := addTree(w, dir); err != nil {
		return err
	}
	files, err := ListArticles([]string{dir})
	if err != nil {
		return err
	}
	round := func(files []string) {
		if len(files) == 0 {
			return
		}
		sum, err := Ingest(ctx, store, files, o.Options)
		if o.OnIngest != nil {
			o.OnIngest(sum, err)
		}
	}
	round(files)

	pending := map[string]*pendingFile{}
	removed := map[string]time.Time{}
	tick := time.NewTicker(max(o.Debounce/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			o.Logger.Warn("watch error", "dir", dir, "err", err)
		case ev := <-w.Events:
			name := filepath.Base(ev.Name)
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = addTree(w, ev.Name)
					continue
				}
			}
			if !IsArticleName(name) {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				delete(pending, ev.Name)
				removed[ev.Name] = time.Now()
				continue
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) {
				delete(removed, ev.Name)
				pending[ev.Name] = &pendingFile{last: time.Now(), size: -1}
			}
		case now := <-tick.C:
			var ready []string
			for path, p := range pending {
				info, err := os.Stat(path)
				if err != nil {
					delete(pending, path)
					continue
				}
				if info.Size() != p.size {
					p.size, p.last = info.Size(), now // still growing
					continue
				}
				if now.Sub(p.last) >= o.Debounce && info.Mode().IsRegular() {
					ready = append(ready, path)
					delete(pending, path)
				}
			}
			sort.Strings(ready)
			round(ready)
			for path, at := range removed {
				if now.Sub(at) < o.Debounce {
					continue
				}
				delete(removed, path)
				if _, err := os.Stat(path); err == nil {
					continue // replaced under the same name: a Create follows
				}
				if err := retractFile(ctx, store, filepath.Base(path)); err != nil {
					o.Logger.Warn("retract failed", "file", path, "err", err)
				} else if o.OnRetract != nil {
					o.OnRetract(filepath.Base(path))
				}
			}
		}
	}
}

// retractFile deletes the stored articles of a file that is gone.
func retractFile(ctx context.Context, store graph.Store, file string) error {
	arts, err := store.Articles(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for id, f := range arts {
		if f == file {
			errs = append(errs, store.DeleteArticle(ctx, id))
		}
	}
	return errors.Join(errs...)
}

// addTree watches dir and its sub-folders (not hidden ones).
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("watch %s: %w", path, unwrapPathErr(err))
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && len(d.Name()) > 0 && d.Name()[0] == '.' {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil {
			return fmt.Errorf("watch %s: %w", path, err)
		}
		return nil
	})
}
