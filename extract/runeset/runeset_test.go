package runeset

import "testing"

func TestSet(t *testing.T) {
	var s Set
	if s.Has('崔') {
		t.Error("the empty set holds a rune")
	}
	for _, r := range []rune{'崔', 'a', 0, 0xFFFF, 0x20000, 0x10FFFF} {
		s.Add(r)
	}
	s.Add(-1) // not a rune: ignored
	for r, want := range map[rune]bool{'崔': true, 'a': true, 0: true, 0xFFFF: true, 0x20000: true, 0x10FFFF: true, '荣': false, 'b': false, 0x20001: false, -1: false} {
		if s.Has(r) != want {
			t.Errorf("Has(%U) = %v, want %v", r, !want, want)
		}
	}
}
