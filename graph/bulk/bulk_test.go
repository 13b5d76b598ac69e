package bulk_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newskg/graph"
	"newskg/graph/bulk"
	"newskg/graph/graphtest"
	_ "newskg/graph/kuzu"
	"newskg/pipeline"
)

// storeStats ingests the seeds into a fresh Kùzu store and counts it.
func storeStats(t *testing.T) *graph.Stats {
	s := graphtest.TempKuzu(t)
	graphtest.Ingest(t, s, graphtest.SeedsDir(t))
	return graphtest.Stats(t, s)
}

func export(t *testing.T, format string) (string, *graph.Stats) {
	dir := t.TempDir()
	ex, err := bulk.New(dir, format)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := pipeline.ListArticles([]string{graphtest.SeedsDir(t)})
	sum, st, err := pipeline.Export(context.Background(), ex, files, pipeline.Options{Extractor: graphtest.Extractor(t)})
	if err != nil || sum.Ingested != 5 {
		t.Fatalf("export: %v, %+v", err, sum)
	}
	return dir, st
}

func sameCounts(t *testing.T, got, want *graph.Stats) {
	for l, n := range want.Nodes {
		if got.Nodes[l] != n {
			t.Errorf("%s nodes: export %d, store %d", l, got.Nodes[l], n)
		}
	}
	for r, n := range want.Relationships {
		if got.Relationships[r] != n {
			t.Errorf("%s relationships: export %d, store %d", r, got.Relationships[r], n)
		}
	}
}

func TestNeo4jAdminExportMatchesStore(t *testing.T) {
	want := storeStats(t)
	dir, st := export(t, bulk.FormatNeo4jAdmin)
	sameCounts(t, st, want)
	// count rows in the files themselves and check the headers
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	fromFiles := &graph.Stats{Nodes: map[string]int64{}, Relationships: map[string]int64{}}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		header, name := recs[0], filepath.Base(f)
		switch {
		case strings.HasPrefix(name, "nodes_"):
			label := strings.TrimSuffix(strings.TrimPrefix(name, "nodes_"), ".csv")
			if !strings.HasSuffix(header[0], ":ID("+label+")") {
				t.Errorf("%s: header %v", name, header)
			}
			fromFiles.Nodes[label] += int64(len(recs) - 1)
		case strings.HasPrefix(name, "rels_"):
			if !strings.HasPrefix(header[0], ":START_ID(") || !strings.HasPrefix(header[1], ":END_ID(") {
				t.Errorf("%s: header %v", name, header)
			}
			typ := strings.TrimSuffix(strings.TrimPrefix(name, "rels_"), ".csv")
			for _, l := range append([]string{graph.LabelFigure}, graph.EntityLabels...) {
				typ = strings.TrimSuffix(typ, "_"+l)
			}
			fromFiles.Relationships[typ] += int64(len(recs) - 1)
		}
	}
	sameCounts(t, fromFiles, want)
	script, err := os.ReadFile(filepath.Join(dir, "import.sh"))
	if err != nil || !strings.Contains(string(script), "neo4j-admin database import full") || !strings.Contains(string(script), "--nodes=Person=nodes_Person.csv") {
		t.Errorf("import.sh: %v\n%s", err, script)
	}
}

func TestJSONLExportMatchesStore(t *testing.T) {
	want := storeStats(t)
	dir, st := export(t, bulk.FormatJSONL)
	sameCounts(t, st, want)
	b, err := os.ReadFile(filepath.Join(dir, "nodes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if int64(len(lines)) != graph.Total(want.Nodes) {
		t.Errorf("%d node lines, store has %d nodes", len(lines), graph.Total(want.Nodes))
	}
	var n struct {
		Labels []string       `json:"labels"`
		Props  map[string]any `json:"properties"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &n); err != nil || len(n.Labels) != 1 {
		t.Errorf("node line %q: %v", lines[0], err)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := bulk.New(t.TempDir(), "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}
