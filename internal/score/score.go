// Package score measures extraction quality against a gold annotation with
// the same matching rules as the shared scorer (../shared/eval/score): a
// predicted entity matches a gold one when any of its names equals any of
// the gold entity's names after normalisation; figures match on (value,
// unit); positions on (person, title, organisation). Tests use it to hold
// the quality bar in CI.
package score

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"newskg/extract"
)

// Tally counts matches.
type Tally struct{ TP, FP, FN int }

// F1 is the harmonic mean of precision and recall.
func (t Tally) F1() float64 {
	p, r := ratio(t.TP, t.TP+t.FP), ratio(t.TP, t.TP+t.FN)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (t Tally) String() string {
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", ratio(t.TP, t.TP+t.FP), ratio(t.TP, t.TP+t.FN), t.F1(), t.TP, t.FP, t.FN)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

type goldPosition struct {
	Title string  `json:"title"`
	Org   *string `json:"org"`
}

type goldEntity struct {
	Name      string         `json:"name"`
	Aliases   []string       `json:"aliases"`
	Positions []goldPosition `json:"positions"`
	Value     *float64       `json:"value"`
	Unit      string         `json:"unit"`
}

// GoldDoc is one article's annotation.
type GoldDoc struct {
	Companies     []goldEntity `json:"companies"`
	Persons       []goldEntity `json:"persons"`
	Organizations []goldEntity `json:"organizations"`
	Plans         []goldEntity `json:"plans"`
	Figures       []goldEntity `json:"figures"`
	Places        []goldEntity `json:"places"`
	// Relations are the project's own addition to the shared gold: the
	// PART_OF, LOCATED_IN and INVESTS_IN facts each article states, by the
	// names of their ends (places by their official names: 无锡市).
	Relations []GoldRelation `json:"relations"`
}

// GoldRelation is one fact of the gold.
type GoldRelation struct {
	Type string `json:"type"`
	From string `json:"from"`
	To   string `json:"to"`
}

// ScoreRelations tallies one article's relations against its gold, per
// relation type of the gold. An end matches by the entity's name or any
// of its aliases; a fact stated twice counts once.
func ScoreRelations(g GoldDoc, p *extract.Result) map[string]Tally {
	known := map[extract.Ref]map[string]bool{}
	for _, e := range p.Entities {
		known[extract.Ref{Type: e.Type, Name: e.Name}] = names(e.Name, e.Aliases)
	}
	endNames := func(r extract.Ref) map[string]bool {
		if n, ok := known[r]; ok {
			return n
		}
		return names(r.Name, nil)
	}
	out := map[string]Tally{}
	types := map[string]bool{}
	for _, r := range g.Relations {
		types[r.Type] = true
	}
	for typ := range types {
		var ps, gs []map[string]bool
		for _, r := range g.Relations {
			if r.Type == typ {
				gs = append(gs, map[string]bool{norm(r.From) + "/" + norm(r.To): true})
			}
		}
		seen := map[[2]extract.Ref]bool{}
		for _, r := range p.Relations {
			if r.Type != typ || seen[[2]extract.Ref{r.From, r.To}] {
				continue
			}
			seen[[2]extract.Ref{r.From, r.To}] = true
			keys := map[string]bool{}
			for f := range endNames(r.From) {
				for t := range endNames(r.To) {
					keys[f+"/"+t] = true
				}
			}
			ps = append(ps, keys)
		}
		out[typ] = match(ps, gs)
	}
	return out
}

// ParseGold reads a gold file: an object keyed by file name.
func ParseGold(b []byte) (map[string]GoldDoc, error) {
	g := map[string]GoldDoc{}
	return g, json.Unmarshal(b, &g)
}

// Kinds scored, in report order; "positions" is not part of "all".
var Kinds = []string{"companies", "persons", "organizations", "plans", "figures", "places", "positions"}

var kindOfType = map[string]string{
	extract.TypeCompany: "companies", extract.TypePerson: "persons", extract.TypeOrganization: "organizations",
	extract.TypePlan: "plans", extract.TypeFigure: "figures", extract.TypePlace: "places",
}

var replacer = strings.NewReplacer(
	"《", "", "》", "", "“", "", "”", "", "\"", "", "「", "", "」", "", "‘", "", "’", "", "'", "",
	"（", "(", "）", ")", "—", "-", "–", "-", "－", "-", "~", "-", "～", "-", "至", "-",
	" ", "", "\u3000", "", "·", "", "•", "",
)

func norm(s string) string { return strings.ToLower(replacer.Replace(strings.TrimSpace(s))) }

func names(name string, aliases []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range append([]string{name}, aliases...) {
		if n = norm(n); n != "" {
			m[n] = true
		}
	}
	return m
}

func figureKey(v float64, unit string) map[string]bool {
	return map[string]bool{fmt.Sprintf("%g %s", math.Round(v*1000)/1000, norm(unit)): true}
}

func match(pred, gold []map[string]bool) Tally {
	used := make([]bool, len(gold))
	var t Tally
	for _, p := range pred {
		hit := false
		for i, g := range gold {
			if used[i] {
				continue
			}
			for k := range p {
				if g[k] {
					hit = true
					break
				}
			}
			if hit {
				used[i] = true
				break
			}
		}
		if hit {
			t.TP++
		} else {
			t.FP++
		}
	}
	for _, u := range used {
		if !u {
			t.FN++
		}
	}
	return t
}

// Score tallies one article's prediction against its gold, per kind.
func Score(g GoldDoc, p *extract.Result) map[string]Tally {
	out := map[string]Tally{}
	gold := map[string][]goldEntity{"companies": g.Companies, "persons": g.Persons, "organizations": g.Organizations, "plans": g.Plans, "figures": g.Figures, "places": g.Places}
	for _, kind := range Kinds {
		var ps, gs []map[string]bool
		switch kind {
		case "positions":
			for _, ge := range g.Persons {
				for _, pos := range ge.Positions {
					org := ""
					if pos.Org != nil {
						org = *pos.Org
					}
					gs = append(gs, map[string]bool{norm(ge.Name) + "/" + norm(pos.Title) + "/" + norm(org): true})
				}
			}
			for _, r := range p.Relations {
				if r.Type == extract.RelHoldsPosition {
					title, _ := r.Props["title"].(string)
					ps = append(ps, map[string]bool{norm(r.From.Name) + "/" + norm(title) + "/" + norm(r.To.Name): true})
				}
			}
		case "figures":
			for _, ge := range g.Figures {
				if ge.Value != nil {
					gs = append(gs, figureKey(*ge.Value, ge.Unit))
				}
			}
			for _, e := range p.Entities {
				if e.Type != extract.TypeFigure {
					continue
				}
				v, ok := e.Props["value"].(float64)
				unit, _ := e.Props["unit"].(string)
				if ok {
					ps = append(ps, figureKey(v, unit))
				} else {
					ps = append(ps, map[string]bool{"?" + norm(e.Name): true})
				}
			}
		default:
			for _, ge := range gold[kind] {
				gs = append(gs, names(ge.Name, ge.Aliases))
			}
			for _, e := range p.Entities {
				if kindOfType[e.Type] == kind {
					ps = append(ps, names(e.Name, e.Aliases))
				}
			}
		}
		out[kind] = match(ps, gs)
	}
	return out
}

// Add sums b into a.
func Add(a map[string]Tally, b map[string]Tally) {
	for k, t := range b {
		x := a[k]
		x.TP, x.FP, x.FN = x.TP+t.TP, x.FP+t.FP, x.FN+t.FN
		a[k] = x
	}
}

// All sums the entity kinds (not positions).
func All(m map[string]Tally) Tally {
	var t Tally
	for k, x := range m {
		if k != "positions" {
			t.TP, t.FP, t.FN = t.TP+x.TP, t.FP+x.FP, t.FN+x.FN
		}
	}
	return t
}
