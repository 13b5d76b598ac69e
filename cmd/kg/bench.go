package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"newskg/graph"
	"newskg/pipeline"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	recognizerFlag(fs)
	corpus := fs.String("corpus", defaultBenchCorpus(), "folder of articles (default: the news corpus ../shared/corpora/news when it is beside the checkout, else seeds)")
	sizes := fs.String("min-mb", "20", "corpus sizes in MB, comma-separated to compare them side by side (20,100); the folder's articles are repeated, each copy a distinct article, until the corpus holds that many MB; 0 uses the folder as it is")
	repeat := fs.Int("repeat", 1, "run each measurement this many times")
	asJSON := fs.Bool("json", false, "print one JSON object per run")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	mbs, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	var results []*pipeline.BenchResult
	for _, mb := range mbs {
		c, err := pipeline.NewBenchCorpus(*corpus, int64(mb*1e6))
		if err != nil {
			return err
		}
		for i := 0; i < *repeat; i++ {
			r, err := benchOnce(ctx, c)
			if err != nil {
				return err
			}
			if *asJSON {
				b, _ := json.Marshal(r)
				fmt.Fprintln(stdout, string(b))
			}
			results = append(results, r)
		}
	}
	if !*asJSON {
		printBenchTable(stdout, results)
	}
	return nil
}

// newsCorpus is the real-news benchmark corpus, beside the checkout.
const newsCorpus = "../shared/corpora/news"

// defaultBenchCorpus is real news when it is there: what users feed kg,
// with distinct entities, rather than the five seeds repeated.
func defaultBenchCorpus() string {
	if st, err := os.Stat(newsCorpus); err == nil && st.IsDir() {
		return newsCorpus
	}
	return "seeds"
}

func parseSizes(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("--min-mb %q: want sizes in MB such as 20 or 20,100", s)
		}
		out = append(out, v)
	}
	return out, nil
}

// benchOnce runs one measurement into a fresh store in a temporary folder,
// its peak RSS measured apart from earlier runs in this process.
func benchOnce(ctx context.Context, c *pipeline.BenchCorpus) (*pipeline.BenchResult, error) {
	runtime.GC()
	debug.FreeOSMemory() // the previous run's dictionaries are garbage now
	pipeline.ResetPeakRSS()
	dir, err := os.MkdirTemp("", "kg-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	store, err := graph.Open(ctx, "kuzu", graph.Config{Path: filepath.Join(dir, "kg.kuzu")})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	if err := store.EnsureSchema(ctx); err != nil {
		return nil, err
	}
	return pipeline.Bench(ctx, c, store, loadExtractor)
}

// printBenchTable prints the runs side by side, one column each.
func printBenchTable(w io.Writer, rs []*pipeline.BenchResult) {
	cols := []string{"measure (one core)"}
	for _, r := range rs {
		cols = append(cols, fmt.Sprintf("%.0f MB corpus", r.CorpusMB))
	}
	rows := &graph.Rows{Columns: cols}
	add := func(name string, f func(r *pipeline.BenchResult) string) {
		row := []any{name}
		for _, r := range rs {
			row = append(row, f(r))
		}
		rows.Values = append(rows.Values, row)
	}
	add("articles", func(r *pipeline.BenchResult) string { return strconv.Itoa(r.Articles) })
	add("dictionary load", func(r *pipeline.BenchResult) string { return fmt.Sprintf("%.2f s", r.DictLoadS) })
	add("gse Cut (bare, the floor)", func(r *pipeline.BenchResult) string { return fmt.Sprintf("%.2f MB/s", r.GseCutMBs) })
	add("gocc t2s", func(r *pipeline.BenchResult) string { return fmt.Sprintf("%.2f MB/s", r.T2SMBs) })
	add("extract (whole stage)", func(r *pipeline.BenchResult) string { return fmt.Sprintf("%.2f MB/s", r.ExtractMBs) })
	add("extract / gse Cut", func(r *pipeline.BenchResult) string { return fmt.Sprintf("%.2f", r.ExtractVsCut) })
	add("load into Kùzu (bulk)", func(r *pipeline.BenchResult) string {
		return fmt.Sprintf("%.0f rows/s (%d rows)", r.LoadRowsS, r.LoadRows)
	})
	add("peak RSS", func(r *pipeline.BenchResult) string { return fmt.Sprintf("%.0f MB", r.PeakRSSMB) })
	printTableFooter(w, rows, false)
}
