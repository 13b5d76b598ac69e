package neo4j_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"newskg/graph"
	"newskg/graph/graphtest"
	"newskg/graph/neo4j/neo4jtest"
)

// benchFacts is the facts of n articles of the news corpus (when beside
// the repository; the seeds otherwise), copied under new ids when there
// are fewer.
func benchFacts(b *testing.B, n int) []graph.Facts {
	files, _ := filepath.Glob("../../../shared/corpora/news/*.txt")
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(graphtest.SeedsDir(b), "*.txt"))
	}
	return graphtest.FactsOf(b, files[:min(n, len(files))], n)
}

// BenchmarkBoltWrite loads articles over Bolt into the real Neo4j, one
// transaction per batch of articles (UNWIND statements of up to 5000
// rows), and reports nodes and relationships written per second. A first
// load of the same statements, untimed, warms the server up (its query
// plans and its JIT), as a long ingest does within its first batches.
func BenchmarkBoltWrite(b *testing.B) {
	facts := benchFacts(b, 2048)
	warm := neo4jtest.Empty(b)
	for i := 0; i < 512; i += 64 {
		if err := warm.Apply(context.Background(), graph.Change{Write: facts[i : i+64]}); err != nil {
			b.Fatal(err)
		}
	}
	for _, batch := range []int{64, 256, 1024} {
		b.Run(fmt.Sprintf("articles-per-tx=%d", batch), func(b *testing.B) {
			var rows int64
			for _, f := range facts {
				rows += f.Rows()
			}
			var elapsed time.Duration
			for range b.N {
				s := neo4jtest.Empty(b)
				t := time.Now()
				for i := 0; i < len(facts); i += batch {
					if err := s.Apply(context.Background(), graph.Change{Write: facts[i:min(len(facts), i+batch)]}); err != nil {
						b.Fatal(err)
					}
				}
				elapsed += time.Since(t)
			}
			b.ReportMetric(float64(rows)*float64(b.N)/elapsed.Seconds(), "rows/s")
		})
	}
}
