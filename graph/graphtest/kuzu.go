package graphtest

import (
	"context"
	"path/filepath"
	"testing"

	"newskg/graph"
	_ "newskg/graph/kuzu" // the embedded store the tests use
)

// TempKuzu opens an empty embedded store with its schema in a temporary
// folder, closed when the test ends.
func TempKuzu(t *testing.T) graph.Store {
	t.Helper()
	return OpenKuzu(t, filepath.Join(t.TempDir(), "kg.kuzu"))
}

// OpenKuzu opens (creating it if needed) the embedded store at path,
// closed when the test ends.
func OpenKuzu(t *testing.T, path string) graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// KuzuHarness runs the suite on the embedded store; each reopen is a new
// database handle on the same file, as a new kg process would have.
func KuzuHarness(bulk bool) Harness {
	paths := map[graph.Store]string{}
	return Harness{
		Fresh: func(t *testing.T) graph.Store {
			p := filepath.Join(t.TempDir(), "kg.kuzu")
			s := OpenKuzu(t, p)
			paths[s] = p
			return s
		},
		Reopen: func(t *testing.T, s graph.Store) graph.Store {
			p := paths[s]
			s.Close()
			n := OpenKuzu(t, p)
			paths[n] = p
			return n
		},
		Bulk: bulk,
	}
}

func init() {
	ReferenceStore = TempKuzu
	Reference = func(t *testing.T, paths ...string) string {
		t.Helper()
		s := TempKuzu(t)
		Ingest(t, s, paths...)
		d := Dump(t, s)
		s.Close()
		return d
	}
}
