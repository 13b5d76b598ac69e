package textnorm

import (
	"flag"
	"os"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite script_runes.txt from gocc's tables")

// The embedded rune sets are the ones gocc's tables give today: a gocc
// upgrade that changes its dictionaries fails here until regenerated.
func TestScriptRunesAreCurrent(t *testing.T) {
	want, err := scriptRuneSets()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("script_runes.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if scriptRunesText != want {
		t.Fatal("script_runes.txt is not what gocc's tables give: run go generate ./extract/textnorm")
	}
	trad, simp, err := parseScriptRunes(scriptRunesText)
	if err != nil {
		t.Fatal(err)
	}
	// a few that each set must hold and must not, and rough sizes
	for _, c := range []struct {
		r          rune
		trad, simp bool
	}{{'國', true, false}, {'發', true, false}, {'国', false, true}, {'发', false, true}, {'中', false, false}, {'人', false, false}} {
		if got := containsRune(trad, c.r); got != c.trad {
			t.Errorf("traditional has %c: %v, want %v", c.r, got, c.trad)
		}
		if got := containsRune(simp, c.r); got != c.simp {
			t.Errorf("simplified-only has %c: %v, want %v", c.r, got, c.simp)
		}
	}
	if n, m := utf8.RuneCountInString(trad), utf8.RuneCountInString(simp); n < 2000 || m < 1500 {
		t.Errorf("sets of %d and %d runes: too small for OpenCC's tables", n, m)
	}
}

func containsRune(s string, r rune) bool {
	for _, x := range s {
		if x == r {
			return true
		}
	}
	return false
}

func TestParseScriptRunesRefusesAStrayLine(t *testing.T) {
	for _, text := range []string{"traditional\t國\nsimplified-only\t国\nstray\n", "traditional\t國\n", ""} {
		if _, _, err := parseScriptRunes(text); err == nil {
			t.Errorf("%q: no error", text)
		}
	}
}
