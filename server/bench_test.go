package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newskg/graph"
	"newskg/graph/graphtest"
	"newskg/pipeline"
)

// BenchmarkServeNews measures the search and entity pages' server time on
// a graph of the whole news corpus (11,715 articles; target: under 300
// ms each). The graph is built once, through the bulk path, into
// $KG_NEWS_DB when that names a folder (kept between runs) or a
// temporary one:
//
//	KG_NEWS_DB=/tmp/news.kuzu go test -run '^$' -bench ServeNews ./server
func BenchmarkServeNews(b *testing.B) {
	dir := graphtest.SharedDir(b, "corpora/news")
	path := os.Getenv("KG_NEWS_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "news.kuzu")
	}
	s, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.EnsureSchema(context.Background()); err != nil {
		b.Fatal(err)
	}
	t := time.Now()
	sum, err := pipeline.Ingest(context.Background(), s, pipeline.List([]string{dir}), pipeline.Options{Bulk: true, Extractor: graphtest.Extractor(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("news graph: %d articles ingested, %d unchanged, in %s", sum.Ingested, sum.Skipped, time.Since(t).Round(time.Second))
	ts := httptest.NewServer(newHandler(b, s, "kuzu"))
	defer ts.Close()
	for _, c := range []struct{ name, path string }{
		{"search/person", "/api/search?q=" + url.QueryEscape("习近平")},
		{"search/common", "/api/search?q=" + url.QueryEscape("中国")},
		{"search/traditional", "/api/search?q=" + url.QueryEscape("國務院")},
		{"entity/person-hub", "/api/entity/" + url.PathEscape("Person:习近平")},
		{"entity/place-hub", "/api/entity/" + url.PathEscape("Place:中国")},
		{"entity/body", "/api/entity/" + url.PathEscape("Organization:国务院")},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := http.Get(ts.URL + c.path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("%s: status %d", c.path, res.StatusCode)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
		})
	}
}
