package segment

import (
	"strings"
	"sync"
	"testing"
)

// loadSegmenter loads the dictionary once for all tests of the package.
var loadSegmenter = sync.OnceValues(New)

func segmenter(t testing.TB) *Segmenter {
	s, err := loadSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func words(s *Segmenter, text string) []string {
	var out []string
	for _, t := range s.Cut(text) {
		out = append(out, t.Text)
	}
	return out
}

func TestCut(t *testing.T) {
	s := segmenter(t)
	cases := []struct {
		text string
		want []string // each must be one token
	}{
		{"无锡高新区党工委书记、新吴区委书记崔荣国表示", []string{"党工委", "书记", "区委"}},
		{"包括SK集团的SK海力士、LG集团的LG化学", []string{"SK", "LG"}},
		{"累计投资110亿美元,同比增长11.4%", []string{"110", "11.4", "%"}},
		{"中国半导体行业协会副理事长于燮康表示", []string{"副理事长"}},
	}
	for _, c := range cases {
		got := words(s, c.text)
		for _, w := range c.want {
			found := false
			for _, g := range got {
				if g == w {
					found = true
				}
			}
			if !found {
				t.Errorf("%q: %q is not a token in %v", c.text, w, got)
			}
		}
		if strings.Join(got, "") != c.text {
			t.Errorf("tokens do not rebuild the text: %v", got)
		}
	}
}

func TestMergeUnknown(t *testing.T) {
	cases := []struct{ in, want string }{
		{"崔 荣 国 表示", "崔荣国 表示"},
		{"新 洁 能 成立 于", "新洁能 成立 于"},
		{"与 高新区", "与 高新区"},
		{"占 比 33", "占 比 33"},
		{"太 科 园 党工委 书记", "太科园 党工委 书记"},
		{"一 二 三 四 五 六", "一 二 三 四 五 六"},
		{"甲 乙 丙 丁 戊", "甲 乙 丙 丁 戊"}, // five or more: not a word
	}
	for _, c := range cases {
		words := strings.Fields(c.in)
		merged, _ := mergeUnknown(strings.Join(words, ""), words, make([]string, len(words)))
		if got := strings.Join(merged, " "); got != c.want {
			t.Errorf("mergeUnknown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOffsetsAreRunes(t *testing.T) {
	s := segmenter(t)
	text := "2022年11月18日,《行动纲要(2022-2035年)》在无锡发布。"
	rs := []rune(text)
	prev := 0
	for _, tk := range s.Cut(text) {
		if tk.Start != prev || string(rs[tk.Start:tk.End]) != tk.Text {
			t.Fatalf("token %+v does not sit at its offsets", tk)
		}
		prev = tk.End
	}
	if prev != len(rs) {
		t.Errorf("tokens end at %d of %d runes", prev, len(rs))
	}
}

func TestLatinCaseKept(t *testing.T) {
	s := segmenter(t)
	for _, tk := range s.Cut("SK海力士与LG化学") {
		if strings.ToLower(tk.Text) == tk.Text && strings.ContainsAny(tk.Text, "sklg") {
			t.Errorf("Latin lower-cased: %q", tk.Text)
		}
	}
}

func TestDictionaryLookups(t *testing.T) {
	s := segmenter(t)
	if !s.IsWord("管委会") || !s.IsWord("党工委") || s.IsWord("崔荣国表示") {
		t.Error("domain words missing or a non-word found")
	}
	if s.POS("无锡") != "ns" {
		t.Errorf("POS(无锡) = %q", s.POS("无锡"))
	}
}

func TestConcurrentCuts(t *testing.T) {
	s := segmenter(t)
	text := "无锡高新区党工委副书记、管委会副主任、新吴区委副书记、区长章金伟主持会议。"
	want := strings.Join(words(s, text), "/")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := strings.Join(words(s, text), "/"); got != want {
				t.Errorf("concurrent cut differs: %s", got)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkCutSentence(b *testing.B) {
	s := segmenter(b)
	text := strings.Repeat("无锡高新区专精特新企业累计上市17家,其中科创板9家,创业板5家,主板2家。", 50)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.Cut(text)
	}
}
