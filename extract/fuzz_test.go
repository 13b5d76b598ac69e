package extract

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"newskg/extract/textnorm"
	"newskg/internal/fuzzseed"
)

// FuzzExtract: arbitrary bytes never panic; every mention lies inside the
// cleaned text, every name is valid UTF-8, one line, trimmed, and every
// relation's evidence is the text at its offsets.
func FuzzExtract(f *testing.F) {
	// the seeds in chunks of a few lines: see fuzzseed for why not whole
	chunks, err := fuzzseed.Chunks("../seeds/*.txt", 1024)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range chunks {
		f.Add(c)
	}
	f.Add([]byte("无锡高新区党工委书记、新吴区委书记崔荣国表示,《行动纲要(2022-2035年)》发布,投资1/3亿元。"))
	f.Add([]byte("贯彻《\n中华人民共和国著作权法\n》，国内生产总值达到74.4\n万亿元。"))
	f.Add([]byte("江苏省南京市江宁区与北京市朝阳区东三环，2023年1—10月产值增长8%。"))
	x := testExtractor(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, a, err := x.Extract("fuzz.txt", raw, textnorm.Options{})
		if err != nil {
			if !errors.Is(err, textnorm.ErrInput) {
				t.Fatalf("non-input error %v", err)
			}
			return
		}
		rs := []rune(a.Text)
		n := len(rs)
		for _, e := range res.Entities {
			if !utf8.ValidString(e.Name) {
				t.Fatalf("invalid UTF-8 name %q", e.Name)
			}
			if strings.ContainsAny(e.Name, "\r\n") || strings.TrimSpace(e.Name) != e.Name {
				t.Fatalf("name %q spans lines or is untrimmed", e.Name)
			}
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > n || m.Start >= m.End {
					t.Fatalf("mention %+v out of range 0..%d for %q", m, n, e.Name)
				}
			}
		}
		for _, r := range res.Relations {
			if !utf8.ValidString(r.Evidence) {
				t.Fatal("invalid UTF-8 evidence")
			}
			// the evidence's offsets index it in the cleaned text
			if r.Start < 0 || r.End > n || r.Start > r.End || string(rs[r.Start:r.End]) != r.Evidence {
				t.Fatalf("%s evidence %q not at [%d, %d)", r.Type, r.Evidence, r.Start, r.End)
			}
		}
	})
}
