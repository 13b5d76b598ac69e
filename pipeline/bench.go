package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/liuzl/gocc"

	"newskg/extract"
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

// BenchCorpus reads the articles of dir; with minBytes > 0 it repeats them
// (each copy made distinct, so the store sees new articles) until the corpus
// holds at least that many bytes.
func BenchCorpus(dir string, minBytes int64) ([][]byte, error) {
	files, err := ListArticles([]string{dir})
	if err != nil {
		return nil, err
	}
	var docs [][]byte
	var n int64
	for _, f := range files {
		b, err := ReadArticle(f, DefaultMaxBytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		docs = append(docs, b)
		n += int64(len(b))
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no articles", dir)
	}
	base := len(docs)
	for copyNo := 1; n < minBytes; copyNo++ {
		for i := 0; i < base && n < minBytes; i++ {
			d := append(append([]byte{}, docs[i]...), fmt.Sprintf("\n(副本%d)\n", copyNo)...)
			docs = append(docs, d)
			n += int64(len(d))
		}
	}
	return docs, nil
}

// Bench measures each stage over docs on one core and loads the result into
// store (which should be empty).
func Bench(ctx context.Context, docs [][]byte, store graph.Store) (*BenchResult, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	r := &BenchResult{Articles: len(docs)}
	var bytes int64
	for _, d := range docs {
		bytes += int64(len(d))
	}
	mb := float64(bytes) / 1e6
	r.CorpusMB = mb

	t := time.Now()
	x, err := extract.New()
	if err != nil {
		return nil, err
	}
	seg := x.Segmenter()
	t2s, err := gocc.New("t2s")
	if err != nil {
		return nil, err
	}
	r.DictLoadS = time.Since(t).Seconds()

	t = time.Now()
	for _, d := range docs {
		seg.CutPlain(string(d))
	}
	r.GseCutMBs = mb / time.Since(t).Seconds()

	t = time.Now()
	for _, d := range docs {
		for _, line := range strings.Split(strings.ToValidUTF8(string(d), ""), "\n") {
			if _, err := t2s.Convert(line); err != nil {
				return nil, err
			}
		}
	}
	r.T2SMBs = mb / time.Since(t).Seconds()

	var extractTime, loadTime time.Duration
	var batch []graph.Facts
	flush := func() error {
		t := time.Now()
		err := graph.WriteBulk(ctx, store, batch)
		loadTime += time.Since(t)
		batch = batch[:0]
		return err
	}
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t := time.Now()
		res, _, err := x.Extract(fmt.Sprintf("bench_%06d.txt", i), d, textnorm.Options{})
		extractTime += time.Since(t)
		if err != nil {
			continue
		}
		f := graph.FactsFromResult(res, time.Now())
		r.LoadRows += f.Rows()
		batch = append(batch, f)
		if len(batch) >= BulkBatch {
			if err := flush(); err != nil {
				return nil, err
			}
		}
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
