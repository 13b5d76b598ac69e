package han

import (
	"testing"
	"unicode"
)

// Is must agree with the Unicode table on every code point.
func TestIsMatchesUnicodeTable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if Is(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("Is(%U) = %v, unicode says %v", r, Is(r), !Is(r))
		}
	}
}

func BenchmarkIs(b *testing.B) {
	const text = "锡山区委副书记、区长崔荣国在2025年全区经济工作会议上表示，SK海力士扩产项目进展顺利。"
	for b.Loop() {
		for _, r := range text {
			Is(r)
		}
	}
}
