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
	// company name beats an organisation ending, which beats a place; any
	// pattern beats the tagger.
	rank int
	// source names the recogniser that proposed it (see kg extract
	// --explain); score is the tagger's confidence.
	source string
	score  float64
	// scanned: the start was found by scanning left from an ending (see
	// doc.scan), so the ending is sure and the start a guess.
	scanned bool
}

// sourceNER marks the tagger's candidates; patterns leave source empty.
const sourceNER = "ner"

const (
	rankNER = iota - 1
	rankPlace
	rankShortName
	rankOrg
	rankPerson
	rankLegalCompany
)

func runeLen(s string) int { return utf8.RuneCountInString(s) }
