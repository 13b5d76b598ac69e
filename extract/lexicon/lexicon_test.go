package lexicon

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestLongestMatches(t *testing.T) {
	cases := []struct {
		l              *List
		s, suf, prefix string
	}{
		{Titles, "新吴区委副书记", "副书记", ""},
		{Titles, "瑞穗银行股份有限公司常务副总经理", "常务副总经理", ""},
		{Bodies, "无锡高新区党工委", "党工委", ""},
		{Places, "江苏省科技厅", "", "江苏省"},
		{Places, "慕尼黑开放创新", "", "慕尼黑"},
		{CompanySuffixes, "无锡新洁能股份有限公司", "股份有限公司", ""},
		{Titles, "", "", ""},
	}
	for _, c := range cases {
		if got := c.l.LongestSuffix(c.s); got != c.suf {
			t.Errorf("LongestSuffix(%q) = %q, want %q", c.s, got, c.suf)
		}
		if got := c.l.LongestPrefix(c.s); got != c.prefix {
			t.Errorf("LongestPrefix(%q) = %q, want %q", c.s, got, c.prefix)
		}
	}
}

func TestListsLoad(t *testing.T) {
	for name, l := range map[string]*List{"titles": Titles, "bodies": Bodies, "orgs": KnownOrgs, "companies": KnownCompanies, "places": Places, "countries": Countries, "surnames": Surnames, "boundaries": Boundaries, "plans": Plans} {
		if len(l.Words) == 0 || l.MaxLen() == 0 {
			t.Errorf("%s is empty", name)
		}
		for _, w := range l.Words {
			if !l.Has(w) {
				t.Errorf("%s: %q not found", name, w)
			}
		}
	}
	if !Places.Has("德国") || !Countries.Has("德国") || Countries.Has("无锡") {
		t.Error("countries are places; cities are not countries")
	}
}

// Occurrences finds every word of a list in one pass, as repeated
// strings.Index would word by word (occurrences of one word never overlap).
func TestOccurrences(t *testing.T) {
	l := New([]string{"有限公司", "股份有限公司", "公司", "集团"})
	text := "无锡新洁能股份有限公司与SK海力士（中国）有限公司、LG集团及其公司公司"
	got := l.Occurrences(text)
	for _, w := range l.Words {
		var want []int
		for from := 0; ; {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			want = append(want, from+i)
			from += i + len(w)
		}
		if !reflect.DeepEqual(got[w], want) {
			t.Errorf("%s: got %v, want %v", w, got[w], want)
		}
	}
	if len(New(nil).Occurrences(text)) != 0 {
		t.Error("an empty list found something")
	}
}

func TestIn(t *testing.T) {
	l := New([]string{"表示", "告诉记者", "说："})
	for s, want := range map[string]bool{
		"锡山区委书记崔荣国表示，": true,
		"他告诉记者":        true,
		"他说：好":         true,
		"他说，好":         false,
		"":             false,
		"表":            false,
	} {
		if l.In(s) != want {
			t.Errorf("In(%q) = %v, want %v", s, !want, want)
		}
	}
}

// The first- and last-rune filters never hide a match: every word of every
// list is found as its own prefix and suffix, in text around it too.
func TestFiltersKeepEveryWord(t *testing.T) {
	for _, l := range []*List{Titles, Bodies, CompanySuffixes, OrgSuffixes, KnownOrgs, KnownCompanies, Places, Plans} {
		for _, w := range l.Words {
			if got := l.LongestPrefix(w + "的"); len(got) < len(w) {
				t.Errorf("LongestPrefix(%q) = %q", w+"的", got)
			}
			if got := l.LongestSuffix("在" + w); len(got) < len(w) {
				t.Errorf("LongestSuffix(%q) = %q", "在"+w, got)
			}
		}
	}
}

func TestIndex(t *testing.T) {
	l := New([]string{"发布", "印发", "实施"})
	for s, want := range map[string]int{"无锡高新区正式发布《行动纲要》并实施": len("无锡高新区正式"), "印发": 0, "没有": -1, "": -1} {
		if i, _ := l.Index(s); i != want {
			t.Errorf("Index(%q) = %d, want %d", s, i, want)
		}
	}
}

func TestDivisions(t *testing.T) {
	for name, want := range map[string]Division{
		"锡山区":      {Name: "锡山区", Level: "county", Parent: "无锡市"},
		"无锡市":      {Name: "无锡市", Level: "city", Parent: "江苏省"},
		"江苏省":      {Name: "江苏省", Level: "province"},
		"东城区":      {Name: "东城区", Level: "county", Parent: "北京市"},
		"延边朝鲜族自治州": {Name: "延边朝鲜族自治州", Level: "city", Parent: "吉林省"},
	} {
		if got := Divisions[name]; got != want {
			t.Errorf("Divisions[%s] = %+v, want %+v", name, got, want)
		}
	}
	for _, p := range []string{"江苏", "无锡", "新疆", "延边", "湘西", "锡山区", "余杭区", "青龙满族自治县"} {
		if !Places.Has(p) {
			t.Errorf("%s is not a place", p)
		}
	}
	if !CountyShortNames.Has("江阴") || Places.Has("资源") || Places.Has("城区") {
		t.Error("county short names are not places of their own (资源县 → 资源), and 城区 is no place without its city")
	}
	for _, notPlace := range []string{"朝阳区的", "新华", "城东"} {
		if Places.Has(notPlace) {
			t.Errorf("%s should not be a place on its own", notPlace)
		}
	}
}

func TestParentDivision(t *testing.T) {
	for name, want := range map[string]string{
		"锡山区": "无锡市", "无锡市": "江苏省", "江苏省": "", "江阴市": "无锡市",
		"朝阳区":  "", // Beijing's and Changchun's: no one parent
		"不是地名": "",
	} {
		if got := ParentDivision(name); got != want {
			t.Errorf("ParentDivision(%s) = %q, want %q", name, got, want)
		}
	}
}

// TestTrieMatchesAsTheWords compares the trie's matching with the plain
// definition (every word the text has at an offset, longest first) on a
// text of every word of each list run together, and real sentences.
func TestTrieMatchesAsTheWords(t *testing.T) {
	lists := map[string]*List{"titles": Titles, "bodies": Bodies, "orgs": KnownOrgs, "companies": KnownCompanies, "places": Places, "surnames": Surnames, "plans": Plans, "county short names": CountyShortNames, "org endings": OrgSuffixes, "company endings": CompanySuffixes}
	for name, l := range lists {
		text := "无锡高新区党工委书记、新吴区委书记崔荣国表示，江苏省南京市江宁区。" + strings.Join(l.Words, "") + strings.Join(l.Words, "、")
		type hit struct {
			i int
			w string
		}
		var want, got []hit
		for i := range text {
			var here []string
			for _, w := range l.Words {
				if strings.HasPrefix(text[i:], w) {
					here = append(here, w)
				}
			}
			sort.SliceStable(here, func(a, b int) bool { return len(here[a]) > len(here[b]) })
			for _, w := range here {
				want = append(want, hit{i, w})
			}
			if lp := l.LongestPrefix(text[i:]); len(here) > 0 && lp != here[0] || len(here) == 0 && lp != "" {
				t.Fatalf("%s: LongestPrefix at %d = %q, want %q", name, i, lp, here)
			}
		}
		l.Each(text, func(i int, w string) { got = append(got, hit{i, w}) })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Each found %d matches, want %d", name, len(got), len(want))
		}
		// EachRunes finds the same, in runes
		rs := []rune(text)
		var inRunes []hit
		l.EachRunes(rs, func(i, n int) {
			inRunes = append(inRunes, hit{len(string(rs[:i])), string(rs[i : i+n])})
		})
		if !reflect.DeepEqual(inRunes, want) {
			t.Fatalf("%s: EachRunes found %d matches, want %d", name, len(inRunes), len(want))
		}
		for _, w := range l.Words {
			if !l.HasRunes([]rune(w)) || l.HasRunes([]rune(w+"之")) && !l.Has(w+"之") {
				t.Fatalf("%s: HasRunes(%q) wrong", name, w)
			}
		}
		if l.HasRunes(nil) {
			t.Fatalf("%s: HasRunes of nothing", name)
		}
	}
}
