package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"newskg/pipeline"
)

func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("watch", stderr)
	sf := addStoreFlags(fs)
	workers := workersFlag(fs)
	maxSize := maxSizeFlag(fs)
	debounce := fs.Duration("debounce", 2*time.Second, "how long a file must stay unchanged before it is read")
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
	logger := newLogger(stderr, *logFormat, false)
	store, err := sf.open(ctx, false)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()
	x, err := loadExtractor()
	if err != nil {
		return err
	}
	logger.Info("watching", "dir", dir, "debounce", debounce.String())
	err = pipeline.Watch(ctx, store, dir, pipeline.WatchOptions{
		Options:  pipeline.Options{Workers: *workers, MaxBytes: *maxSize, Logger: logger, Extractor: x},
		Debounce: *debounce,
		OnIngest: func(s *pipeline.Summary, err error) {
			logger.Info("ingested", "read", s.Files, "skipped", s.Skipped, "ingested", s.Ingested, "failed", len(s.Failed))
			for _, f := range s.Failed {
				logger.Warn("article failed", "file", f.File, "reason", f.Reason)
			}
			if err != nil {
				logger.Error("round stopped", "err", err)
			}
		},
		OnRetract: func(file string) { logger.Info("file removed, article retracted", "file", file) },
	})
	if err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
