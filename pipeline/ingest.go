package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
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
	Batch    int   // articles per store transaction; 0 means DefaultBatch (BulkBatch with Bulk)
	// Bulk writes through the store's bulk path (graph.ApplyBulk) in large
	// batches: for first loads of big corpora into the embedded store.
	Bulk bool
	// KeepMissing keeps the stored articles whose files are gone from the
	// folders of the run (by default they are retracted: the folder is
	// what the graph holds).
	KeepMissing bool
	Shard       Shard         // process only this shard of the corpus
	Retries     int           // store write attempts before the run stops; 0 means 4
	Backoff     time.Duration // first retry delay, doubled each time; 0 means 500ms
	Logger      *slog.Logger  // nil: no log
	Progress    func(Progress)
	Extractor   *extract.Extractor
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
func LearnBoilerplate(inputs []Input, minDocs int, maxBytes int64) map[string]bool {
	var c textnorm.LineCounter
	for _, in := range inputs {
		raw, err := ReadArticle(in.Path, maxBytes)
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

// Failure is one file that could not be ingested (or was not read), and
// why.
type Failure struct {
	File   string
	Reason string
}

// Summary is what an ingest run did.
type Summary struct {
	Files    int // article files read (in this shard)
	Skipped  int // files whose article is stored unchanged
	Ingested int // articles written
	Replaced int // stored versions retracted because their file changed
	Removed  int // stored articles retracted because their files are gone
	Kept     int // stored articles whose files are gone, kept (KeepMissing)
	Renamed  int // stored articles whose list of files changed (renamed, copied, a copy removed)
	Failed   []Failure
	Ignored  []Failure // files in the folders that are not articles, and why
	Entities map[string]int
	// Relations counts the extracted relations by type.
	Relations map[string]int
	Bytes     int64
	Extract   time.Duration // summed over workers
	Write     time.Duration
	Elapsed   time.Duration
	Stopped   error // why the run stopped early (interrupt, store failure), or nil
}

// Wrote reports whether the run committed anything to the store.
func (s *Summary) Wrote() bool { return s.Ingested+s.Replaced+s.Removed+s.Renamed > 0 }

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

// hashed is one input after the first pass: its article id, or why it
// cannot be read.
type hashed struct {
	id   string
	size int64
}

// plan is what a run changes, decided from the files found and the
// articles stored before anything is extracted.
type plan struct {
	extract   []Input             // one file per new article
	sources   map[string][]string // new article id → its files
	replaces  map[string][]string // new article id → stored ids it replaces
	retract   []string            // stored ids whose files are gone
	setSource map[string][]string // stored id → its new files
	summary   Summary
}

// Ingest makes the graph hold what the listed files say: it adds the
// articles that are new, replaces those whose file changed, retracts those
// whose files are gone from the folders of the run (unless KeepMissing),
// and records renamed or copied files — so that after any sequence of
// adds, edits, renames and deletes the graph equals what a fresh ingest of
// the same folders builds. Articles stored unchanged are not read again.
//
// One bad file never stops the batch: it is listed in Summary.Failed, and
// what was stored for it stays. The returned error is for the run as a
// whole (the store is down, the run was interrupted): what was committed
// stays committed, and a rerun continues where this one stopped.
func Ingest(ctx context.Context, store graph.Store, l Listing, opts Options) (*Summary, error) {
	start := time.Now()
	opts = withDefaults(opts)
	stored, err := store.Articles(ctx)
	if err != nil {
		return &Summary{Entities: map[string]int{}, Relations: map[string]int{}}, fmt.Errorf("reading stored articles: %w", err)
	}
	p, err := makePlan(ctx, l, stored, opts)
	sum := &p.summary
	if err != nil {
		sum.Elapsed, sum.Stopped = time.Since(start), err
		return sum, err
	}

	// Deletions and renames go with the first batch; a replaced version
	// goes in the transaction that writes its new version, so a reader
	// never sees the article missing, nor twice.
	var batch []graph.Facts
	var batchRows int64
	pendingDeletes, pendingSources := p.retract, p.setSource
	done, total := 0, len(p.extract)
	flush := func() error {
		extra := graph.Change{Retract: pendingDeletes, Sources: pendingSources}
		if len(batch) == 0 && extra.Empty() {
			return nil
		}
		t := time.Now()
		w := writeIsolating(ctx, store, batch, extra, p.replaces, opts)
		sum.Write += time.Since(t)
		sum.Failed = append(sum.Failed, w.failed...)
		sum.Ingested += len(w.landed)
		for _, f := range w.landed {
			sum.Replaced += len(p.replaces[f.ID()])
		}
		if w.extraLanded {
			sum.Removed += len(pendingDeletes)
			sum.Renamed += len(pendingSources)
			pendingDeletes, pendingSources = nil, nil
		}
		batch, batchRows = nil, 0
		return w.err
	}

	work := func(ctx context.Context, in Input) (item, error) { return extractFile(in, p.sources, opts) }
	emit := func(_ int, in Input, it item, err error) error {
		done++
		sum.Extract += it.took
		switch {
		case err != nil:
			sum.Failed = append(sum.Failed, Failure{File: in.Path, Reason: err.Error()})
			opts.Logger.Warn("article failed", "file", in.Path, "reason", err.Error())
		default:
			for _, e := range it.res.Entities {
				sum.Entities[e.Type]++
			}
			for _, r := range it.res.Relations {
				sum.Relations[r.Type]++
			}
			batch = append(batch, *it.facts)
			batchRows += it.facts.Rows()
			opts.Logger.Debug("extracted", "file", in.Path, "entities", len(it.res.Entities), "relations", len(it.res.Relations))
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
	runErr := Map(ctx, p.extract, opts.Workers, work, emit)
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

// makePlan reads every listed file once (its bytes' hash is the article's
// id) and decides, against what is stored, what the run will do.
func makePlan(ctx context.Context, l Listing, stored map[string][]string, opts Options) (*plan, error) {
	p := &plan{sources: map[string][]string{}, replaces: map[string][]string{}, setSource: map[string][]string{}}
	sum := &p.summary
	sum.Entities, sum.Relations = map[string]int{}, map[string]int{}
	sum.Failed = append(sum.Failed, l.Failed...)
	sum.Ignored = l.Ignored
	unreadable := map[string]bool{}
	for _, f := range l.Failed {
		unreadable[SourceOf(f.File)] = true
	}
	found := map[string]string{} // source → id
	first := map[string]Input{}  // id → the file to read it from
	err := Map(ctx, l.Inputs, opts.Workers, func(_ context.Context, in Input) (hashed, error) {
		raw, err := ReadArticle(in.Path, opts.MaxBytes)
		if err != nil {
			return hashed{}, err
		}
		id := extract.ArticleID(raw)
		if _, ok := stored[id]; !ok { // a stored article's bytes passed when it was written
			if err := textnorm.CheckBytes(raw); err != nil {
				return hashed{}, err
			}
		}
		return hashed{id: id, size: int64(len(raw))}, nil
	}, func(_ int, in Input, h hashed, err error) error {
		if err != nil {
			unreadable[in.Source] = true
			sum.Failed = append(sum.Failed, Failure{File: in.Path, Reason: err.Error()})
			return nil
		}
		if !opts.Shard.Has(h.id) {
			found[in.Source] = h.id // another shard's article: not gone, not ours
			return nil
		}
		sum.Files++
		found[in.Source] = h.id
		if _, ok := first[h.id]; !ok {
			first[h.id] = in
			if _, ok := stored[h.id]; !ok {
				sum.Bytes += h.size
			}
		}
		p.sources[h.id] = append(p.sources[h.id], in.Source)
		if _, ok := stored[h.id]; ok {
			sum.Skipped++
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	for _, id := range slices.Sorted(maps.Keys(stored)) {
		if !opts.Shard.Has(id) {
			continue
		}
		var keep, replacedBy []string
		missing := false
		for _, s := range stored[id] {
			switch now, ok := found[s]; {
			case !l.Scope.Covers(s) || unreadable[s]:
				keep = append(keep, s) // not this run's to judge
			case ok && now == id:
			case ok:
				replacedBy = append(replacedBy, now)
			case opts.KeepMissing:
				keep, missing = append(keep, s), true
			}
		}
		now := union(keep, p.sources[id])
		switch {
		case len(now) == 0 && len(replacedBy) > 0:
			for _, r := range dedupe(replacedBy) {
				if _, isNew := stored[r]; !isNew && opts.Shard.Has(r) {
					p.replaces[r] = append(p.replaces[r], id)
				}
			}
			// replaced by an article already stored (an edit that
			// restores an earlier copy), or by another shard's: plain retract
			if !anyNew(replacedBy, stored, opts.Shard) {
				p.retract = append(p.retract, id)
			}
		case len(now) == 0:
			p.retract = append(p.retract, id)
		case !sameSet(now, stored[id]):
			p.setSource[id] = now
		}
		if missing {
			sum.Kept++
		}
	}
	for id, in := range first {
		if _, ok := stored[id]; !ok {
			p.extract = append(p.extract, in)
		}
	}
	sort.Slice(p.extract, func(i, j int) bool { return p.extract[i].Source < p.extract[j].Source })
	for id := range p.sources {
		sort.Strings(p.sources[id])
	}
	return p, nil
}

func anyNew(ids []string, stored map[string][]string, sh Shard) bool {
	for _, id := range ids {
		if _, ok := stored[id]; !ok && sh.Has(id) {
			return true
		}
	}
	return false
}

type item struct {
	facts *graph.Facts
	res   *extract.Result
	took  time.Duration
}

// extractFile reads one article again and extracts it. The bytes must
// still be those the plan hashed.
func extractFile(in Input, sources map[string][]string, opts Options) (item, error) {
	raw, err := ReadArticle(in.Path, opts.MaxBytes)
	if err != nil {
		return item{}, err
	}
	id := extract.ArticleID(raw)
	srcs, ok := sources[id]
	if !ok {
		return item{}, errors.New("the file changed while this run read it; run again")
	}
	t := time.Now()
	x, err := opts.getExtractor()
	if err != nil {
		return item{}, err
	}
	res, norm, err := x.Extract(in.Source, raw, opts.Normalize)
	if err != nil {
		return item{took: time.Since(t)}, err
	}
	f := graph.FactsFromResult(res, norm, srcs, time.Now())
	return item{facts: &f, res: res, took: time.Since(t)}, nil
}

// The bulk path's transactions are large, since its statements cost per
// statement, not per row, and each COMMIT checkpoints (Kùzu forces it
// after COPY) at a cost of its own: ~2.5 s a commit into a store of the
// size of the news corpus, nearly whatever the batch holds. The rows bound
// what one transaction holds in memory (the facts here, a Go heap the
// collector works the harder on the nearer it is to its 300 MB limit).
// `kg bench` at 20 and 100 MB of news, whole runs: 100,000-row batches
// 36 s and 224 s, 200,000 34 s and 208 s, 400,000 30 s and 296 s (the
// extract stage at half speed at 100 MB). Up to BulkBatch articles or
// BulkRows nodes and relationships, whichever comes first.
const (
	BulkBatch = 16384
	BulkRows  = 200_000
)

// DefaultBatch is the articles per transaction of the statement path: the
// store's cost is per statement more than per row (each finds the ends of
// its relationships by a join over a whole table), and a commit no longer
// checkpoints (see the embedded store's walCommitBytes). 2,000 news
// articles: 11 s of store writes with 64 a transaction, 7 s with 256; the
// whole news corpus 71 s and 44 s.
const DefaultBatch = 256

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
		o.Batch = DefaultBatch
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

// written is what writeIsolating wrote of a batch.
type written struct {
	landed      []graph.Facts // the articles written
	extraLanded bool          // the deletes and renames went with them
	failed      []Failure     // the articles not written, and why
	err         error         // the store failed: the run stops
}

// writeIsolating writes batch, each article with the retraction of the
// stored versions it replaces, and extra (deletes and renames) in one
// transaction. A value the store cannot hold (graph.ValueError) is
// refused on every try, so the batch is written again in halves, and
// halves of those, until the article that holds it fails alone and the
// others land: one bad article never takes its batch with it. Any other
// error fails the batch and stops the run, as the store is likely down.
func writeIsolating(ctx context.Context, store graph.Store, batch []graph.Facts, extra graph.Change, replaces map[string][]string, o Options) written {
	c := graph.Change{Write: batch, Retract: slices.Clone(extra.Retract), Sources: extra.Sources}
	for _, f := range batch {
		c.Retract = append(c.Retract, replaces[f.ID()]...)
	}
	err := writeWithRetry(ctx, store, c, o)
	if err == nil {
		return written{landed: batch, extraLanded: true}
	}
	switch {
	case !errors.As(err, new(*graph.ValueError)) || len(batch) == 0:
		return written{failed: failedAll(batch, err), err: err}
	case len(batch) == 1 && extra.Empty():
		return written{failed: failedAll(batch, err)} // the article that holds it
	case len(batch) == 1: // the article, then what came with it
		a := writeIsolating(ctx, store, batch, graph.Change{}, replaces, o)
		b := writeIsolating(ctx, store, nil, extra, replaces, o)
		return written{landed: a.landed, extraLanded: b.extraLanded, failed: a.failed, err: b.err}
	}
	half := len(batch) / 2
	a := writeIsolating(ctx, store, batch[:half], extra, replaces, o)
	if a.err != nil {
		return written{landed: a.landed, extraLanded: a.extraLanded, failed: append(a.failed, failedAll(batch[half:], a.err)...), err: a.err}
	}
	b := writeIsolating(ctx, store, batch[half:], graph.Change{}, replaces, o)
	return written{landed: append(a.landed, b.landed...), extraLanded: a.extraLanded, failed: append(a.failed, b.failed...), err: b.err}
}

func failedAll(batch []graph.Facts, err error) []Failure {
	var out []Failure
	for _, f := range batch {
		out = append(out, Failure{File: f.Sources()[0], Reason: "not written: " + err.Error()})
	}
	return out
}

// writeWithRetry applies one change, retrying a failed transaction with
// back-off. The store rolls a failed transaction back, so a retry never
// doubles anything. A cancelled run still commits the change it holds.
func writeWithRetry(ctx context.Context, store graph.Store, c graph.Change, o Options) error {
	wctx := context.WithoutCancel(ctx)
	delay := o.Backoff
	var err error
	for attempt := 1; attempt <= o.Retries; attempt++ {
		if o.Bulk {
			err = graph.ApplyBulk(wctx, store, c)
		} else {
			err = store.Apply(wctx, c)
		}
		if err == nil {
			return nil
		}
		if errors.As(err, new(*graph.ValueError)) {
			return err // refused again on every try
		}
		o.Logger.Warn("store write failed", "attempt", attempt, "articles", len(c.Write), "err", err)
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
	if info.IsDir() {
		return nil, errors.New("a folder, not a file")
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

func union(a, b []string) []string {
	if len(a)+len(b) <= 1 { // most articles have one file: no map for them
		return slices.Concat(a, b)
	}
	seen := map[string]bool{}
	var out []string
	for _, xs := range [][]string{a, b} {
		for _, x := range xs {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	sort.Strings(out)
	return out
}

// sameSet reports whether a and b hold the same strings, repeats aside.
func sameSet(a, b []string) bool {
	if len(a) == 1 && len(b) == 1 {
		return a[0] == b[0]
	}
	return slices.Equal(union(a, nil), union(b, nil))
}

func dedupe(xs []string) []string { return union(xs, nil) }
