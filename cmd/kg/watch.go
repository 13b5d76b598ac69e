package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"newskg/graph"
	"newskg/pipeline"
)

func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("watch", stderr)
	recognizerFlag(fs)
	sf := addStoreFlags(fs)
	workers := workersFlag(fs)
	maxSize := maxSizeFlag(fs)
	debounce := fs.Duration("debounce", 2*time.Second, "how long the folder must stay quiet before a round reads it")
	rescan := fs.Duration("rescan", 5*time.Minute, "read the folder again this often even without events (0: never)")
	keep := fs.Bool("keep-missing", false, "keep the articles of files removed from the folder (by default they are retracted)")
	logFormat := logFormatFlag(fs)
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	dir := "seeds"
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		fs.Usage()
		return exitCode(2)
	}
	if *rescan == 0 {
		*rescan = -1
	}
	logger := newLogger(stderr, string(*logFormat), false)
	// the embedded store is opened for each round only, so that kg query
	// can read it in between
	openStore := func(ctx context.Context) (graph.Store, func(), error) {
		s, err := sf.open(ctx, false)
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}
	if _, release, err := openStore(ctx); err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	} else {
		release()
	}
	return watchFolder(ctx, dir, pipeline.WatchOptions{
		Options:  pipeline.Options{Workers: *workers, MaxBytes: *maxSize, KeepMissing: *keep, Logger: logger, LoadExtractor: timedLoad(logger)},
		Debounce: *debounce,
		Rescan:   *rescan,
		Open:     openStore,
	}, logger)
}

// watchFolder runs pipeline.Watch, logging every round (then calling the
// options' own OnIngest, if any).
func watchFolder(ctx context.Context, dir string, o pipeline.WatchOptions, logger interface {
	Info(string, ...any)
	Warn(string, ...any)
	Error(string, ...any)
}) error {
	o.OnWatching = func() { logger.Info("watching", "dir", dir, "debounce", o.Debounce.String()) }
	then := o.OnIngest // the caller's, after the logging
	o.OnIngest = func(s *pipeline.Summary, err error) {
		if then != nil {
			defer then(s, err)
		}
		if s.Ingested+s.Replaced+s.Removed+s.Renamed+len(s.Failed) > 0 || err != nil {
			logger.Info("round", "read", s.Files, "unchanged", s.Skipped, "ingested", s.Ingested, "replaced", s.Replaced,
				"removed", s.Removed, "renamed", s.Renamed, "failed", len(s.Failed))
		}
		for _, f := range s.Failed {
			logger.Warn("article failed", "file", f.File, "reason", f.Reason)
		}
		if err != nil {
			logger.Error("round stopped", "err", err)
		}
	}
	err := pipeline.Watch(ctx, dir, o)
	if err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
