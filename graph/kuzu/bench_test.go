package kuzu_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"newskg/graph"
	"newskg/graph/graphtest"
)

// benchFacts is the facts of the seeds and, when present beside the
// repository, the government work reports, each article repeated under
// new names until there are n articles.
func benchFacts(b *testing.B, n int) []graph.Facts {
	var files []string
	for _, g := range []string{filepath.Join(graphtest.SeedsDir(b), "*.txt"), "../../../shared/corpora/gov-work-reports/*.txt"} {
		fs, _ := filepath.Glob(g)
		files = append(files, fs...)
	}
	return graphtest.FactsOf(b, files, n)
}

// BenchmarkWrite loads articles into a fresh store in batches of 256, as
// kg ingest does, and reports nodes and relationships written per second.
func BenchmarkWrite(b *testing.B) { benchmarkWrite(b, 1024, 256, false) }

// BenchmarkWriteBulk is the bulk path (kg ingest --bulk) with one batch.
func BenchmarkWriteBulk(b *testing.B) { benchmarkWrite(b, 1024, 1024, true) }

func benchmarkWrite(b *testing.B, articles, batchSize int, bulk bool) {
	facts := benchFacts(b, articles)
	var rows int64
	for _, f := range facts {
		rows += f.Rows()
	}
	var elapsed time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: filepath.Join(b.TempDir(), "kg.kuzu")})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.EnsureSchema(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t := time.Now()
		for i := 0; i < len(facts); i += batchSize {
			part := facts[i:min(len(facts), i+batchSize)]
			apply := s.Apply
			if bulk {
				apply = s.(graph.BulkApplier).ApplyBulk
			}
			if err := apply(context.Background(), graph.Change{Write: part}); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(t)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/elapsed.Seconds(), "rows/s")
}
