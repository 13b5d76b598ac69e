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

// Under kg watch, every change of the suite's scenario (add, edit,
// rename, delete, rename then edit, copies, one name in two folders)
// leaves the graph a fresh ingest of the folder would build.
func TestWatchFollowsEveryChange(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a watcher through the whole scenario")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "corpus")
	os.MkdirAll(dir, 0o755)
	seeds, _ := filepath.Glob(filepath.Join(graphtest.SeedsDir(t), "*.txt"))
	for _, f := range seeds {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	s := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	rounds := make(chan *pipeline.Summary, 100)
	done := make(chan error, 1)
	go func() {
		done <- pipeline.Watch(ctx, dir, pipeline.WatchOptions{
			Options:  pipeline.Options{Extractor: graphtest.Extractor(t)},
			Debounce: 150 * time.Millisecond,
			Open:     func(context.Context) (graph.Store, func(), error) { return s, func() {}, nil },
			OnIngest: func(sum *pipeline.Summary, err error) {
				if err != nil {
					t.Errorf("round: %v", err)
				}
				rounds <- sum
			},
		})
	}()
	select {
	case <-rounds:
	case <-time.After(60 * time.Second):
		t.Fatal("no first round")
	}
	for _, step := range graphtest.Scenario(dir) {
		if err := step.Do(); err != nil {
			t.Fatalf("%s: %v", step.Name, err)
		}
		want := graphtest.Reference(t, dir)
		err := graphtest.Eventually(30*time.Second, func() error { return graphtest.Describe(graphtest.Dump(t, s), want) })
		if err != nil {
			graphtest.SameDump(t, step.Name+" under watch", graphtest.Dump(t, s), want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A file written in two steps (a slow copy) is read once, complete.
func TestWatchWaitsForAFileToSettle(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rounds := make(chan *pipeline.Summary, 10)
	go pipeline.Watch(ctx, dir, pipeline.WatchOptions{
		Options:  pipeline.Options{Extractor: graphtest.Extractor(t)},
		Debounce: 300 * time.Millisecond,
		Open:     func(context.Context) (graph.Store, func(), error) { return s, func() {}, nil },
		OnIngest: func(sum *pipeline.Summary, err error) { rounds <- sum },
	})
	<-rounds
	src, _ := filepath.Glob(filepath.Join(graphtest.SeedsDir(t), "004_*.txt"))
	nb, _ := os.ReadFile(src[0])
	f, err := os.Create(filepath.Join(dir, "new_article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	f.Write(nb[:len(nb)/2])
	time.Sleep(100 * time.Millisecond)
	f.Write(nb[len(nb)/2:])
	f.Close()
	select {
	case sum := <-rounds:
		if sum.Ingested != 1 || len(sum.Failed) != 0 {
			t.Fatalf("new file round: %+v", sum)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no round for the new file")
	}
	if n := graphtest.Stats(t, s).Nodes[graph.LabelArticle]; n != 1 {
		t.Errorf("%d articles; a half-written file was ingested separately?", n)
	}
}
