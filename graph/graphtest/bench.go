package graphtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newskg/extract/textnorm"
	"newskg/graph"
)

// FactsOf extracts the files and returns n articles' facts: the files'
// own, then copies under new ids (Copy) until there are n. For write
// benchmarks.
func FactsOf(tb testing.TB, files []string, n int) []graph.Facts {
	tb.Helper()
	if len(files) == 0 {
		tb.Fatal("no files to take facts from")
	}
	x := Extractor(tb)
	var base []graph.Facts
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		res, norm, err := x.Extract(filepath.Base(f), raw, textnorm.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		base = append(base, graph.FactsFromResult(res, norm, []string{f}, time.Now()))
	}
	out := make([]graph.Facts, 0, n)
	for i := 0; len(out) < n; i++ {
		out = append(out, Copy(base[i%len(base)], fmt.Sprintf("#%d", i)))
	}
	return out
}
