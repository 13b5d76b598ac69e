package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"newskg/extract"
	"newskg/graph"
	"newskg/graph/graphtest"
	_ "newskg/graph/kuzu"
	"newskg/pipeline"
)

func TestListArticles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b", ".hidden.txt", "c.txt~", "d.swp", "sub/e.txt", ".git/f.txt"} {
		p := filepath.Join(dir, n)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	l := pipeline.List([]string{dir})
	var names []string
	for _, g := range l.Inputs {
		rel, _ := filepath.Rel(dir, g.Path)
		names = append(names, rel)
	}
	if strings.Join(names, ",") != "a.txt,b,sub/e.txt" {
		t.Errorf("List = %v", names)
	}
	if len(l.Ignored) != 3 {
		t.Errorf("ignored %+v, want the hidden file, the backup and the swap file", l.Ignored)
	}
	if l := pipeline.List([]string{filepath.Join(dir, "missing"), dir}); len(l.Failed) != 1 || !strings.Contains(l.Failed[0].File, "missing") || len(l.Inputs) != 3 {
		t.Errorf("a missing path should be a failure of its own, the rest listed: %+v", l)
	}
}

func TestMapKeepsOrderAndBoundsWork(t *testing.T) {
	items := make([]string, 100)
	for i := range items {
		items[i] = fmt.Sprint(i)
	}
	var inFlight, peak atomic.Int32
	var got []string
	err := pipeline.Map(context.Background(), items, 4, func(_ context.Context, s string) (string, error) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		inFlight.Add(-1)
		return s + "!", nil
	}, func(i int, item, v string, err error) error {
		if v != item+"!" || items[i] != item {
			t.Errorf("item %d: %s → %s", i, item, v)
		}
		got = append(got, item)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != strings.Join(items, ",") || peak.Load() > 4 {
		t.Errorf("order or bound broken: peak %d", peak.Load())
	}
}

func TestMapStopsOnCancel(t *testing.T) {
	items := make([]string, 1000)
	ctx, cancel := context.WithCancel(context.Background())
	emitted := 0
	err := pipeline.Map(ctx, items, 2, func(context.Context, string) (int, error) { return 0, nil }, func(i int, _ string, _ int, _ error) error {
		emitted++
		if i == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || emitted >= len(items) {
		t.Errorf("err %v after %d emitted", err, emitted)
	}
}

func openStore(t *testing.T) graph.Store { return graphtest.TempKuzu(t) }

func TestBadFilesAreListedAndTheRestLands(t *testing.T) {
	dir := graphtest.CopySeeds(t)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "binary.txt"), []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), 0o644)
	os.WriteFile(filepath.Join(dir, "big.txt"), []byte(strings.Repeat("无锡高新区发布计划。", 2000)), 0o644)
	s := openStore(t)
	sum, err := pipeline.Ingest(context.Background(), s, pipeline.List([]string{dir}), pipeline.Options{Extractor: graphtest.Extractor(t), MaxBytes: 50000})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Ingested != 5 || len(sum.Failed) != 3 {
		t.Fatalf("ingested %d, failed %+v", sum.Ingested, sum.Failed)
	}
	want := map[string]string{"big.txt": "limit", "binary.txt": "binary", "empty.txt": "empty"}
	for _, f := range sum.Failed {
		if r, ok := want[filepath.Base(f.File)]; !ok || !strings.Contains(f.Reason, r) {
			t.Errorf("failure %s: %q", f.File, f.Reason)
		}
	}
	if n := graphtest.Stats(t, s).Nodes[graph.LabelArticle]; n != 5 {
		t.Errorf("%d articles stored", n)
	}
}

// slowStore cancels the run after its first committed batch.
type slowStore struct {
	graph.Store
	cancel func()
	writes int
}

func (s *slowStore) Apply(ctx context.Context, c graph.Change) error {
	s.writes++
	err := s.Store.Apply(ctx, c)
	if s.writes == 1 {
		s.cancel()
	}
	return err
}

func TestInterruptedRunCommitsWholeArticlesAndResumes(t *testing.T) {
	dir := graphtest.CopySeeds(t)
	files := pipeline.List([]string{dir})
	s := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	sum, err := pipeline.Ingest(ctx, &slowStore{Store: s, cancel: cancel}, files, pipeline.Options{Extractor: graphtest.Extractor(t), Batch: 1, Workers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want a cancelled run, got %v", err)
	}
	if sum.Ingested == 0 || sum.Ingested == 5 {
		t.Fatalf("interrupted run ingested %d of 5", sum.Ingested)
	}
	stored := graphtest.Stats(t, s).Nodes[graph.LabelArticle]
	if int(stored) != sum.Ingested {
		t.Errorf("%d articles stored, %d reported", stored, sum.Ingested)
	}
	// every stored article is complete: it has its mentions
	if n := graphtest.Count(t, s, "MATCH (a:Article) WHERE NOT EXISTS { MATCH (a)-[:MENTIONS]->() } RETURN count(a) AS c", nil); n != 0 {
		t.Errorf("%d articles without their facts", n)
	}
	again, err := pipeline.Ingest(context.Background(), s, files, pipeline.Options{Extractor: graphtest.Extractor(t)})
	if err != nil {
		t.Fatal(err)
	}
	if again.Skipped != sum.Ingested || again.Ingested != 5-sum.Ingested {
		t.Errorf("rerun skipped %d ingested %d", again.Skipped, again.Ingested)
	}
	graphtest.SameDump(t, "resumed run against a clean run", graphtest.Dump(t, s), graphtest.Reference(t, dir))
}

// downStore fails every write.
type downStore struct{ graph.Store }

func (downStore) Apply(context.Context, graph.Change) error { return errors.New("connection refused") }

func TestStoreFailureRetriesThenStops(t *testing.T) {
	dir := graphtest.CopySeeds(t)
	files := pipeline.List([]string{dir})
	s := openStore(t)
	sum, err := pipeline.Ingest(context.Background(), downStore{s}, files, pipeline.Options{Extractor: graphtest.Extractor(t), Retries: 2, Backoff: time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "after 2 attempts") {
		t.Fatalf("want the run to stop after retries, got %v", err)
	}
	if sum.Ingested != 0 || len(sum.Failed) == 0 {
		t.Errorf("summary %+v", sum)
	}
}

func TestShardsPartitionTheCorpus(t *testing.T) {
	sh, err := pipeline.ParseShard("1/3")
	if err != nil || sh.I != 1 || sh.N != 3 {
		t.Fatalf("ParseShard: %+v %v", sh, err)
	}
	for _, bad := range []string{"3/3", "-1/2", "x", "1/0"} {
		if _, err := pipeline.ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	for i := 0; i < 200; i++ {
		id := fmt.Sprintf("%064x", i*7919)
		n := 0
		for k := 0; k < 3; k++ {
			if (pipeline.Shard{I: k, N: 3}).Has(id) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("article %s is in %d shards", id, n)
		}
	}
	dir := graphtest.CopySeeds(t)
	files := pipeline.List([]string{dir})
	s := openStore(t)
	total := 0
	for k := 0; k < 3; k++ {
		sum, err := pipeline.Ingest(context.Background(), s, files, pipeline.Options{Extractor: graphtest.Extractor(t), Shard: pipeline.Shard{I: k, N: 3}})
		if err != nil {
			t.Fatal(err)
		}
		total += sum.Ingested
	}
	if total != 5 {
		t.Errorf("three shards ingested %d articles", total)
	}
	graphtest.SameDump(t, "three shards against one run", graphtest.Dump(t, s), graphtest.Reference(t, dir))
}

func TestBenchMeasuresEveryStage(t *testing.T) {
	c, err := pipeline.NewBenchCorpus(graphtest.SeedsDir(t), 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() <= 5 || c.Bytes() < 100_000 {
		t.Fatalf("corpus not repeated: %d articles, %d bytes", c.Len(), c.Bytes())
	}
	s := openStore(t)
	r, err := pipeline.Bench(context.Background(), c, s, func() (*extract.Extractor, error) { return graphtest.Extractor(t), nil })
	if err != nil {
		t.Fatal(err)
	}
	if r.GseCutMBs <= 0 || r.T2SMBs <= 0 || r.ExtractMBs <= 0 || r.LoadRowsS <= 0 || r.LoadRows == 0 || r.CorpusMB < 0.1 || r.Articles != c.Len() {
		t.Errorf("a stage was not measured: %+v", r)
	}
	// every article, copies included, reached the store as its own article
	if n := graphtest.Stats(t, s).Nodes[graph.LabelArticle]; n != int64(c.Len()) {
		t.Errorf("store holds %d articles, corpus has %d", n, c.Len())
	}
}

func TestFileVanishingMidRunIsReported(t *testing.T) {
	dir := graphtest.CopySeeds(t)
	gone := filepath.Join(dir, "gone.txt")
	os.WriteFile(gone, []byte("无锡高新区发布计划。"), 0o644)
	files := pipeline.List([]string{dir})
	os.Remove(gone) // listed, then deleted before it is read
	sum, err := pipeline.Ingest(context.Background(), openStore(t), files, pipeline.Options{Extractor: graphtest.Extractor(t)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Ingested != 5 || len(sum.Failed) != 1 || filepath.Base(sum.Failed[0].File) != "gone.txt" || !strings.Contains(sum.Failed[0].Reason, "no such file") {
		t.Errorf("summary %+v", sum)
	}
}

func TestDuplicateContentIsOneArticleAndStaysStable(t *testing.T) {
	dir := graphtest.CopySeeds(t)
	b, _ := os.ReadFile(filepath.Join(dir, "004_9915ebdee877c537.txt"))
	os.WriteFile(filepath.Join(dir, "004_copy.txt"), b, 0o644)
	files := pipeline.List([]string{dir})
	s := openStore(t)
	opts := pipeline.Options{Extractor: graphtest.Extractor(t)}
	if _, err := pipeline.Ingest(context.Background(), s, files, opts); err != nil {
		t.Fatal(err)
	}
	first := graphtest.Stats(t, s)
	if first.Nodes[graph.LabelArticle] != 5 {
		t.Errorf("%d articles for 5 distinct contents", first.Nodes[graph.LabelArticle])
	}
	again, err := pipeline.Ingest(context.Background(), s, files, opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Ingested != 0 || again.Skipped != 6 {
		t.Errorf("second run ingested %d, skipped %d: a duplicate flips back and forth", again.Ingested, again.Skipped)
	}
	_ = first
	graphtest.SameDump(t, "a rerun with a copy", graphtest.Dump(t, s), graphtest.Reference(t, dir))
}

// A value the store cannot hold fails its article alone: the batch it
// came in is written again in halves until that article is found, and the
// rest of the batch — an edit, a new article, a deletion — lands as a
// fresh ingest of the folder without the refused file would leave it, on
// the statement and the bulk path. The refused value here is a file name
// holding U+001E, which the embedded store uses as a separator.
func TestOneRefusedArticleFailsAloneAndTheBatchLands(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		t.Run(fmt.Sprintf("bulk=%v", bulk), func(t *testing.T) {
			dir := graphtest.CopySeeds(t)
			s := openStore(t)
			graphtest.Ingest(t, s, dir)
			seeds, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
			first, _ := os.ReadFile(seeds[0])
			bad := filepath.Join(dir, "refused\x1ename.txt")
			os.WriteFile(bad, append(first, "\n(另一篇)\n"...), 0o644)
			os.WriteFile(filepath.Join(dir, "new.txt"), append(first, "\n(新的一篇)\n"...), 0o644)
			edited, _ := os.ReadFile(seeds[1])
			os.WriteFile(seeds[1], append(edited, "\n(更正)\n"...), 0o644)
			os.Remove(seeds[4])

			sum, err := pipeline.Ingest(context.Background(), s, pipeline.List([]string{dir}), pipeline.Options{Extractor: graphtest.Extractor(t), Bulk: bulk, Retries: 3, Backoff: time.Millisecond})
			if err != nil {
				t.Fatalf("a refused value stopped the run: %v", err)
			}
			if len(sum.Failed) != 1 || sum.Failed[0].File != bad || !strings.Contains(sum.Failed[0].Reason, "U+001E") {
				t.Fatalf("failed %+v, want the refused file alone, saying why", sum.Failed)
			}
			if sum.Ingested != 2 || sum.Replaced != 1 || sum.Removed != 1 {
				t.Errorf("ingested %d, replaced %d, removed %d; want 2, 1, 1", sum.Ingested, sum.Replaced, sum.Removed)
			}
			os.Remove(bad)
			graphtest.SameDump(t, "the batch without the refused file", graphtest.Dump(t, s), graphtest.Reference(t, dir))
		})
	}
}
