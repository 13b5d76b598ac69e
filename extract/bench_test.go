package extract

import (
	"os"
	"path/filepath"
	"testing"

	"newskg/extract/textnorm"
)

// corpusForBench is the seeds plus, when present beside the repository,
// the government work reports (long real documents).
func corpusForBench(b *testing.B) [][]byte {
	var files []string
	for _, g := range []string{"../seeds/*.txt", "../../shared/corpora/gov-work-reports/*.txt"} {
		fs, _ := filepath.Glob(g)
		files = append(files, fs...)
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
	x := testExtractor(b)
	docs := corpusForBench(b)
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
