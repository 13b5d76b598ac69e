package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"newskg/graph"
	"newskg/pipeline"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	corpus := fs.String("corpus", "seeds", "folder of articles")
	minMB := fs.Float64("min-mb", 20, "repeat the corpus (each copy a distinct article) until it holds this many MB; 0 to use it as it is")
	repeat := fs.Int("repeat", 1, "run the measurement this many times and print each")
	asJSON := fs.Bool("json", false, "print one JSON object per run")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	docs, err := pipeline.BenchCorpus(*corpus, int64(*minMB*1e6))
	if err != nil {
		return err
	}
	for i := 0; i < *repeat; i++ {
		dir, err := os.MkdirTemp("", "kg-bench-")
		if err != nil {
			return err
		}
		store, err := graph.Open(ctx, "kuzu", graph.Config{Path: filepath.Join(dir, "kg.kuzu")})
		if err != nil {
			return err
		}
		if err := store.EnsureSchema(ctx); err != nil {
			store.Close()
			return err
		}
		r, err := pipeline.Bench(ctx, docs, store)
		store.Close()
		os.RemoveAll(dir)
		if err != nil {
			return err
		}
		if *asJSON {
			b, _ := json.Marshal(r)
			fmt.Fprintln(stdout, string(b))
			continue
		}
		rows := &graph.Rows{Columns: []string{"measure (one core)", "value"}}
		add := func(k, v string) { rows.Values = append(rows.Values, []any{k, v}) }
		add("corpus", fmt.Sprintf("%.1f MB, %d articles", r.CorpusMB, r.Articles))
		add("dictionary load", fmt.Sprintf("%.2f s", r.DictLoadS))
		add("gse Cut (bare, the floor)", fmt.Sprintf("%.2f MB/s", r.GseCutMBs))
		add("gocc t2s", fmt.Sprintf("%.2f MB/s", r.T2SMBs))
		add("extract (whole stage)", fmt.Sprintf("%.2f MB/s", r.ExtractMBs))
		add("extract / gse Cut", fmt.Sprintf("%.2f", r.ExtractVsCut))
		add("load into Kùzu", fmt.Sprintf("%.0f rows/s (%d rows)", r.LoadRowsS, r.LoadRows))
		add("peak RSS", fmt.Sprintf("%.0f MB", r.PeakRSSMB))
		printTableFooter(stdout, rows, false)
	}
	return nil
}
