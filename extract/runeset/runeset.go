// Package runeset is a set of runes with a bit test for the Basic
// Multilingual Plane: the word lists and the script detector ask of every
// rune of every text whether it is in a set, and a bit test is several
// times cheaper than a map look-up.
package runeset

// Set is a set of runes; the zero value is empty and ready to use.
type Set struct {
	bmp   []uint64 // 0x10000 bits, allocated on the first Add
	other map[rune]bool
}

// Add puts r in the set.
func (s *Set) Add(r rune) {
	if r < 0 {
		return
	}
	if r < 0x10000 {
		if s.bmp == nil {
			s.bmp = make([]uint64, 0x10000/64)
		}
		s.bmp[r>>6] |= 1 << (r & 63)
		return
	}
	if s.other == nil {
		s.other = map[rune]bool{}
	}
	s.other[r] = true
}

// Has reports whether r is in the set.
func (s *Set) Has(r rune) bool {
	if r >= 0 && r < 0x10000 {
		return s.bmp != nil && s.bmp[r>>6]&(1<<(r&63)) != 0
	}
	return s.other[r]
}
