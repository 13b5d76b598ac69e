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
	s, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: filepath.Join(t.TempDir(), "kg.kuzu")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
