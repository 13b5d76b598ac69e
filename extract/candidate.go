package extract

import "unicode/utf8"

// cand is one recogniser's finding: a typed name at a rune span (start < 0
// when the name has no span of its own, e.g. an organisation implied by a
// title chain).
type cand struct {
	typ        string
	name       string
	start, end int
	aliases    []string
	props      map[string]any
	// rank breaks ties between overlapping spans of equal length: a legal
	// company name beats an organisation ending, which beats a place.
	rank int
}

const (
	rankPlace = iota
	rankShortName
	rankOrg
	rankPerson
	rankLegalCompany
)

func runeLen(s string) int { return utf8.RuneCountInString(s) }
