package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"newskg/extract"
	"newskg/extract/textnorm"
	"newskg/graph"
)

// Options tune an ingest run.
type Options struct {
	Workers  int   // extraction workers; 0 means GOMAXPROCS
	MaxBytes int64 // larger files fail with a clear error; 0 means 20 MB
	Batch    int   // articles per store transaction; 0 means 64 (2048 with Bulk)
	// Bulk writes through the store's bulk path (graph.WriteBulk) in large
	// batches: for first loads of big corpora into the embedded store.
	Bulk      bool
	Shard     Shard         // process only this shard of the corpus
	Retries   int           // store write attempts before the run stops; 0 means 4
	Backoff   time.Duration // first retry delay, doubled each time; 0 means 500ms
	Logger    *slog.Logger  // nil: no log
	Progress  func(Progress)
	Extractor *extract.Extractor
	// LoadExtractor, when Extractor is nil, builds it on first need, so
	// a run where every article is unchanged skips the dictionary load.
	LoadExtractor func() (*extract.Extractor, error)

	// Normalize tunes the cleaning stage (e.g. corpus boilerplate learnt
	// with LearnBoilerplate).
	Normalize textnorm.Options

	getExtractor func() (*extract.Extractor, error)
}

// LearnBoilerplate reads every file once and returns the lines that occur
// in at least minDocs of them: in one corpus, site headers and footers.
// Unreadable files are skipped here; the run proper reports them.
func LearnBoilerplate(files []string, minDocs int, maxBytes int64) map[string]bool {
	var c textnorm.LineCounter
	for _, f := range files {
		raw, err := ReadArticle(f, maxBytes)
		if err != nil {
			continue
		}
		if lines, err := textnorm.RawLines(raw); err == nil {
			c.Add(lines)
		}
	}
	return c.Repeated(minDocs)
}

// lazyExtractor returns o's extractor, building it once on first use.
func (o *Options) lazyExtractor() func() (*extract.Extractor, error) {
	if o.Extractor != nil {
		x := o.Extractor
		return func() (*extract.Extractor, error) { return x, nil }
	}
	if o.LoadExtractor == nil {
		return func() (*extract.Extractor, error) { return nil, errors.New("pipeline: no extractor") }
	}
	return sync.OnceValues(o.LoadExtractor)
}

// DefaultMaxBytes is the default size limit of one article.
const DefaultMaxBytes = 20 << 20

// Progress is reported after every article.
type Progress struct {
	Done, Total int
	Bytes       int64
	Elapsed     time.Duration
}

// Failure is one article that could not be ingested, and why.
type Failure struct {
	File   string
	Reason string
}

// Summary is what an ingest run did.
type Summary struct {
	Files     int // articles in this run (after sharding)
	Skipped   int // unchanged since the last ingest
	Ingested  int
	Failed    []Failure
	Entities  map[string]int // extracted, by type
	Relations map[string]int // extracted, by type
	Bytes     int64
	Extract   time.Duration // summed over workers
	Write     time.Duration
	Elapsed   time.Duration
	Stopped   error // why the run stopped early (interrupt, store failure), or nil
}

// Shard selects the articles whose content hash falls in shard I of N.
type Shard struct{ I, N int }

// Has reports whether an article id belongs to the shard (all when N <= 1).
func (s Shard) Has(id string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New32a()
	_, _ = io.WriteString(h, id)
	return int(h.Sum32()%uint32(s.N)) == s.I
}

// ParseShard reads "i/n".
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if s == "" {
		return sh, nil
	}
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.I, &sh.N); err != nil || sh.N < 1 || sh.I < 0 || sh.I >= sh.N {
		return sh, fmt.Errorf("--shard %q: want i/n with 0 <= i < n", s)
	}
	return sh, nil
}

type item struct {
	file    string
	size    int64
	skipped bool
	facts   *graph.Facts
	res     *extract.Result
	took    time.Duration
}

// Ingest extracts every file and writes it to the store. An article whose
// content is already stored is skipped; a changed file replaces its old
// facts. One bad article never stops the batch: it is listed in
// Summary.Failed. The returned error is for the run as a whole (the store
// is down, or the run was interrupted): what was committed stays committed,
// and a rerun continues where this one stopped.
func Ingest(ctx context.Context, store graph.Store, files []string, opts Options) (*Summary, error) {
	start := time.Now()
	opts = withDefaults(opts)
	sum := &Summary{Entities: map[string]int{}, Relations: map[string]int{}}
	stored, err := store.Articles(ctx)
	if err != nil {
		return sum, fmt.Errorf("reading stored articles: %w", err)
	}

	var batch []graph.Facts
	var batchRows int64
	done, total := 0, len(files)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		t := time.Now()
		err := writeWithRetry(ctx, store, batch, opts)
		sum.Write += time.Since(t)
		if err != nil {
			for _, f := range batch {
				sum.Failed = append(sum.Failed, Failure{File: f.Article.File, Reason: "not written: " + err.Error()})
			}
			batch, batchRows = nil, 0
			return err
		}
		sum.Ingested += len(batch)
		batch, batchRows = nil, 0
		return nil
	}

	work := func(ctx context.Context, path string) (item, error) {
		// stored content is unchanged whatever the file is called now: a
		// copy or a renamed file is not written again (and two files with
		// the same bytes are one article)
		return extractFile(path, opts, func(id, name string) bool {
			_, ok := stored[id]
			return ok
		})
	}

	emit := func(_ int, path string, it item, err error) error {
		if errors.Is(err, errNotInShard) {
			total--
			return nil
		}
		done++
		sum.Files++
		sum.Bytes += it.size
		sum.Extract += it.took
		switch {
		case err != nil:
			sum.Failed = append(sum.Failed, Failure{File: path, Reason: err.Error()})
			opts.Logger.Warn("article failed", "file", path, "reason", err.Error())
		case it.skipped:
			sum.Skipped++
			opts.Logger.Debug("unchanged, skipped", "file", path)
		default:
			for _, e := range it.res.Entities {
				sum.Entities[e.Type]++
			}
			for _, r := range it.res.Relations {
				sum.Relations[r.Type]++
			}
			batch = append(batch, *it.facts)
			batchRows += it.facts.Rows()
			opts.Logger.Debug("extracted", "file", path, "entities", len(it.res.Entities), "relations", len(it.res.Relations))
			if len(batch) >= opts.Batch || opts.Bulk && bulkBatchFull(len(batch), batchRows) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Done: done, Total: total, Bytes: sum.Bytes, Elapsed: time.Since(start)})
		}
		return nil
	}
	runErr := Map(ctx, files, opts.Workers, work, emit)
	if runErr == nil || errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded) {
		// commit what is in flight, even when interrupted
		if err := flush(); err != nil && runErr == nil {
			runErr = err
		}
	}
	sum.Elapsed = time.Since(start)
	sum.Stopped = runErr
	sort.Slice(sum.Failed, func(i, j int) bool { return sum.Failed[i].File < sum.Failed[j].File })
	return sum, runErr
}

var errNotInShard = errors.New("not in this shard")

// extractFile reads and extracts one article. An article outside the
// shard gives errNotInShard; one that unchanged(id, file) says is stored
// already is marked skipped and not extracted.
func extractFile(path string, opts Options, unchanged func(id, name string) bool) (item, error) {
	it := item{file: path}
	raw, err := ReadArticle(path, opts.MaxBytes)
	if err != nil {
		return it, err
	}
	it.size = int64(len(raw))
	id := extract.ArticleID(raw)
	if !opts.Shard.Has(id) {
		return item{}, errNotInShard
	}
	name := filepath.Base(path)
	if unchanged != nil && unchanged(id, name) {
		it.skipped = true
		return it, nil
	}
	t := time.Now()
	x, err := opts.getExtractor()
	if err != nil {
		return it, err
	}
	res, _, err := x.Extract(name, raw, opts.Normalize)
	it.took = time.Since(t)
	if err != nil {
		return it, err
	}
	f := graph.FactsFromResult(res, time.Now())
	it.facts, it.res = &f, res
	return it, nil
}

// The bulk path's transactions are large, since its statements cost per
// statement, not per row: up to BulkBatch articles or BulkRows nodes and
// relationships, whichever comes first. The rows bound what one
// transaction holds in memory (the facts here, the transaction in the
// store), however long the articles are.
const (
	BulkBatch = 2048
	BulkRows  = 400_000
)

func bulkBatchFull(articles int, rows int64) bool {
	return articles >= BulkBatch || rows >= BulkRows
}

func withDefaults(o Options) Options {
	if o.getExtractor == nil {
		o.getExtractor = o.lazyExtractor()
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Batch <= 0 {
		o.Batch = 64
		if o.Bulk {
			o.Batch = BulkBatch
		}
	}
	if o.Retries <= 0 {
		o.Retries = 4
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// writeWithRetry writes one batch, retrying a failed transaction with
// back-off. The store rolls a failed transaction back, so a retry never
// doubles anything. A cancelled run still commits the batch it holds.
func writeWithRetry(ctx context.Context, store graph.Store, batch []graph.Facts, o Options) error {
	wctx := context.WithoutCancel(ctx)
	delay := o.Backoff
	var err error
	for attempt := 1; attempt <= o.Retries; attempt++ {
		write := store.Write
		if o.Bulk {
			write = func(ctx context.Context, b []graph.Facts) error { return graph.WriteBulk(ctx, store, b) }
		}
		if err = write(wctx, batch); err == nil {
			return nil
		}
		o.Logger.Warn("store write failed", "attempt", attempt, "articles", len(batch), "err", err)
		if attempt < o.Retries {
			time.Sleep(delay)
			delay *= 2
		}
	}
	return fmt.Errorf("store write failed after %d attempts: %w", o.Retries, err)
}

// ReadArticle reads a file, refusing one larger than max bytes.
func ReadArticle(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathErr(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, unwrapPathErr(err)
	}
	if info.Size() > max {
		return nil, fmt.Errorf("file is %d MB, over the %d MB limit (--max-size)", info.Size()>>20, max>>20)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, unwrapPathErr(err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("file grew past the %d MB limit while being read", max>>20)
	}
	return b, nil
}
