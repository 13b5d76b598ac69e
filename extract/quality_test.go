package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"newskg/extract"
	"newskg/extract/textnorm"
	"newskg/internal/score"
)

// TestQualityOnSeeds is a regression guard, not a quality measure (the
// seeds are the text the rules were written beside; the measure on unseen
// text is internal/nereval): on the five seed articles all-entity F1 ≥
// 0.92, every type's F1 ≥ 0.82 and position F1 ≥ 0.90 — the figures of
// the last change less 0.01–0.02 — scored with the shared scorer's rules
// against the hand annotation (testdata/seeds-gold.json, a copy of
// ../shared/eval).
func TestQualityOnSeeds(t *testing.T) {
	raw, err := os.ReadFile("testdata/seeds-gold.json")
	if err != nil {
		t.Fatal(err)
	}
	gold, err := score.ParseGold(raw)
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) != len(gold) {
		t.Fatalf("%d seeds for %d gold articles", len(files), len(gold))
	}
	total, rels := map[string]score.Tally{}, map[string]score.Tally{}
	for _, f := range files {
		name := filepath.Base(f)
		g, ok := gold[name]
		if !ok {
			t.Fatalf("no gold for %s", name)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := x.Extract(name, b, textnorm.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		score.Add(total, score.Score(g, res))
		score.Add(rels, score.ScoreRelations(g, res))
	}
	for _, k := range score.Kinds {
		t.Logf("%-14s %v", k, total[k])
	}
	all := score.All(total)
	t.Logf("%-14s %v", "all entities", all)
	if all.F1() < 0.92 {
		t.Errorf("all-entity F1 %.3f < 0.92", all.F1())
	}
	// the relations the project added to the gold by hand (the seeds'
	// "relations"): floors under today's figures (PART_OF 0.79, LOCATED_IN
	// 0.81, INVESTS_IN 0.94, SAME_AREA_AS 1.00 on its one fact)
	for typ, bar := range map[string]float64{"PART_OF": 0.68, "LOCATED_IN": 0.78, "INVESTS_IN": 0.90, "SAME_AREA_AS": 0.99} {
		t.Logf("%-14s %v", typ, rels[typ])
		if f1 := rels[typ].F1(); f1 < bar {
			t.Errorf("%s F1 %.3f < %.2f", typ, f1, bar)
		}
	}
	for _, k := range score.Kinds {
		bar := 0.82
		if k == "positions" {
			bar = 0.90
		}
		if f1 := total[k].F1(); f1 < bar {
			t.Errorf("%s F1 %.3f < %.2f", k, f1, bar)
		}
	}
}
