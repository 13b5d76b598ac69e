package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"newskg/extract"
	"newskg/graph"
	"newskg/pipeline"
)

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest", stderr)
	recognizerFlag(fs)
	sf := addStoreFlags(fs)
	workers := workersFlag(fs)
	maxSize := maxSizeFlag(fs)
	batch := fs.Int("articles-per-tx", 0, "articles written per store transaction (default 256; with --bulk up to 16384, or 200,000 nodes and relationships, whichever comes first)")
	bulk := fs.Bool("bulk", false, "write through the store's bulk path in large transactions (Kùzu: rows loaded from temporary CSV files, about twice as fast per row); for first loads of big corpora")
	keep := fs.Bool("keep-missing", false, "keep the stored articles whose files are gone from the folders given (by default they are retracted, so the graph holds what the folders hold)")
	shard := fs.String("shard", "", "process only shard i/n of the corpus, by content hash (e.g. 0/4)")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary and failures")
	logFormat := logFormatFlag(fs)
	verbose := fs.Bool("v", false, "log every article")
	learn := learnFlag(fs)
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	sh, err := pipeline.ParseShard(*shard)
	if err != nil {
		return usagef("%v", err)
	}
	paths := args
	if len(paths) == 0 {
		paths = []string{"seeds"}
	}
	listing := pipeline.List(paths)
	logger := newLogger(stderr, string(*logFormat), *verbose)
	// the dictionaries load while the store opens, counts and lists what
	// it holds: a third of a one-article ingest, side by side
	load := preload(timedLoad(logger))
	// a run with nothing to extract never asks for the extractor: the
	// load still ends (and logs) before the command returns
	defer func() { _, _ = load() }()
	store, err := sf.open(ctx, false)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()

	progress, done := progressFor(stderr, logger, *quiet)
	opts := pipeline.Options{Workers: *workers, MaxBytes: *maxSize, Batch: *batch, Bulk: *bulk, KeepMissing: *keep, Shard: sh, Logger: logger,
		LoadExtractor: load, Progress: progress, Normalize: normalizeOptions(listing, *learn, *maxSize)}
	// counted while Ingest plans and extracts; its first write waits
	countBefore := graph.StatsBefore(ctx, store)
	sum, runErr := pipeline.Ingest(ctx, store, listing, opts)
	done()
	before, _ := countBefore()
	after := before
	if sum.Wrote() { // counting the relationships scans them: 30 ms in the news corpus' store
		after, _ = store.Stats(context.WithoutCancel(ctx))
	}
	printSummary(stdout, sum, before, after)
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("interrupted: %d articles committed; run the same command again to continue", sum.Ingested)
		}
		return runErr
	}
	if len(sum.Failed) > 0 {
		return exitCode(1)
	}
	return nil
}

// preload starts load at once and returns a function that waits for its
// result.
func preload(load func() (*extract.Extractor, error)) func() (*extract.Extractor, error) {
	var (
		x    *extract.Extractor
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		x, err = load()
	}()
	return func() (*extract.Extractor, error) {
		<-done
		return x, err
	}
}

// timedLoad builds the extractor on first need and logs how long the
// dictionaries took.
func timedLoad(logger *slog.Logger) func() (*extract.Extractor, error) {
	return func() (*extract.Extractor, error) {
		t := time.Now()
		x, err := loadExtractor()
		if err == nil {
			logger.Info("dictionaries loaded", "took", time.Since(t).Round(time.Millisecond).String())
		}
		return x, err
	}
}

func newLogger(w io.Writer, format string, verbose bool) *slog.Logger {
	lvl := slog.LevelInfo
	if verbose {
		lvl = slog.LevelDebug
	}
	o := &slog.HandlerOptions{Level: lvl}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}
