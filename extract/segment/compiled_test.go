package segment

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"unicode/utf8"
)

var loadGse = sync.OnceValues(NewGse)

func gseFor(t testing.TB) *Gse {
	t.Helper()
	g, err := loadGse()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The committed dict.bin is what go generate makes of today's gse and
// lexicon: a changed word list must be compiled in.
func TestCompiledDictIsCurrent(t *testing.T) {
	b, err := Compile(gseFor(t).Words())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, compiled) {
		t.Fatalf("dict.bin (%d bytes) is not the compiled dictionary of today's gse and lexicon (%d bytes): run go generate ./extract/segment", len(compiled), len(b))
	}
}

// hanRuns are the pieces Cut gives the dictionary cut: Han runs of at
// most maxRun runes.
func hanRuns(text string) []string {
	var out []string
	start, n := -1, 0
	for i, r := range text {
		if isHan(r) && n < maxRun {
			if start < 0 {
				start = i
			}
			n++
			continue
		}
		if start >= 0 {
			out = append(out, text[start:i])
		}
		start, n = -1, 0
		if isHan(r) {
			start, n = i, 1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// sameCut compares the compiled cut with gse's on every Han run of text.
func sameCut(t *testing.T, s *Segmenter, g *Gse, name, text string) (runs, diffs int) {
	t.Helper()
	for _, run := range hanRuns(text) {
		runs++
		w1, t1 := s.cutRun(run, nil, nil)
		w2, t2 := g.Segment(run, nil, nil)
		if !slices.Equal(w1, w2) || !slices.Equal(t1, t2) {
			diffs++
			if diffs <= 3 {
				t.Errorf("%s: the compiled cut differs from gse's on %q:\n compiled %v %v\n gse      %v %v", name, run, w1, t1, w2, t2)
			}
		}
	}
	return runs, diffs
}

func TestSameCutAsGse(t *testing.T) {
	s, g := segmenter(t), gseFor(t)
	texts := map[string]string{
		"titles":  "无锡高新区党工委书记、新吴区委书记崔荣国表示",
		"unknown": "中国半导体行业协会副理事长于燮康表示",
		"long":    string(bytes.Repeat([]byte("国家统计局发布数据显示"), 1000)),
	}
	files, _ := filepath.Glob("../../seeds/*.txt")
	for _, dir := range []string{"../../../shared/corpora/news", "../../../shared/corpora/gov-work-reports"} {
		if testing.Short() {
			break
		}
		more, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		files = append(files, more...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(b) {
			texts[f] = string(b)
		}
	}
	runs, diffs := 0, 0
	for name, text := range texts {
		r, d := sameCut(t, s, g, name, text)
		runs, diffs = runs+r, diffs+d
	}
	t.Logf("%d texts, %d Han runs, %d cut differently", len(texts), runs, diffs)
	if diffs > 0 {
		t.Errorf("%d of %d runs cut differently", diffs, runs)
	}
}

// IsWord and POS answer as gse's Find does.
func TestLookUpAsGse(t *testing.T) {
	s, g := segmenter(t), gseFor(t)
	for _, w := range []string{"书记", "党工委", "崔荣国", "崔荣", "无锡", "表示", "的", "管委会", "SK海力士", "", "A股", "国家统计局", "龘龘"} {
		freq, pos, ok := g.Find(w)
		if s.IsWord(w) != (ok && freq > 0) {
			t.Errorf("IsWord(%q) = %v, gse finds %v with frequency %v", w, s.IsWord(w), ok, freq)
		}
		if ok && s.POS(w) != pos || !ok && s.POS(w) != "" {
			t.Errorf("POS(%q) = %q, gse %q", w, s.POS(w), pos)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDictCut is the dictionary cut alone on real news (the first 1,999
// articles of the corpus, or the seeds): the compiled trie against gse's
// own Segment on the same Han runs.
func BenchmarkDictCut(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/corpora/news/00[01]???.txt")
	if len(files) == 0 {
		files, _ = filepath.Glob("../../seeds/*.txt")
	}
	var runs []string
	var n int64
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		n += int64(len(t))
		runs = append(runs, hanRuns(string(t))...)
	}
	s, g := segmenter(b), gseFor(b)
	for _, c := range []struct {
		name string
		cut  func(run string, words, tags []string) ([]string, []string)
	}{{"compiled", s.cutRun}, {"gse", g.Segment}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(n)
			var words, tags []string
			for b.Loop() {
				for _, r := range runs {
					words, tags = c.cut(r, words[:0], tags[:0])
				}
			}
		})
	}
}
