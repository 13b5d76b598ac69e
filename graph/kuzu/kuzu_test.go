package kuzu_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"newskg/graph"
	"newskg/graph/graphtest"
	_ "newskg/graph/kuzu"
)

func TestConformance(t *testing.T) { graphtest.Run(t, graphtest.TempKuzu) }

// The bulk path keeps the same contract: the whole suite, every write
// going through WriteBulk.
func TestConformanceBulk(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store { return bulkOnly{graphtest.TempKuzu(t)} })
}

type bulkOnly struct{ graph.Store }

func (s bulkOnly) Write(ctx context.Context, batch []graph.Facts) error {
	return s.Store.(graph.BulkWriter).WriteBulk(ctx, batch)
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kg.kuzu")
	s, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Query(context.Background(), "CREATE (:Person {name: 'x'})", nil); err == nil {
		t.Error("a read-only store accepted a write")
	}
	if _, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: filepath.Join(t.TempDir(), "missing"), ReadOnly: true}); err == nil {
		t.Error("opening a missing database read-only should fail")
	}
}

// The bulk path and the statement path store the same graph, property for
// property (empty strings stay empty strings, missing years stay null).
func TestBulkAndStatementPathsStoreTheSameGraph(t *testing.T) {
	plain := graphtest.TempKuzu(t)
	bulk := bulkOnly{graphtest.TempKuzu(t)}
	dir := graphtest.CopySeeds(t)
	graphtest.Ingest(t, plain, dir)
	graphtest.Ingest(t, bulk, dir)
	queries := []string{
		"MATCH (a:Article) RETURN a.id, a.file, a.title, a.published, a.script, a.encoding ORDER BY a.id",
		"MATCH (f:Figure) RETURN f.id, f.text, f.value, f.unit, f.subject, f.year, f.article, f.evidence ORDER BY f.id",
		"MATCH (a:Article)-[:REPORTS]->(f:Figure) RETURN a.id, f.id ORDER BY a.id, f.id",
		"MATCH (p:Person)-[h:HOLDS_POSITION]->(o) RETURN p.name, label(o), o.name, h.title, h.article, h.evidence ORDER BY p.name, o.name, h.title, h.article, h.evidence",
		"MATCH (o)-[i:ISSUED]->(p:Plan) RETURN label(o), o.name, p.name, i.date, i.article, i.evidence ORDER BY o.name, p.name, i.article, i.date, i.evidence",
	}
	for _, l := range graph.EntityLabels {
		queries = append(queries,
			"MATCH (n:"+l+") RETURN n.name, n.aliases ORDER BY n.name",
			"MATCH (a:Article)-[m:MENTIONS]->(n:"+l+") RETURN a.id, n.name, m.count ORDER BY a.id, n.name")
	}
	for _, q := range queries {
		a, err := plain.Query(context.Background(), q, nil)
		if err != nil {
			t.Fatal(q, err)
		}
		b, err := bulk.Query(context.Background(), q, nil)
		if err != nil {
			t.Fatal(q, err)
		}
		if len(a.Values) == 0 && !strings.Contains(q, "ISSUED") {
			t.Errorf("%s: no rows on the seeds", q)
		}
		if !reflect.DeepEqual(a.Values, b.Values) {
			t.Errorf("%s:\n statements: %v\n bulk:       %v", q, a.Values, b.Values)
		}
	}
}

// The bulk path puts its file paths into LOAD FROM and COPY: a temporary
// folder whose path could end the quoted string is refused, clearly.
func TestBulkRefusesQuotedTempDir(t *testing.T) {
	s := graphtest.TempKuzu(t)
	odd := filepath.Join(t.TempDir(), "it's")
	if err := os.Mkdir(odd, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", odd)
	f := graph.Facts{Article: graph.ArticleRow{ID: "a", File: "a.txt", IngestedAt: "2026-01-01T00:00:00Z"}}
	err := s.(graph.BulkWriter).WriteBulk(context.Background(), []graph.Facts{f})
	if err == nil || !strings.Contains(err.Error(), "TMPDIR") {
		t.Errorf("want a TMPDIR error, got %v", err)
	}
}
