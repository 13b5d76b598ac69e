// Package graphtest is the conformance suite every graph.Store driver
// passes: ingest the seeds, ingest again (same graph), change and add
// articles (old facts retracted, others untouched), merge names across
// scripts, and store hostile text verbatim. Checks use simple counts and
// lookups so that they hold on any Cypher server.
package graphtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newskg/extract"
	"newskg/extract/textnorm"
	"newskg/graph"
	"newskg/pipeline"
)

var loadExtractor = sync.OnceValues(extract.New)

// Extractor is loaded once per test binary.
func Extractor(t testing.TB) *extract.Extractor {
	x, err := loadExtractor()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// SeedsDir finds the repository's seeds/ from a package directory.
func SeedsDir(t testing.TB) string {
	for _, p := range []string{"../seeds", "../../seeds", "../../../seeds"} {
		if fs, _ := filepath.Glob(filepath.Join(p, "*.txt")); len(fs) > 0 {
			return p
		}
	}
	t.Fatal("seeds/ not found")
	return ""
}

// CopySeeds copies the seeds into a fresh folder the test may change.
func CopySeeds(t testing.TB) string {
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(SeedsDir(t), "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Ingest runs the pipeline over dir into s and fails the test on any error.
func Ingest(t testing.TB, s graph.Store, dir string) *pipeline.Summary {
	t.Helper()
	files, err := pipeline.ListArticles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := pipeline.Ingest(context.Background(), s, files, pipeline.Options{Extractor: Extractor(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Failed) > 0 {
		t.Fatalf("ingest failures: %+v", sum.Failed)
	}
	return sum
}

// Stats fails the test if counting fails.
func Stats(t testing.TB, s graph.Store) *graph.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Count runs a query returning one number.
func Count(t testing.TB, s graph.Store, q string, params map[string]any) int64 {
	t.Helper()
	rows, err := s.Query(context.Background(), q, params)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(rows.Values) != 1 || len(rows.Values[0]) != 1 {
		t.Fatalf("%s: want one value, got %v", q, rows.Values)
	}
	switch v := rows.Values[0][0].(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	}
	t.Fatalf("%s: not a number: %#v", q, rows.Values[0][0])
	return 0
}

func sameStats(t testing.TB, what string, a, b *graph.Stats) {
	t.Helper()
	for k, v := range a.Nodes {
		if b.Nodes[k] != v {
			t.Errorf("%s: %s nodes %d then %d", what, k, v, b.Nodes[k])
		}
	}
	for k, v := range a.Relationships {
		if b.Relationships[k] != v {
			t.Errorf("%s: %s relationships %d then %d", what, k, v, b.Relationships[k])
		}
	}
}

// Options adapt the suite to a server's known limits.
type Options struct {
	// SkipHostile, when set, skips the hostile-text test and says why.
	SkipHostile string
}

// Run is the suite. open returns a fresh, empty store with its schema.
func Run(t *testing.T, open func(t *testing.T) graph.Store, opts ...Options) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	t.Run("IdempotentIngest", func(t *testing.T) {
		s := open(t)
		dir := CopySeeds(t)
		first := Ingest(t, s, dir)
		if first.Ingested != 5 {
			t.Fatalf("ingested %d of 5 seeds", first.Ingested)
		}
		a := Stats(t, s)
		if a.Nodes[graph.LabelArticle] != 5 || graph.Total(a.Relationships) == 0 {
			t.Fatalf("unexpected counts %+v", a)
		}
		second := Ingest(t, s, dir)
		if second.Skipped != 5 || second.Ingested != 0 {
			t.Errorf("second run: skipped %d, ingested %d; want 5, 0", second.Skipped, second.Ingested)
		}
		sameStats(t, "ingest twice", a, Stats(t, s))
		// Writing the same facts again (a forced re-ingest) replaces,
		// never duplicates.
		files, _ := pipeline.ListArticles([]string{dir})
		var batch []graph.Facts
		for _, f := range files {
			b, _ := os.ReadFile(f)
			res, _, err := Extractor(t).Extract(filepath.Base(f), b, textnorm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			batch = append(batch, graph.FactsFromResult(res, time.Now()))
		}
		if err := s.Write(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
		sameStats(t, "rewrite", a, Stats(t, s))
	})

	t.Run("CrossScriptMerge", func(t *testing.T) {
		s := open(t)
		Ingest(t, s, CopySeeds(t))
		if n := Count(t, s, "MATCH (p:Person) WHERE p.name = $n RETURN count(p) AS c", map[string]any{"n": "崔荣国"}); n != 1 {
			t.Errorf("崔荣国 nodes: %d, want 1", n)
		}
		if n := Count(t, s, "MATCH (p:Person) WHERE p.name = $n RETURN count(p) AS c", map[string]any{"n": "崔榮國"}); n != 0 {
			t.Errorf("a Traditional-script person node exists")
		}
		// 000 is Traditional, 002 Simplified: both give him positions
		n := Count(t, s, "MATCH (p:Person {name: $n})-[h:HOLDS_POSITION]->(o:Organization {name: $o}) RETURN count(h) AS c", map[string]any{"n": "崔荣国", "o": "无锡高新区"})
		if n < 2 {
			t.Errorf("崔荣国 holds %d positions at 无锡高新区, want one per article (≥2)", n)
		}
	})

	t.Run("Incremental", func(t *testing.T) {
		s := open(t)
		dir := CopySeeds(t)
		Ingest(t, s, dir)
		before := Stats(t, s)
		// 004 alone names 卜晓华; take that paragraph out
		f := filepath.Join(dir, "004_9915ebdee877c537.txt")
		b, _ := os.ReadFile(f)
		var kept []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.Contains(l, "卜晓华") {
				kept = append(kept, l)
			}
		}
		if err := os.WriteFile(f, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := Ingest(t, s, dir)
		if sum.Ingested != 1 || sum.Skipped != 4 {
			t.Errorf("changed one file: ingested %d skipped %d, want 1 and 4", sum.Ingested, sum.Skipped)
		}
		if n := Count(t, s, "MATCH (p:Person) WHERE p.name = $n RETURN count(p) AS c", map[string]any{"n": "卜晓华"}); n != 0 {
			t.Error("卜晓华 is still in the graph after the only article naming him changed")
		}
		if n := Count(t, s, "MATCH (a:Article) RETURN count(a) AS c", nil); n != 5 {
			t.Errorf("%d articles after a change, want 5 (the old version retracted)", n)
		}
		if n := Count(t, s, "MATCH (p:Person {name: $n}) RETURN count(p) AS c", map[string]any{"n": "章金伟"}); n != 1 {
			t.Error("an untouched article's person is gone")
		}
		after := Stats(t, s)
		if after.Nodes[graph.LabelPerson] != before.Nodes[graph.LabelPerson]-1 {
			t.Errorf("persons %d → %d, want one fewer", before.Nodes[graph.LabelPerson], after.Nodes[graph.LabelPerson])
		}
		// a new file appears
		extra := "江苏无锡:新项目签约\n2024-05-06\n苏州汇川技术有限公司总经理王明表示,将在锡山投资10亿元建设新基地。\n"
		if err := os.WriteFile(filepath.Join(dir, "005_new.txt"), []byte(extra), 0o644); err != nil {
			t.Fatal(err)
		}
		sum = Ingest(t, s, dir)
		if sum.Ingested != 1 || sum.Skipped != 5 {
			t.Errorf("added one file: ingested %d skipped %d", sum.Ingested, sum.Skipped)
		}
		if n := Count(t, s, "MATCH (p:Person {name: $n})-[:HOLDS_POSITION]->(c:Company {name: $c}) RETURN count(*) AS c", map[string]any{"n": "王明", "c": "苏州汇川技术有限公司"}); n != 1 {
			t.Errorf("the new article's position is missing (%d)", n)
		}
		// deleting an article retracts it
		ids, err := s.Articles(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for id, file := range ids {
			if file == "005_new.txt" {
				if err := s.DeleteArticle(context.Background(), id); err != nil {
					t.Fatal(err)
				}
			}
		}
		if n := Count(t, s, "MATCH (p:Person {name: $n}) RETURN count(p) AS c", map[string]any{"n": "王明"}); n != 0 {
			t.Error("DeleteArticle left its person behind")
		}
	})

	t.Run("HostileTextStoredVerbatim", func(t *testing.T) {
		if o.SkipHostile != "" {
			t.Skip(o.SkipHostile)
		}
		s := open(t)
		name := "X'}) DETACH DELETE n //`\"公司\\"
		f := graph.Facts{
			Article:  graph.ArticleRow{ID: "hostile", File: "h'`.txt", Title: "MATCH (n) DETACH DELETE n", IngestedAt: "2026-01-01T00:00:00Z"},
			Entities: []graph.EntityRow{{Label: graph.LabelCompany, Name: name, Names: []string{name, "别名'\",\\"}, Count: 1}},
			Figures:  []graph.FigureRow{{ID: "hostile-f", Text: "3\"家", Subject: "a\\b", Evidence: "\"}) RETURN 1 //", Value: 3}},
		}
		// a line break in a value (the bulk path takes none through CSV)
		g := graph.Facts{Article: graph.ArticleRow{ID: "hostile-2", File: "h2.txt", Title: "两行\n标题", IngestedAt: "2026-01-01T00:00:00Z"}}
		for _, batch := range [][]graph.Facts{{f}, {g}} {
			if err := s.Write(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
		}
		if n := Count(t, s, "MATCH (a:Article) WHERE a.title = $t RETURN count(a) AS c", map[string]any{"t": "两行\n标题"}); n != 1 {
			t.Error("title with a line break not stored verbatim")
		}
		if n := Count(t, s, "MATCH (f:Figure) WHERE f.text = $t AND f.subject = $s AND f.evidence = $e AND f.unit = '' RETURN count(f) AS c",
			map[string]any{"t": "3\"家", "s": "a\\b", "e": "\"}) RETURN 1 //"}); n != 1 {
			t.Error("hostile figure not stored verbatim (or its empty unit not stored as an empty string)")
		}
		if n := Count(t, s, "MATCH (c:Company) WHERE c.name = $n AND $a IN c.aliases RETURN count(c) AS c", map[string]any{"n": name, "a": "别名'\",\\"}); n != 1 {
			t.Error("hostile alias not stored verbatim")
		}
		if n := Count(t, s, "MATCH (c:Company) WHERE c.name = $n RETURN count(c) AS c", map[string]any{"n": name}); n != 1 {
			t.Errorf("hostile name not stored verbatim (%d)", n)
		}
		if n := Count(t, s, "MATCH (a:Article) WHERE a.title = $t RETURN count(a) AS c", map[string]any{"t": "MATCH (n) DETACH DELETE n"}); n != 1 {
			t.Error("hostile title not stored verbatim")
		}
	})
}
