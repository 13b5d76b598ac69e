package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newskg/graph"
	"newskg/graph/graphtest"
	"newskg/pipeline"
)

func TestWatchPicksUpNewAndRemovedFiles(t *testing.T) {
	seeds := graphtest.SeedsDir(t)
	dir := t.TempDir()
	first, _ := filepath.Glob(filepath.Join(seeds, "002_*.txt"))
	b, _ := os.ReadFile(first[0])
	os.WriteFile(filepath.Join(dir, filepath.Base(first[0])), b, 0o644)

	s := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	rounds := make(chan *pipeline.Summary, 10)
	retracted := make(chan string, 10)
	done := make(chan error, 1)
	go func() {
		done <- pipeline.Watch(ctx, s, dir, pipeline.WatchOptions{
			Options:   pipeline.Options{Extractor: graphtest.Extractor(t)},
			Debounce:  200 * time.Millisecond,
			OnIngest:  func(sum *pipeline.Summary, err error) { rounds <- sum },
			OnRetract: func(f string) { retracted <- f },
		})
	}()
	wait := func(what string) *pipeline.Summary {
		select {
		case sum := <-rounds:
			return sum
		case <-time.After(60 * time.Second):
			t.Fatalf("no ingest round for %s", what)
		}
		return nil
	}
	if sum := wait("the files already there"); sum.Ingested != 1 {
		t.Fatalf("first round ingested %d", sum.Ingested)
	}
	// a new article, written in two steps like a slow copy
	src, _ := filepath.Glob(filepath.Join(seeds, "004_*.txt"))
	nb, _ := os.ReadFile(src[0])
	path := filepath.Join(dir, "new_article.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(nb[:len(nb)/2])
	time.Sleep(50 * time.Millisecond)
	f.Write(nb[len(nb)/2:])
	f.Close()
	if sum := wait("the new file"); sum.Ingested != 1 || len(sum.Failed) != 0 {
		t.Fatalf("new file round: %+v", sum)
	}
	if n := graphtest.Count(t, s, "MATCH (p:Person {name: $n}) RETURN count(p) AS c", map[string]any{"n": "卜晓华"}); n != 1 {
		t.Errorf("the new article's person is not in the store (%d)", n)
	}
	if n := graphtest.Stats(t, s).Nodes[graph.LabelArticle]; n != 2 {
		t.Errorf("%d articles; a half-written file was ingested separately?", n)
	}
	os.Remove(path)
	select {
	case f := <-retracted:
		if f != "new_article.txt" {
			t.Errorf("retracted %s", f)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("removed file not retracted")
	}
	if n := graphtest.Count(t, s, "MATCH (p:Person {name: $n}) RETURN count(p) AS c", map[string]any{"n": "卜晓华"}); n != 0 {
		t.Error("the removed article's person is still there")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
