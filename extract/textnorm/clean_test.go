package textnorm

import (
	"fmt"
	"strings"
	"testing"
)

// replaceInvisibles does what the strings.Replacer it replaced did.
func TestReplaceInvisibles(t *testing.T) {
	old := strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "", "\u00a0", " ", "\u3000", " ", "\r\n", "\n", "\r", "\n")
	for _, s := range []string{
		"",
		"无锡高新区发布行动计划。",
		"\ufeff　　本报讯\u00a0记者 蔡姝雯\r\n第二段\r第三段\n",
		"崔\u200b荣\u200c国\u200d表示",
		"结尾\r",
		"\r\r\n\n",
		"SK海力士 (中国) 有限公司\t2025",
	} {
		if got, want := replaceInvisibles(s), old.Replace(s); got != want {
			t.Errorf("replaceInvisibles(%q) = %q, want %q", s, got, want)
		}
	}
}

// collapseSpaces does what the regexp `[ \t]{2,}` → " " did: runs of two
// or more become one space, a single space or tab stays.
func TestCollapseSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"":              "",
		"无锡 高新区":        "无锡 高新区",
		"无锡\t高新区":       "无锡\t高新区",
		"无锡    高新区":     "无锡 高新区",
		"a \t b\t\tc  ": "a b c ",
		"  开头与结尾\t \t":  " 开头与结尾 ",
	} {
		if got := collapseSpaces(in); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLastRunes(t *testing.T) {
	if s, ok := lastRunes("中新网无锡", 2); !ok || s != "无锡" {
		t.Errorf("lastRunes = %q %v", s, ok)
	}
	if _, ok := lastRunes("无锡", 3); ok {
		t.Error("a two-rune string has no three-rune tail")
	}
}

// The disclaimer rule takes a site's fine print, never a paragraph of news
// that happens to quote one of its phrases, nor the article a one-line
// scrape glued it to.
func TestDisclaimerRuleKeepsNews(t *testing.T) {
	n := normalizer(t)
	court := "据悉，无锡市中级人民法院审理查明，被告苏州某某科技有限公司未经授权使用原告注册商标，销售侵权产品金额达120万元，法院判决被告赔偿原告经济损失50万元。该案系无锡高新区首例涉外商标侵权案件，对规范市场秩序具有示范意义，相关企业表示将加强知识产权保护工作，依法维护自身合法权益。"
	oneLine := "无锡高新区今日发布建设世界一流高科技园区行动计划，提出到2025年实现规上工业产值突破6000亿元，新增高新技术企业500家，集聚各类人才超过10万人，推动集成电路、生物医药等产业集群发展壮大，打造具有全球影响力的创新高地。本文仅代表作者个人观点，与本站无关。如有侵权请联系删除。"
	for _, c := range []struct {
		in, keep, drop string
	}{
		{court + "\n", "未经授权使用原告注册商标", ""},
		{oneLine + "\n", "规上工业产值突破6000亿元", "本文仅代表作者"},
		{"标题\n正文第一段说明了情况。\n转载请注明出处。\n", "正文第一段", "转载请注明"},
	} {
		a, err := n.Normalize([]byte(c.in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, c.keep) {
			t.Errorf("lost %q:\n%s", c.keep, a.Text)
		}
		if c.drop != "" && strings.Contains(a.Text, c.drop) {
			t.Errorf("kept %q:\n%s", c.drop, a.Text)
		}
	}
}

// UTF-32 with either mark and UTF-16 without one are read; NUL characters
// in the decoded text are refused; a stray NUL byte is removed and said.
func TestUnusualEncodings(t *testing.T) {
	n := normalizer(t)
	text := "无锡高新区发布行动计划\n崔荣国出席会议并讲话。\n"
	enc32 := func(le bool) []byte {
		b := []byte{0xFF, 0xFE, 0, 0}
		if !le {
			b = []byte{0, 0, 0xFE, 0xFF}
		}
		for _, r := range text {
			x := []byte{byte(r), byte(r >> 8), byte(r >> 16), 0}
			if !le {
				x = []byte{0, byte(r >> 16), byte(r >> 8), byte(r)}
			}
			b = append(b, x...)
		}
		return b
	}
	var le16 []byte
	for _, r := range text {
		le16 = append(le16, byte(r), byte(r>>8))
	}
	for name, c := range map[string]struct {
		raw []byte
		enc string
	}{
		"utf-32le":    {enc32(true), EncUTF32LE},
		"utf-32be":    {enc32(false), EncUTF32BE},
		"utf-16 bare": {le16, EncUTF16LE + " (no byte-order mark)"},
		"a stray NUL": {[]byte("无锡高新区发布行动计划\n崔荣国\x00出席会议并讲话。\n"), EncUTF8},
	} {
		a, err := n.Normalize(c.raw, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if a.Encoding != c.enc || !strings.Contains(a.Text, "崔荣国出席会议") || strings.ContainsRune(a.Text, 0) {
			t.Errorf("%s: encoding %q, text %q", name, a.Encoding, a.Text)
		}
	}
	if _, err := n.Normalize(append([]byte{0xFF, 0xFE}, []byte("a\x00\x00\x00b\x00")...), Options{}); err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("UTF-16 text with NUL characters: %v", err)
	}
}

// A few control characters in a text file (fewer than make it binary) are
// removed from the text and from the original, and said: the stores never
// see one (the embedded store's bulk files use four as separators), and a
// page break still breaks the line.
func TestControlCharacters(t *testing.T) {
	n := normalizer(t)
	long := strings.Repeat("無錫高新區管委會主任崔榮國表示，今年將推動產業發展。", 8)
	for _, c := range []struct {
		name, raw, want string
		removed         int
	}{
		{"record separator mid-line", long + "\x1e崔榮國說。", strings.Repeat("无锡高新区管委会主任崔荣国表示，今年将推动产业发展。", 8) + "崔荣国说。", 1},
		{"unit and group separators", long + "\x1f\x1d\x1c崔榮國說。", "崔荣国说。", 3},
		{"a terminal colour code, whole", long + "\x1b[1;31m崔榮國說。\x1b[0m", "崔荣国说。", 2},
		{"a form feed breaks the line", long + "\f崔榮國說。", "\n崔荣国说。", 1},
		{"DEL and a C1 control", long + "崔榮\x7f國\u0085說。", "崔荣国说。", 2},
		{"tabs and line ends stay", long + "\n崔榮國\t說。", "\n崔荣国\t说。", 0},
	} {
		a, err := n.Normalize([]byte(c.raw), Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.HasSuffix(a.Text, c.want) {
			t.Errorf("%s: text ends %q, want %q", c.name, a.Text[max(0, len(a.Text)-40):], c.want)
		}
		for _, s := range []string{a.Text, a.Original} {
			if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r >= 0x7f && r <= 0x9f }) {
				t.Errorf("%s: a control character is left: %q", c.name, s)
			}
		}
		said := 0
		for _, r := range a.Repairs {
			if r.Kind == "control" {
				said++
				if c.removed > 1 && !strings.Contains(r.Note, fmt.Sprint(c.removed)) {
					t.Errorf("%s: repair note %q does not say %d", c.name, r.Note, c.removed)
				}
			}
		}
		if said != min(c.removed, 1) {
			t.Errorf("%s: %d control repairs, want %d", c.name, said, min(c.removed, 1))
		}
	}
}
