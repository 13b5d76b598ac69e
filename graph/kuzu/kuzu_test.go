package kuzu_test

import (
	"context"
	"path/filepath"
	"testing"

	"newskg/graph"
	"newskg/graph/graphtest"
	_ "newskg/graph/kuzu"
)

func TestConformance(t *testing.T) { graphtest.Run(t, graphtest.TempKuzu) }

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
