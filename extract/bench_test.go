package extract

import (
	"os"
	"path/filepath"
	"testing"

	"newskg/extract/textnorm"
)

// corpusForBench reads the files matching the pattern: the seeds (short,
// noisy news articles) or, when present beside the repository, the
// government work reports (long documents).
func corpusForBench(b *testing.B, pattern string) [][]byte {
	files, _ := filepath.Glob(pattern)
	if len(files) == 0 {
		b.Skipf("no files match %s", pattern)
	}
	var out [][]byte
	for _, f := range files {
		if raw, err := os.ReadFile(f); err == nil {
			out = append(out, raw)
		}
	}
	return out
}

// BenchmarkExtract is the whole extract stage (normalise, convert, segment,
// recognise) on real articles.
func BenchmarkExtract(b *testing.B) {
	b.Run("seeds", func(b *testing.B) { benchmarkExtract(b, "../seeds/*.txt") })
	b.Run("gov-reports", func(b *testing.B) { benchmarkExtract(b, "../../shared/corpora/gov-work-reports/*.txt") })
}

func benchmarkExtract(b *testing.B, pattern string) {
	x := testExtractor(b)
	docs := corpusForBench(b, pattern)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, d := range docs {
			if _, _, err := x.Extract("b.txt", d, textnorm.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
