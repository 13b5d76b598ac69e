package main

import (
	"context"
	"fmt"
	"io"

	"newskg/graph"
	"newskg/graph/bulk"
	"newskg/pipeline"
)

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	recognizerFlag(fs)
	format := fs.String("format", bulk.FormatNeo4jAdmin, "neo4j-admin (CSV files and import.sh for neo4j-admin database import full) or jsonl (nodes.jsonl, relationships.jsonl)")
	out := fs.String("out", "", "output folder (required)")
	workers := workersFlag(fs)
	maxSize := maxSizeFlag(fs)
	shard := fs.String("shard", "", "export only shard i/n of the corpus, by content hash")
	quiet := fs.Bool("quiet", false, "no progress lines")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	sh, err := pipeline.ParseShard(*shard)
	if err != nil {
		return usagef("%v", err)
	}
	if len(args) == 0 {
		args = []string{"seeds"}
	}
	listing := pipeline.List(args)
	ex, err := bulk.New(*out, *format)
	if err != nil {
		return err
	}
	x, err := loadExtractor()
	if err != nil {
		return err
	}
	logger := newLogger(stderr, "text", false)
	progress, done := progressFor(stderr, logger, *quiet)
	sum, st, err := pipeline.Export(ctx, ex, listing, pipeline.Options{Workers: *workers, MaxBytes: *maxSize, Shard: sh, Extractor: x, Logger: logger, Progress: progress})
	done()
	printSummary(stdout, sum, nil, nil)
	if st != nil {
		fmt.Fprintf(stdout, "wrote %d nodes and %d relationships to %s\n", graph.Total(st.Nodes), graph.Total(st.Relationships), *out)
	}
	if err != nil {
		return err
	}
	if len(sum.Failed) > 0 {
		return exitCode(1)
	}
	return nil
}
