// Package han answers the one question every stage asks of each rune: is it
// a Chinese (Han) character? unicode.Is walks a range table; the common
// block is tested first, so prose costs one comparison a rune.
package han

import "unicode"

// Is reports whether r is a Han character, exactly as unicode.Is(unicode.Han, r).
func Is(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r)
}
