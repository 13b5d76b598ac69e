package bulk_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"newskg/graph"
	"newskg/graph/bulk"
	"newskg/graph/graphtest"
	"newskg/pipeline"
)

// Export writes the files of a corpus in format and returns their folder.
func Export(t *testing.T, format string, paths ...string) (string, *graph.Stats) {
	dir := t.TempDir()
	ex, err := bulk.New(dir, format)
	if err != nil {
		t.Fatal(err)
	}
	sum, st, err := pipeline.Export(context.Background(), ex, pipeline.List(paths), pipeline.Options{Extractor: graphtest.Extractor(t)})
	if err != nil || len(sum.Failed) > 0 {
		t.Fatalf("export: %v, %+v", err, sum.Failed)
	}
	return dir, st
}

// The JSON Lines export is the graph a fresh ingest builds, line for line
// of the canonical dump.
func TestJSONLExportIsTheIngestedGraph(t *testing.T) {
	dir, _ := Export(t, bulk.FormatJSONL, graphtest.SeedsDir(t))
	graphtest.SameDump(t, "JSON Lines export", jsonlAsDump(t, dir), graphtest.Reference(t, graphtest.SeedsDir(t)))
}

// jsonlAsDump turns nodes.jsonl and relationships.jsonl into the lines of
// graph.Dump.
func jsonlAsDump(t *testing.T, dir string) string {
	var lines []string
	each := func(name string, fn func(map[string]any)) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			fn(m)
		}
	}
	nonVolatile := func(props map[string]any) map[string]any {
		for k := range props {
			if k == "ingested_at" {
				delete(props, k)
			}
		}
		return props
	}
	each("nodes.jsonl", func(m map[string]any) {
		label := m["labels"].([]any)[0].(string)
		n, _ := graph.NodeTypeOf(label)
		props := nonVolatile(m["properties"].(map[string]any))
		l, _ := graph.NodeLine(label, props[n.Key], props)
		lines = append(lines, l)
	})
	each("relationships.jsonl", func(m map[string]any) {
		s, e := m["start"].(map[string]any), m["end"].(map[string]any)
		l, _ := graph.RelLine(m["type"].(string), s["label"].(string), s["value"], e["label"].(string), e["value"], m["properties"].(map[string]any))
		lines = append(lines, l)
	})
	sort.Strings(lines)
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// The neo4j-admin files have the headers the model gives, one row per
// node and relationship of the ingested graph. (That neo4j-admin loads
// them into the same graph is proved against Neo4j itself in graph/neo4j.)
func TestNeo4jAdminFilesFollowTheModel(t *testing.T) {
	s := graphtest.TempKuzu(t)
	graphtest.Ingest(t, s, graphtest.SeedsDir(t))
	want := graphtest.Stats(t, s)
	dir, st := Export(t, bulk.FormatNeo4jAdmin, graphtest.SeedsDir(t))
	fromFiles := &graph.Stats{Nodes: map[string]int64{}, Relationships: map[string]int64{}}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
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
			n, ok := graph.NodeTypeOf(label)
			if !ok || header[0] != n.Key+":ID("+label+")" || len(header) != len(n.Props) {
				t.Errorf("%s: header %v", name, header)
			}
			fromFiles.Nodes[label] += int64(len(recs) - 1)
		case strings.HasPrefix(name, "rels_"):
			if !strings.HasPrefix(header[0], ":START_ID(") || !strings.HasPrefix(header[1], ":END_ID(") {
				t.Errorf("%s: header %v", name, header)
			}
			for _, r := range graph.Rels {
				if strings.HasPrefix(name, "rels_"+r.Type+"_") {
					fromFiles.Relationships[r.Type] += int64(len(recs) - 1)
				}
			}
		}
	}
	for _, got := range []*graph.Stats{st, fromFiles} {
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
	script, err := os.ReadFile(filepath.Join(dir, "import.sh"))
	if err != nil || !strings.Contains(string(script), "neo4j-admin database import full") || !strings.Contains(string(script), "'--nodes=Person=nodes_Person.csv'") {
		t.Errorf("import.sh: %v\n%s", err, script)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := bulk.New(t.TempDir(), "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}
