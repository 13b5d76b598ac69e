package pipeline

import (
	"context"
	"errors"
	"time"

	"newskg/graph"
	"newskg/graph/bulk"
)

// Export extracts every listed file and writes the facts to a bulk
// exporter instead of a store: the graph a fresh ingest of the same files
// builds. Bad files are listed in the summary as in Ingest; the same bytes
// under several names are one article with all of them as sources.
func Export(ctx context.Context, ex *bulk.Exporter, l Listing, opts Options) (*Summary, *graph.Stats, error) {
	start := time.Now()
	opts = withDefaults(opts)
	p, err := makePlan(ctx, l, nil, opts)
	sum := &p.summary
	if err != nil {
		return sum, nil, err
	}
	work := func(_ context.Context, in Input) (item, error) { return extractFile(in, p.sources, opts) }
	emit := func(_ int, in Input, it item, err error) error {
		sum.Extract += it.took
		if err != nil {
			sum.Failed = append(sum.Failed, Failure{File: in.Path, Reason: err.Error()})
			return nil
		}
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
			opts.Progress(Progress{Done: sum.Ingested + len(sum.Failed), Total: len(p.extract), Bytes: sum.Bytes, Elapsed: time.Since(start)})
		}
		return err
	}
	runErr := Map(ctx, p.extract, opts.Workers, work, emit)
	st, err := ex.Close()
	if runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, context.Canceled) {
		sum.Stopped = runErr
	}
	sum.Elapsed = time.Since(start)
	return sum, st, runErr
}
