// Command cluener measures the extractor on CLUENER2020 (../shared/eval/cluener2020),
// a public NER benchmark of short news sentences the rules were not written
// for: per label, how many gold names the extractor finds and how many of its
// names are gold. CLUENER's conventions differ from ours (it tags bare titles
// and treats 《》 as books), so read the numbers as a check that the rules
// generalise, not as a score to tune to.
//
//	go run ./internal/cluener -data ../shared/eval/cluener2020/dev.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"

	"newskg/extract"
	"newskg/extract/textnorm"
)

var mapping = map[string]string{"company": extract.TypeCompany, "name": extract.TypePerson, "government": extract.TypeOrganization, "organization": extract.TypeOrganization, "address": extract.TypePlace}

func main() {
	data := flag.String("data", "../shared/eval/cluener2020/dev.json", "CLUENER JSON Lines file")
	limit := flag.Int("n", 0, "only the first n sentences (0: all)")
	verbose := flag.Bool("v", false, "print misses and extras")
	flag.Parse()
	f, err := os.Open(*data)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	x, err := extract.New()
	if err != nil {
		log.Fatal(err)
	}
	type tally struct{ gold, found, pred, correct int }
	t := map[string]*tally{}
	for _, typ := range []string{extract.TypeCompany, extract.TypePerson, extract.TypeOrganization, extract.TypePlace} {
		t[typ] = &tally{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var rec struct {
			Text  string                         `json:"text"`
			Label map[string]map[string][][2]int `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			log.Fatal(err)
		}
		n++
		if *limit > 0 && n > *limit {
			break
		}
		gold := map[string]map[string]bool{}
		for label, ents := range rec.Label {
			typ, ok := mapping[label]
			if !ok {
				continue
			}
			if gold[typ] == nil {
				gold[typ] = map[string]bool{}
			}
			for name := range ents {
				gold[typ][name] = true
			}
		}
		res, _, err := x.Extract("s", []byte(rec.Text), textnorm.Options{})
		pred := map[string]map[string]bool{}
		if err == nil {
			for _, e := range res.Entities {
				if pred[e.Type] == nil {
					pred[e.Type] = map[string]bool{}
				}
				pred[e.Type][e.Name] = true
			}
		}
		for typ, tt := range t {
			for g := range gold[typ] {
				tt.gold++
				if pred[typ][g] {
					tt.found++
				} else if *verbose {
					fmt.Printf("miss  %-12s %s   | %s\n", typ, g, rec.Text)
				}
			}
			for p := range pred[typ] {
				tt.pred++
				if gold[typ][p] {
					tt.correct++
				} else if *verbose {
					fmt.Printf("extra %-12s %s   | %s\n", typ, p, rec.Text)
				}
			}
		}
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		tt := t[k]
		fmt.Printf("%-12s precision %.3f (%d/%d)  recall %.3f (%d/%d)\n", k, ratio(tt.correct, tt.pred), tt.correct, tt.pred, ratio(tt.found, tt.gold), tt.found, tt.gold)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
