package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/liuzl/gocc"

	"newskg/extract"
	"newskg/extract/segment"
	"newskg/extract/textnorm"
	"newskg/graph"
)

// BenchResult is what `kg bench` measures, all on one core.
type BenchResult struct {
	CorpusMB     float64 `json:"corpus_mb"`
	Articles     int     `json:"articles"`
	DictLoadS    float64 `json:"dict_load_s"`
	GseCutMBs    float64 `json:"gse_cut_mb_s"`   // bare gse Cut on the raw text: the floor
	T2SMBs       float64 `json:"t2s_mb_s"`       // gocc t2s, line by line
	ExtractMBs   float64 `json:"extract_mb_s"`   // normalise + convert + segment + recognise
	ExtractVsCut float64 `json:"extract_vs_cut"` // extract_mb_s / gse_cut_mb_s
	LoadRows     int64   `json:"load_rows"`
	LoadRowsS    float64 `json:"load_rows_s"` // nodes + relationships written per second, bulk path
	PeakRSSMB    float64 `json:"peak_rss_mb"`
}

// BenchCorpus is a benchmark corpus: the articles of a folder, repeated
// (each copy made distinct, so the store sees new articles) until it holds
// a given size. Copies are made as they are read, so memory holds only the
// folder's articles whatever the size: the benchmark's peak RSS is the
// pipeline's, not the corpus's.
type BenchCorpus struct {
	base  [][]byte
	n     int   // articles in all
	bytes int64 // bytes in all
}

// NewBenchCorpus reads the articles of dir; with minBytes > 0 the corpus
// repeats them until it holds at least that many bytes.
func NewBenchCorpus(dir string, minBytes int64) (*BenchCorpus, error) {
	l := List([]string{dir})
	if len(l.Failed) > 0 {
		return nil, fmt.Errorf("%s: %s", l.Failed[0].File, l.Failed[0].Reason)
	}
	c := &BenchCorpus{}
	for _, in := range l.Inputs {
		b, err := ReadArticle(in.Path, DefaultMaxBytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Path, err)
		}
		c.base = append(c.base, b)
		c.n++
		c.bytes += int64(len(b))
	}
	if len(c.base) == 0 {
		return nil, fmt.Errorf("%s: no articles", dir)
	}
	for c.bytes < minBytes {
		c.bytes += int64(len(c.article(c.n)))
		c.n++
	}
	return c, nil
}

// Len is the number of articles; Bytes their total size.
func (c *BenchCorpus) Len() int     { return c.n }
func (c *BenchCorpus) Bytes() int64 { return c.bytes }

// article returns article i: a folder article, or copy number i/len(base)
// of one, marked as such.
func (c *BenchCorpus) article(i int) []byte {
	b := c.base[i%len(c.base)]
	if copyNo := i / len(c.base); copyNo > 0 {
		return append(append(make([]byte, 0, len(b)+24), b...), fmt.Sprintf("\n(副本%d)\n", copyNo)...)
	}
	return b
}

// each calls fn with every article in turn.
func (c *BenchCorpus) each(fn func(i int, doc []byte) error) error {
	for i := 0; i < c.n; i++ {
		if err := fn(i, c.article(i)); err != nil {
			return err
		}
	}
	return nil
}

// Bench measures each stage over the corpus on one core and loads the
// result into store (which should be empty) through its bulk path. load
// builds the extractor (timed as the dictionary load).
func Bench(ctx context.Context, c *BenchCorpus, store graph.Store, load func() (*extract.Extractor, error)) (*BenchResult, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	r := &BenchResult{Articles: c.Len()}
	mb := float64(c.Bytes()) / 1e6
	r.CorpusMB = mb

	if err := benchFloors(c, r); err != nil {
		return nil, err
	}
	// the floors' gse dictionary is garbage now: the peak resident set
	// from here on is the pipeline's own
	runtime.GC()
	debug.FreeOSMemory()
	ResetPeakRSS()

	t := time.Now()
	x, err := load()
	if err != nil {
		return nil, err
	}
	r.DictLoadS = time.Since(t).Seconds()

	var extractTime, loadTime time.Duration
	var batch []graph.Facts
	var batchRows int64
	flush := func() error {
		t := time.Now()
		err := graph.ApplyBulk(ctx, store, graph.Change{Write: batch})
		loadTime += time.Since(t)
		batch, batchRows = batch[:0], 0
		return err
	}
	err = c.each(func(i int, d []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := time.Now()
		name := fmt.Sprintf("bench_%06d.txt", i)
		res, norm, err := x.Extract(name, d, textnorm.Options{})
		extractTime += time.Since(t)
		if err != nil {
			return nil
		}
		f := graph.FactsFromResult(res, norm, []string{name}, time.Now())
		r.LoadRows += f.Rows()
		batchRows += f.Rows()
		batch = append(batch, f)
		if bulkBatchFull(len(batch), batchRows) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	r.ExtractMBs = mb / extractTime.Seconds()
	r.ExtractVsCut = r.ExtractMBs / r.GseCutMBs
	r.LoadRowsS = float64(r.LoadRows) / loadTime.Seconds()
	r.PeakRSSMB = PeakRSSMB()
	return r, nil
}

// benchFloors measures what the extract stage is compared with: gse's own
// Cut (with gse's dictionary, loaded here and dropped after) and gocc's
// t2s, line by line.
func benchFloors(c *BenchCorpus, r *BenchResult) error {
	mb := float64(c.Bytes()) / 1e6
	seg, err := segment.NewGse()
	if err != nil {
		return err
	}
	t2s, err := gocc.New("t2s")
	if err != nil {
		return err
	}
	t := time.Now()
	c.each(func(_ int, d []byte) error {
		seg.CutPlain(string(d))
		return nil
	})
	r.GseCutMBs = mb / time.Since(t).Seconds()
	t = time.Now()
	err = c.each(func(_ int, d []byte) error {
		for _, line := range strings.Split(strings.ToValidUTF8(string(d), ""), "\n") {
			if _, err := t2s.Convert(line); err != nil {
				return err
			}
		}
		return nil
	})
	r.T2SMBs = mb / time.Since(t).Seconds()
	return err
}

// ResetPeakRSS starts a new peak-RSS measurement (Linux: clear_refs 5
// resets VmHWM), so runs in one process are measured apart. Elsewhere it
// does nothing.
func ResetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// PeakRSSMB is the process's peak resident set (VmHWM), or 0 where the
// system does not say.
func PeakRSSMB() float64 {
	f, err := os.Open(filepath.Join("/proc", "self", "status"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
