package nereval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"newskg/extract/ner"
)

// Floor is the least F1 the extractor may score on one label of one set.
type Floor struct {
	Set, Label string // Label "" is every label together
	F1         float64
}

// Floors are the quality gate on text the rules were never tuned on: the
// figures measured when the gate was last raised, less 0.01 for the noise
// of floating point and map order. A change that scores below one of them
// fails CI; a change that scores well above them should raise them.
var Floors = []Floor{
	{"cluener-dev", ner.PER, 0.78},
	{"cluener-dev", ner.ORG, 0.72},
	{"cluener-dev", ner.COMPANY, 0.70},
	{"cluener-dev", "", 0.65},
	{"resume-dev", ner.PER, 0.90},
	{"resume-dev", ner.ORG, 0.79},
	{"msra-heldout", ner.PER, 0.89},
	{"msra-heldout", ner.LOC, 0.81},
	{"msra-heldout", ner.ORG, 0.78},
	{"pku1998-heldout", ner.PER, 0.92},
	{"pku1998-heldout", ner.LOC, 0.87},
	{"pku1998-heldout", ner.ORG, 0.71},
}

// PositionsFloor is the least F1 of the (person, title, organisation)
// triples read from the Resume dev split (EvaluatePositions).
const PositionsFloor = 0.61

// Check returns the floors the scores fall below, as messages.
func Check(scores map[string]*Score, floors []Floor) []string {
	var out []string
	for _, f := range floors {
		sc, ok := scores[f.Set]
		if !ok {
			continue
		}
		_, _, f1 := sc.PRF(f.Label)
		if f1 < f.F1 {
			label := f.Label
			if label == "" {
				label = "all"
			}
			out = append(out, fmt.Sprintf("%s %s F1 %.3f < %.2f", f.Set, label, f1, f.F1))
		}
	}
	sort.Strings(out)
	return out
}

// Score is a set's score.
type Score = ner.Score

// DataDir finds ../shared/corpora/ner beside the repository, from a
// package folder, or "".
func DataDir() string {
	for _, up := range []string{"..", "../..", "../../.."} {
		if _, err := os.Stat(filepath.Join(up, "go.mod")); err == nil {
			p := filepath.Join(up, "..", "shared", "corpora", "ner")
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
	}
	return ""
}
