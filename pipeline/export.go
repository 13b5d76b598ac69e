package pipeline

import (
	"context"
	"errors"
	"time"

	"newskg/graph"
	"newskg/graph/bulk"
)

// Export extracts every file and writes the facts to a bulk exporter
// instead of a store. Bad files are listed in the summary as in Ingest; an
// article whose content repeats another's (same hash) is written once.
func Export(ctx context.Context, ex *bulk.Exporter, files []string, opts Options) (*Summary, *graph.Stats, error) {
	start := time.Now()
	opts = withDefaults(opts)
	sum := &Summary{Entities: map[string]int{}, Relations: map[string]int{}}
	seen := map[string]bool{}
	work := func(_ context.Context, path string) (item, error) { return extractFile(path, opts, nil) }
	emit := func(_ int, path string, it item, err error) error {
		if errors.Is(err, errNotInShard) {
			return nil
		}
		sum.Files++
		sum.Bytes += it.size
		sum.Extract += it.took
		if err != nil {
			sum.Failed = append(sum.Failed, Failure{File: path, Reason: err.Error()})
			return nil
		}
		if seen[it.facts.Article.ID] {
			sum.Skipped++
			return nil
		}
		seen[it.facts.Article.ID] = true
		for _, e := range it.res.Entities {
			sum.Entities[e.Type]++
		}
		for _, r := range it.res.Relations {
			sum.Relations[r.Type]++
		}
		t := time.Now()
		err = ex.Add(*it.facts)
		sum.Write += time.Since(t)
		if err == nil {
			sum.Ingested++
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Done: sum.Files, Total: len(files), Bytes: sum.Bytes, Elapsed: time.Since(start)})
		}
		return err
	}
	runErr := Map(ctx, files, opts.Workers, work, emit)
	st, err := ex.Close()
	if runErr == nil {
		runErr = err
	}
	sum.Elapsed = time.Since(start)
	return sum, st, runErr
}
