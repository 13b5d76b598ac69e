package nereval_test

import (
	"os"
	"sync"
	"testing"

	"newskg/extract"
	"newskg/internal/nereval"
)

var load = sync.OnceValues(extract.New)

func dataDir(t *testing.T) string {
	d := nereval.DataDir()
	if d == "" {
		msg := "../shared/corpora/ner is not beside the checkout: the gate on unseen text cannot run"
		if os.Getenv("KG_REQUIRE_SHARED") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return d
}

// TestQualityOnUnseenText is the quality gate on text the rules were never
// tuned on (CLUENER2020 dev, Resume dev, the held-out sentences of MSRA and
// People's Daily): the whole extractor, as kg extract runs it, must score
// at least the floors of nereval.Floors.
func TestQualityOnUnseenText(t *testing.T) {
	data := dataDir(t)
	x, err := load()
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*nereval.Score{}
	for _, s := range nereval.Sets {
		sc, _, err := nereval.Evaluate(x, data, s, 0)
		if err != nil {
			t.Fatal(err)
		}
		scores[s.Name] = sc
		t.Logf("%s\n%s", s.Name, sc)
	}
	for _, v := range nereval.Check(scores, nereval.Floors) {
		t.Error(v)
	}
	ps, _, err := nereval.EvaluatePositions(x, data)
	if err != nil {
		t.Fatal(err)
	}
	p, r, f := ps.PRF()
	t.Logf("resume-positions P %.3f R %.3f F1 %.3f (gold %d)", p, r, f, ps.Gold)
	if f < nereval.PositionsFloor {
		t.Errorf("resume-positions F1 %.3f < %.2f", f, nereval.PositionsFloor)
	}
}

// The gate fails on a deliberate regression: the extractor without its
// name tagger (the patterns alone, as before the tagger) falls below the
// floors of both development splits.
func TestGateCatchesARegression(t *testing.T) {
	if testing.Short() {
		t.Skip("scores the development sets twice")
	}
	data := dataDir(t)
	x, err := extract.NewWith(extract.RecognizePatterns)
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*nereval.Score{}
	for _, s := range nereval.Sets[:2] { // CLUENER dev and Resume dev
		sc, _, err := nereval.Evaluate(x, data, s, 0)
		if err != nil {
			t.Fatal(err)
		}
		scores[s.Name] = sc
	}
	violations := nereval.Check(scores, nereval.Floors)
	failed := map[string]bool{}
	for _, v := range violations {
		for _, s := range nereval.Sets[:2] {
			if len(v) > len(s.Name) && v[:len(s.Name)] == s.Name {
				failed[s.Name] = true
			}
		}
	}
	if !failed["cluener-dev"] || !failed["resume-dev"] {
		t.Errorf("the patterns alone pass the gate of a split: %v", violations)
	}
}
