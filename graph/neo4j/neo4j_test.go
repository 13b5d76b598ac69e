package neo4j_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newskg/graph"
	"newskg/graph/bulk"
	"newskg/graph/graphtest"
	"newskg/graph/neo4j/neo4jtest"
	"newskg/pipeline"
)

// These tests run against a real Neo4j (see neo4jtest): .ci/run sets
// NEO4J_LAUNCHER, and each test binary starts its own.
func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

func harness() graphtest.Harness {
	return graphtest.Harness{Fresh: func(t *testing.T) graph.Store { return neo4jtest.Empty(t) }}
}

// The whole suite over Bolt, compared with the embedded store's graph.
func TestConformanceOverBolt(t *testing.T) { graphtest.Run(t, harness()) }

// The same corpus ingested into both stores gives the same graph, property
// for property: the seeds and the 52 government work reports.
func TestBothStoresHoldTheSameGraph(t *testing.T) {
	corpora := []string{graphtest.SeedsDir(t)}
	if os.Getenv("KG_SHORT") == "" {
		if dir := filepath.Join(filepath.Dir(graphtest.RepoFile(t, "go.mod")), "..", "shared", "corpora", "gov-work-reports"); dirExists(dir) {
			corpora = append(corpora, dir)
		}
	}
	for _, dir := range corpora {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s := neo4jtest.Empty(t)
			graphtest.Ingest(t, s, dir)
			graphtest.SameDump(t, "Neo4j and Kùzu", graphtest.Dump(t, s), graphtest.Reference(t, dir))
		})
	}
}

func dirExists(p string) bool { info, err := os.Stat(p); return err == nil && info.IsDir() }

func TestUnreachableServerFailsFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	start := time.Now()
	_, err = graph.Open(context.Background(), "neo4j", graph.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", port), User: "neo4j"})
	if err == nil {
		t.Fatal("opened a store with no server behind it")
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("took %s to fail", time.Since(start))
	}
}

// The full-text index reads Chinese as words (the CJK analyzer): 高新区
// finds the zones, not every name with 高, 新 or 区 in it.
func TestFullTextIndexIsCJK(t *testing.T) {
	s := neo4jtest.Empty(t)
	graphtest.Ingest(t, s, graphtest.SeedsDir(t))
	// the index fills asynchronously
	var got []string
	err := graphtest.Eventually(30*time.Second, func() error {
		rows, err := s.Query(context.Background(), "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.name AS name", map[string]any{"q": `"高新区"`})
		if err != nil {
			return err
		}
		got = got[:0]
		for _, r := range rows.Values {
			got = append(got, r[0].(string))
		}
		if len(got) == 0 {
			return fmt.Errorf("no hits yet")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range got {
		if !strings.Contains(n, "高新") {
			t.Errorf("全文 \"高新区\" matched %s", n)
		}
	}
	if !contains(got, "无锡高新区") {
		t.Errorf("全文 \"高新区\" misses 无锡高新区: %v", got)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestServerKilledMidIngest kills Neo4j (SIGKILL) during an ingest,
// restarts it and reruns: the graph equals a clean run's.
func TestServerKilledMidIngest(t *testing.T) {
	srv := neo4jtest.Current(t)
	if !srv.Started() {
		t.Skip("needs a Neo4j this test started (NEO4J_LAUNCHER): it kills and restarts the server")
	}
	ctx := context.Background()
	neo4jtest.Empty(t)
	cfg := srv.Config()
	cfg.RetryTime = time.Second
	s, err := graph.Open(ctx, "neo4j", cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := graphtest.CopySeeds(t)
	var killed atomic.Bool
	_, err = pipeline.Ingest(ctx, s, pipeline.List([]string{dir}), pipeline.Options{Extractor: graphtest.Extractor(t), Batch: 1, Workers: 1, Retries: 2, Backoff: 10 * time.Millisecond,
		Progress: func(p pipeline.Progress) {
			if p.Done == 3 && killed.CompareAndSwap(false, true) {
				srv.Kill()
			}
		}})
	if err == nil {
		t.Fatal("the ingest did not notice the server was gone")
	}
	s.Close()
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	s2, err := graph.Open(ctx, "neo4j", srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	graphtest.Ingest(t, s2, dir)
	graphtest.SameDump(t, "after a server crash and a rerun", graphtest.Dump(t, s2), graphtest.Reference(t, dir))
}

// `kg export --format neo4j-admin` loaded with neo4j-admin database import
// full into a fresh database of the same Neo4j holds the graph kg ingest
// writes, property for property.
func TestNeo4jAdminImportRoundTrips(t *testing.T) {
	launcher := neo4jtest.Launcher()
	if launcher == "" {
		msg := "needs NEO4J_LAUNCHER: runs neo4j-admin and a second Neo4j"
		if os.Getenv("KG_REQUIRE_NEO4J") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dirs := []string{graphtest.SeedsDir(t)}
	if reports := filepath.Join(filepath.Dir(graphtest.RepoFile(t, "go.mod")), "..", "shared", "corpora", "gov-work-reports"); dirExists(reports) {
		dirs = append(dirs, reports)
	}
	out := t.TempDir()
	ex, err := bulk.New(out, bulk.FormatNeo4jAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := pipeline.Export(context.Background(), ex, pipeline.List(dirs), pipeline.Options{Extractor: graphtest.Extractor(t)}); err != nil {
		t.Fatal(err)
	}
	args, err := bulk.ImportArgs(out, "neo4j")
	if err != nil {
		t.Fatal(err)
	}
	home, err := os.MkdirTemp("", "neo4j-import-")
	if err != nil {
		t.Fatal(err)
	}
	if log, err := neo4jtest.Import(launcher, home, args); err != nil {
		t.Fatalf("neo4j-admin import: %v\n%s", err, log)
	}
	srv, err := neo4jtest.LaunchIn(launcher, home)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s, err := graph.Open(context.Background(), "neo4j", srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatalf("kg refuses the imported database: %v", err)
	}
	graphtest.SameDump(t, "neo4j-admin import", graphtest.Dump(t, s), graphtest.Reference(t, dirs...))
}
