package textnorm

import (
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
