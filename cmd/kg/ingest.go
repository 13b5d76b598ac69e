package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"time"

	"newskg/extract"
	"newskg/graph"
	"newskg/pipeline"
)

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest", stderr)
	sf := addStoreFlags(fs)
	workers := fs.Int("workers", 0, "parallel extraction workers (default: GOMAXPROCS)")
	maxSize := fs.Int64("max-size", pipeline.DefaultMaxBytes, "largest article accepted, in bytes")
	batch := fs.Int("articles-per-tx", 64, "articles written per store transaction")
	shard := fs.String("shard", "", "process only shard i/n of the corpus, by content hash (e.g. 0/4)")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary and failures")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	verbose := fs.Bool("v", false, "log every article")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	sh, err := pipeline.ParseShard(*shard)
	if err != nil {
		return err
	}
	paths := args
	if len(paths) == 0 {
		paths = []string{"seeds"}
	}
	files, err := pipeline.ListArticles(paths)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, *logFormat, *verbose)
	store, err := sf.open(ctx, false)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()

	t := time.Now()
	x, err := extract.New()
	if err != nil {
		return err
	}
	logger.Info("dictionaries loaded", "took", time.Since(t).Round(time.Millisecond).String(), "articles", len(files))
	opts := pipeline.Options{Workers: *workers, MaxBytes: *maxSize, Batch: *batch, Shard: sh, Logger: logger, Extractor: x}
	if !*quiet {
		opts.Progress = progressLogger(logger)
	}
	sum, runErr := pipeline.Ingest(ctx, store, files, opts)
	printSummary(stdout, sum)
	if st, err := store.Stats(context.WithoutCancel(ctx)); err == nil {
		fmt.Fprintf(stdout, "store now holds %d nodes and %d relationships\n", graph.Total(st.Nodes), graph.Total(st.Relationships))
	}
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

// progressLogger logs progress at most once a second.
func progressLogger(l *slog.Logger) func(pipeline.Progress) {
	last := time.Time{}
	return func(p pipeline.Progress) {
		if time.Since(last) < time.Second && p.Done < p.Total {
			return
		}
		last = time.Now()
		mbs := float64(p.Bytes) / 1e6 / max(p.Elapsed.Seconds(), 1e-9)
		eta := time.Duration(0)
		if p.Done > 0 {
			eta = time.Duration(float64(p.Elapsed) * float64(p.Total-p.Done) / float64(p.Done))
		}
		l.Info("progress", "done", p.Done, "total", p.Total, "MB/s", fmt.Sprintf("%.2f", mbs), "eta", eta.Round(time.Second).String())
	}
}

func printSummary(w io.Writer, s *pipeline.Summary) {
	fmt.Fprintf(w, "articles: %d read, %d unchanged (skipped), %d ingested, %d failed  [%s, extract %s, write %s]\n",
		s.Files, s.Skipped, s.Ingested, len(s.Failed), s.Elapsed.Round(time.Millisecond), s.Extract.Round(time.Millisecond), s.Write.Round(time.Millisecond))
	if len(s.Entities) > 0 {
		fmt.Fprintf(w, "extracted entities: %s\n", counts(s.Entities))
		fmt.Fprintf(w, "extracted relations: %s\n", counts(s.Relations))
	}
	for _, f := range s.Failed {
		fmt.Fprintf(w, "FAILED %s: %s\n", f.File, f.Reason)
	}
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %d", k, m[k])
	}
	return s
}
