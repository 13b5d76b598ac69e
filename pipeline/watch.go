package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"newskg/graph"
)

// WatchOptions tune Watch.
type WatchOptions struct {
	Options
	// Debounce is how long the folder must stay quiet (no events, files
	// the same size) before a round runs, so a file still being written is
	// read once, complete. Default 2s.
	Debounce time.Duration
	// Rescan runs a round this often even without events (events can be
	// lost: network file systems, a full event queue). 0: every 5 minutes;
	// negative: never.
	Rescan time.Duration
	// Open gives the store for one round and a function that releases it.
	// kg watch opens the embedded store only while it writes, so that
	// analysts can query between rounds; kg serve hands out the store it
	// holds.
	Open func(ctx context.Context) (graph.Store, func(), error)
	// OnIngest is called after every round with what it did.
	OnIngest func(*Summary, error)
	// OnWatching is called once the first round is done and the folder
	// is watched.
	OnWatching func()
}

// Watch keeps the graph equal to what the folder holds: a first round
// ingests it (new, changed and removed articles, as Ingest does), then
// every change in the folder, once it has settled, starts another round
// over the whole folder, until ctx is done. Errors of one round are
// reported to OnIngest and the watch goes on; Watch returns an error only
// when it cannot watch at all.
func Watch(ctx context.Context, dir string, o WatchOptions) error {
	if o.Debounce <= 0 {
		o.Debounce = 2 * time.Second
	}
	if o.Rescan == 0 {
		o.Rescan = 5 * time.Minute
	}
	o.Options = withDefaults(o.Options)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		if err == nil {
			err = fmt.Errorf("not a folder")
		}
		return fmt.Errorf("watch %s: %w", dir, unwrapPathErr(err))
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer w.Close()
	if err := addTree(w, dir); err != nil {
		return err
	}
	round := func() {
		store, release, err := o.Open(ctx)
		if err != nil {
			if o.OnIngest != nil {
				o.OnIngest(&Summary{Entities: map[string]int{}, Relations: map[string]int{}}, fmt.Errorf("cannot open the graph store: %w", err))
			}
			return
		}
		sum, err := Ingest(ctx, store, List([]string{dir}), o.Options)
		release()
		if o.OnIngest != nil {
			o.OnIngest(sum, err)
		}
	}
	round()
	if o.OnWatching != nil {
		o.OnWatching()
	}

	var dirty time.Time         // last event; zero when nothing is pending
	sizes := map[string]int64{} // files touched since the last round, by size
	lastRound := time.Now()
	tick := time.NewTicker(max(o.Debounce/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			o.Logger.Warn("watch error", "dir", dir, "err", err)
			dirty = time.Now() // events may be lost: look again
		case ev := <-w.Events:
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = addTree(w, ev.Name)
				}
			}
			if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
				continue
			}
			dirty = time.Now()
			sizes[ev.Name] = -1
		case now := <-tick.C:
			if dirty.IsZero() {
				if o.Rescan > 0 && now.Sub(lastRound) >= o.Rescan {
					dirty = now.Add(-o.Debounce)
				}
				continue
			}
			settled := now.Sub(dirty) >= o.Debounce
			for path, size := range sizes {
				info, err := os.Stat(path)
				cur := int64(-2) // gone
				if err == nil {
					cur = info.Size()
				}
				if cur != size {
					sizes[path], settled = cur, false // still being written
					dirty = now
				}
			}
			if !settled {
				continue
			}
			dirty, sizes, lastRound = time.Time{}, map[string]int64{}, now
			round()
		}
	}
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
