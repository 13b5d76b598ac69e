package extract

import (
	"fmt"
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
// recognise) on real articles, with the name tagger (all) and without it
// (patterns).
func BenchmarkExtract(b *testing.B) {
	for _, corpus := range []struct{ name, pattern string }{
		{"seeds", "../seeds/*.txt"},
		{"gov-reports", "../../shared/corpora/gov-work-reports/*.txt"},
		// real news: the first 1,999 articles of the corpus (THUCNews
		// and broadcast items), what users feed kg
		{"news", "../../shared/corpora/news/00[01]???.txt"},
	} {
		for _, rec := range []string{RecognizeAll, RecognizePatterns} {
			b.Run(corpus.name+"/"+rec, func(b *testing.B) { benchmarkExtract(b, corpus.pattern, rec) })
		}
	}
}

func benchmarkExtract(b *testing.B, pattern, recognizers string) {
	x := testExtractor(b)
	if recognizers == RecognizePatterns {
		patterns := *x // the same segmenter, no model: loading another costs seconds
		patterns.model = nil
		x = &patterns
	}
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

// BenchmarkLargeArticle extracts one article of 1, 4 and 16 MB (real news
// joined into one file, when the news corpus is beside the repository):
// the time per byte must not grow with the article.
func BenchmarkLargeArticle(b *testing.B) {
	files, _ := filepath.Glob("../../shared/corpora/news/*.txt")
	if len(files) == 0 {
		b.Skip("the news corpus is not beside the repository")
	}
	for _, mb := range []int{1, 4, 16} {
		var doc []byte
		for _, f := range files {
			if len(doc) >= mb<<20 {
				break
			}
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			doc = append(doc, raw...)
		}
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			x := testExtractor(b)
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, _, err := x.Extract("big.txt", doc, textnorm.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
