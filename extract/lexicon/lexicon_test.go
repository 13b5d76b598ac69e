package lexicon

import "testing"

func TestLongestMatches(t *testing.T) {
	cases := []struct {
		l              *List
		s, suf, prefix string
	}{
		{Titles, "新吴区委副书记", "副书记", ""},
		{Titles, "瑞穗银行股份有限公司常务执行役员", "常务执行役员", ""},
		{Bodies, "无锡高新区党工委", "党工委", ""},
		{Places, "江苏省科技厅", "", "江苏"},
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
