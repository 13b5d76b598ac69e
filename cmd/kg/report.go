package main

import (
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"newskg/graph"
	"newskg/pipeline"
)

// progressFor picks how an operator sees a run: a progress bar on a
// terminal, plain log lines (at most one a second) otherwise, nothing with
// --quiet.
func progressFor(w io.Writer, l *slog.Logger, quiet bool) (func(pipeline.Progress), func()) {
	if quiet {
		return nil, func() {}
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(p pipeline.Progress) {
				if bar == nil {
					bar = progressbar.NewOptions(p.Total, progressbar.OptionSetWriter(w), progressbar.OptionShowCount(),
						progressbar.OptionSetPredictTime(true), progressbar.OptionSetWidth(30), progressbar.OptionClearOnFinish(),
						progressbar.OptionSetDescription("articles"))
				}
				bar.ChangeMax(p.Total)
				bar.Describe(fmt.Sprintf("articles %.2f MB/s", mbPerSec(p)))
				_ = bar.Set(p.Done)
			}, func() {
				if bar != nil {
					_ = bar.Finish()
				}
			}
	}
	last := time.Time{}
	return func(p pipeline.Progress) {
		if time.Since(last) < time.Second && p.Done < p.Total {
			return
		}
		last = time.Now()
		eta := time.Duration(0)
		if p.Done > 0 {
			eta = time.Duration(float64(p.Elapsed) * float64(p.Total-p.Done) / float64(p.Done))
		}
		l.Info("progress", "done", p.Done, "total", p.Total, "MB/s", fmt.Sprintf("%.2f", mbPerSec(p)), "eta", eta.Round(time.Second).String())
	}, func() {}
}

func mbPerSec(p pipeline.Progress) float64 {
	return float64(p.Bytes) / 1e6 / max(p.Elapsed.Seconds(), 1e-9)
}

// printSummary is the end-of-run table: articles, what was extracted, what
// the store gained, and where the time went.
func printSummary(w io.Writer, s *pipeline.Summary, before, after *graph.Stats) {
	rows := &graph.Rows{Columns: []string{"", "", "count"}}
	add := func(a, b string, n any) { rows.Values = append(rows.Values, []any{a, b, n}) }
	add("files", "read", int64(s.Files))
	add("files", "unchanged, skipped", int64(s.Skipped))
	add("files", "failed", int64(len(s.Failed)))
	add("files", "not articles, ignored", int64(len(s.Ignored)))
	add("articles", "ingested", int64(s.Ingested))
	add("articles", "replaced (file changed)", int64(s.Replaced))
	add("articles", "retracted (files gone)", int64(s.Removed))
	if s.Kept > 0 {
		add("articles", "files gone, kept (--keep-missing)", int64(s.Kept))
	}
	add("articles", "renamed or copied", int64(s.Renamed))
	for _, k := range slices.Sorted(maps.Keys(s.Entities)) {
		add("extracted entities", k, int64(s.Entities[k]))
	}
	for _, k := range slices.Sorted(maps.Keys(s.Relations)) {
		add("extracted relations", k, int64(s.Relations[k]))
	}
	if before != nil && after != nil {
		add("store nodes", "now (change)", fmt.Sprintf("%d (%+d)", graph.Total(after.Nodes), graph.Total(after.Nodes)-graph.Total(before.Nodes)))
		add("store relationships", "now (change)", fmt.Sprintf("%d (%+d)", graph.Total(after.Relationships), graph.Total(after.Relationships)-graph.Total(before.Relationships)))
	}
	add("time", "read + clean + extract (all workers)", s.Extract.Round(time.Millisecond).String())
	add("time", "store writes", s.Write.Round(time.Millisecond).String())
	add("time", "wall clock", s.Elapsed.Round(time.Millisecond).String())
	if s.Elapsed > 0 {
		add("throughput", "MB/s", fmt.Sprintf("%.2f", float64(s.Bytes)/1e6/s.Elapsed.Seconds()))
	}
	printTableFooter(w, rows, false)
	for _, f := range s.Failed {
		fmt.Fprintf(w, "FAILED %s: %s\n", f.File, f.Reason)
	}
	for _, f := range s.Ignored {
		fmt.Fprintf(w, "ignored %s: %s\n", f.File, f.Reason)
	}
}
