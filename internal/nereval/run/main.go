// Command run prints the extractor's scores on the evaluation sets of
// package nereval:
//
//	go run ./internal/nereval/run [-data ../shared/corpora/ner] [-set cluener-dev] [-v 50] [-recognizer patterns]
package main

import (
	"flag"
	"fmt"
	"log"

	"newskg/extract"
	"newskg/internal/nereval"
)

func main() {
	data := flag.String("data", "../shared/corpora/ner", "folder of the uniform NER files")
	only := flag.String("set", "", "only this set")
	verbose := flag.Int("v", 0, "print up to N errors per set")
	rec := flag.String("recognizer", extract.RecognizeAll, "all or patterns")
	flag.Parse()
	x, err := extract.NewWith(*rec)
	if err != nil {
		log.Fatal(err)
	}
	if *only == "" || *only == "resume-positions" {
		ps, misses, err := nereval.EvaluatePositions(x, *data)
		if err != nil {
			log.Fatal(err)
		}
		p, r, f := ps.PRF()
		fmt.Printf("resume-positions\n  positions P %.3f R %.3f F1 %.3f (gold %d)\n", p, r, f, ps.Gold)
		for i, m := range misses {
			if i < *verbose {
				fmt.Println("   ", m)
			}
		}
	}
	for _, s := range nereval.Sets {
		if *only != "" && s.Name != *only {
			continue
		}
		sc, misses, err := nereval.Evaluate(x, *data, s, *verbose)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s\n%s", s.Name, sc)
		for _, m := range misses {
			kind := "miss "
			if m.Extra {
				kind = "extra"
			}
			fmt.Printf("    %s %-7s %-14s | %s\n", kind, m.Label, m.Name, m.Text)
		}
	}
}
