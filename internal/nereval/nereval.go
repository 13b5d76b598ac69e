// Package nereval scores the whole extractor (patterns and the name
// tagger together, as kg extract runs them) on public NER data it was not
// tuned on: the dev splits of CLUENER2020 and Resume, and every 20th
// sentence of MSRA and People's Daily 1998 (which the tagger's training
// holds out). Names match when start, end and type are exact.
package nereval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"newskg/extract"
	"newskg/extract/ner"
	"newskg/extract/textnorm"
)

// Set is one evaluation set.
type Set struct {
	Name string
	Path string // relative to the NER data folder
	// HeldOut: only every 20th sentence (the tagger never trained on them).
	HeldOut bool
	// OneOrg scores companies and organisations as one type (ORG): the set
	// does not tell them apart.
	OneOrg bool
}

// Sets are the evaluation sets, in the order reports list them.
var Sets = []Set{
	{Name: "cluener-dev", Path: "cluener/dev.jsonl"},
	{Name: "resume-dev", Path: "resume/dev.jsonl", OneOrg: true},
	{Name: "msra-heldout", Path: "msra/train.jsonl", HeldOut: true, OneOrg: true},
	{Name: "pku1998-heldout", Path: "pku1998/train.jsonl", HeldOut: true, OneOrg: true},
}

// labelOf maps entity types to the data's labels.
var labelOf = map[string]string{extract.TypePerson: ner.PER, extract.TypePlace: ner.LOC, extract.TypeOrganization: ner.ORG, extract.TypeCompany: ner.COMPANY}

// Miss is a name the extractor got wrong, for reading.
type Miss struct {
	Text, Name, Label string
	Extra             bool // predicted, not in the gold
}

// Evaluate runs x over the set and scores it; misses (up to max) are the
// errors.
func Evaluate(x *extract.Extractor, dataDir string, s Set, max int) (*ner.Score, []Miss, error) {
	score := ner.NewScore()
	var misses []Miss
	err := eachRecord(filepath.Join(dataDir, s.Path), func(i int, rec record) {
		if s.HeldOut && i%20 != 19 {
			return
		}
		rs := []rune(rec.Text)
		var gold []ner.Span
		for _, e := range rec.Entities {
			l := e.Label
			if l != ner.PER && l != ner.LOC && l != ner.ORG && l != ner.COMPANY {
				continue
			}
			if (l == ner.ORG || l == ner.COMPANY) && extract.IsGenericName(string(rs[e.Start:e.End])) {
				continue // bare references (公司, 本公司) are not names
			}
			if s.OneOrg && l == ner.COMPANY {
				l = ner.ORG
			}
			gold = append(gold, ner.Span{Start: e.Start, End: e.End, Label: l})
		}
		res := x.FromArticle("s", "s", &textnorm.Article{Text: rec.Text, Script: textnorm.ScriptSimplified})
		var pred []ner.Span
		for _, e := range res.Entities {
			l, ok := labelOf[e.Type]
			if !ok {
				continue
			}
			if s.OneOrg && l == ner.COMPANY {
				l = ner.ORG
			}
			for _, m := range e.Mentions {
				pred = append(pred, ner.Span{Start: m.Start, End: m.End, Label: l})
			}
		}
		score.Add(gold, pred)
		if len(misses) < max {
			misses = append(misses, diff(rs, gold, pred)...)
		}
	})
	return score, misses, err
}

// record is one sentence of the uniform JSON-lines data.
type record struct {
	Text     string `json:"text"`
	Entities []struct {
		Start, End int
		Label      string
	} `json:"entities"`
}

// eachRecord calls fn with each sentence of the file, in order.
func eachRecord(path string, fn func(i int, rec record)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for i := 0; sc.Scan(); i++ {
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s: line %d: %w", path, i+1, err)
		}
		fn(i, rec)
	}
	return sc.Err()
}

func diff(rs []rune, gold, pred []ner.Span) []Miss {
	in := func(sp ner.Span, set []ner.Span) bool {
		for _, x := range set {
			if x.Start == sp.Start && x.End == sp.End && x.Label == sp.Label {
				return true
			}
		}
		return false
	}
	var out []Miss
	for _, g := range gold {
		if !in(g, pred) {
			out = append(out, Miss{Text: string(rs), Name: string(rs[g.Start:g.End]), Label: g.Label})
		}
	}
	for _, p := range pred {
		if !in(p, gold) {
			out = append(out, Miss{Text: string(rs), Name: string(rs[p.Start:p.End]), Label: p.Label, Extra: true})
		}
	}
	return out
}

// PositionScore counts (person, title, organisation) triples.
type PositionScore struct{ Gold, Pred, Correct int }

// PRF is precision, recall and F1.
func (s PositionScore) PRF() (p, r, f float64) {
	if s.Pred > 0 {
		p = float64(s.Correct) / float64(s.Pred)
	}
	if s.Gold > 0 {
		r = float64(s.Correct) / float64(s.Gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// EvaluatePositions scores the positions the extractor reads from the
// Resume dev split, read as one document (its lines are the sentences of
// résumés, in order). The gold triples are derived from its annotation: a
// TITLE right after an ORG is a post in that organisation, held by the last
// NAME before it. A proxy for a relation gold set, which the data lacks.
func EvaluatePositions(x *extract.Extractor, dataDir string) (PositionScore, []string, error) {
	var lines []string
	gold := map[string]bool{}
	person := ""
	err := eachRecord(filepath.Join(dataDir, "resume/dev.jsonl"), func(_ int, rec record) {
		rs := []rune(rec.Text)
		lastOrg, lastOrgEnd := "", -1
		for _, e := range rec.Entities {
			text := string(rs[e.Start:e.End])
			switch e.Label {
			case "PER":
				person = text
			case "ORG":
				lastOrg, lastOrgEnd = text, e.End
			case "TITLE":
				if person != "" && lastOrg != "" && lastOrgEnd == e.Start && !extract.IsGenericName(lastOrg) {
					gold[person+"|"+text+"|"+lastOrg] = true
				}
			}
			if e.Label == "TITLE" && lastOrgEnd == e.Start {
				lastOrgEnd = e.End // 董事、副总经理: the next title of the chain
			}
		}
		lines = append(lines, rec.Text)
	})
	if err != nil {
		return PositionScore{}, nil, err
	}
	res := x.FromArticle("resume", "resume", &textnorm.Article{Text: strings.Join(lines, "\n"), Script: textnorm.ScriptSimplified})
	pred := map[string]bool{}
	for _, r := range res.Relations {
		if r.Type == extract.RelHoldsPosition {
			title, _ := r.Props["title"].(string)
			pred[r.From.Name+"|"+title+"|"+r.To.Name] = true
		}
	}
	s := PositionScore{Gold: len(gold), Pred: len(pred)}
	var misses []string
	for k := range pred {
		if gold[k] {
			s.Correct++
		} else {
			misses = append(misses, "extra "+k)
		}
	}
	for k := range gold {
		if !pred[k] {
			misses = append(misses, "miss  "+k)
		}
	}
	return s, misses, nil
}
