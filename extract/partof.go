package extract

import (
	"sort"
	"strings"

	"newskg/extract/lexicon"
)

// partOfRelations places the article's places in the administrative
// hierarchy: a county, city or province the article names goes PART_OF the
// division it belongs to (锡山区 → 无锡市 → 江苏省) when the article names
// that one too. The division list says which belongs to which (a name two
// divisions share relates to none); the text says the two are in the
// article. source is "text" when a sentence names both, the child right
// after its parent or not (江苏省无锡市), and "divisions" when only the
// list relates them; the evidence is that sentence, or the sentence of the
// child's first mention.
func partOfRelations(d *doc, entities []Entity) []Relation {
	places := map[string]Entity{}
	for _, e := range entities {
		if e.Type == TypePlace {
			places[e.Name] = e
		}
	}
	names := make([]string, 0, len(places))
	for n := range places {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Relation
	for _, child := range names {
		c := places[child]
		parent := lexicon.ParentDivision(child)
		if IsTownName(child) && lexicon.Divisions[child].Name == "" {
			// below the list: a town or street belongs to the county
			// written right before it (江阴市徐霞客镇, 新吴区旺庄街道)
			parent = countyBefore(c, names, places)
		} else if parent == "" {
			// a name several divisions share: the text decides, by the
			// parent written right before it (北京市朝阳区)
			parent = writtenBefore(c, names, places)
		}
		p, ok := places[parent]
		if parent == "" || !ok {
			continue
		}
		if len(c.Mentions) == 0 {
			continue
		}
		source, at := "divisions", c.Mentions[0].Start
		for _, cm := range c.Mentions {
			sen := d.sentenceAt(cm.Start)
			if mentionedIn(p, sen) {
				source, at = "text", cm.Start
				break
			}
		}
		out = append(out, d.relation(RelPartOf, Ref{TypePlace, child}, Ref{TypePlace, parent}, at, map[string]any{"source": source}))
	}
	return out
}

// writtenBefore is the place written right before one of c's mentions
// that c belongs to (the first of names, sorted, when several are), or "".
func writtenBefore(c Entity, names []string, places map[string]Entity) string {
	return placeBefore(c, names, places, func(p string) bool { return lexicon.InDivision(c.Name, p) })
}

// countyBefore is the county-level division written right before one of
// town c's mentions, or "".
func countyBefore(c Entity, names []string, places map[string]Entity) string {
	return placeBefore(c, names, places, func(p string) bool { return lexicon.Divisions[p].Level == "county" })
}

// placeBefore is the first of names that may be c's parent and is written
// right before one of c's mentions, or "".
func placeBefore(c Entity, names []string, places map[string]Entity, mayBeParent func(string) bool) string {
	for _, n := range names {
		if !mayBeParent(n) {
			continue
		}
		for _, pm := range places[n].Mentions {
			for _, cm := range c.Mentions {
				if pm.End == cm.Start {
					return n
				}
			}
		}
	}
	return ""
}

// mentionedIn reports whether e is named in the span.
func mentionedIn(e Entity, s span) bool {
	for _, m := range e.Mentions {
		if m.Start >= s.start && m.End <= s.end {
			return true
		}
	}
	return false
}

// scopeWords qualify a body's reach (全国政协, 国家统计局, 中央军委); taken
// for a body of their own they are no parent.
var scopeWords = map[string]bool{"全国": true, "国家": true, "中央": true, "国际": true, "中国": true}

// bodyPartOfRelations places bodies under the body or place their name
// opens with, when the article names that one too: 无锡高新区科技创新促进中心
// → 无锡高新区, 锡山区工信局 → 锡山区 (a place only when it is a Chinese
// administrative division). The longest such name wins; source is "name".
func bodyPartOfRelations(d *doc, entities []Entity) []Relation {
	var parents []Entity
	for _, e := range entities {
		// a place only when it is a Chinese division: 德国江苏总商会 is no
		// part of Germany
		_, division := lexicon.Divisions[e.Name]
		if (e.Type == TypeOrganization || e.Type == TypePlace && division) && runeLen(e.Name) >= 2 && !IsGenericName(e.Name) && !scopeWords[e.Name] {
			parents = append(parents, e)
		}
	}
	var out []Relation
	for _, e := range entities {
		if e.Type != TypeOrganization || len(e.Mentions) == 0 {
			continue
		}
		var best *Entity
		for i, p := range parents {
			rest, ok := strings.CutPrefix(e.Name, p.Name)
			// the rest names a body by its ending (…促进中心, …工信局), not a
			// post (国家主席) or a trip
			if !ok || runeLen(rest) < 2 || p.Name == e.Name || lexicon.OrgSuffixes.LongestSuffix(rest) == "" {
				continue
			}
			if best == nil || runeLen(p.Name) > runeLen(best.Name) {
				best = &parents[i]
			}
		}
		if best == nil {
			continue
		}
		out = append(out, d.relation(RelPartOf, Ref{e.Type, e.Name}, Ref{best.Type, best.Name}, e.Mentions[0].Start, map[string]any{"source": "name"}))
	}
	return out
}

// sameAreaRelations ties a development zone to the district or street
// written in brackets right after it (无锡高新区(新吴区), 苏州工业园区(苏州市
// 工业园区)): one ground under two names, one administration, which the
// zone's 区政合一 style of naming states. The zone is a body whose name ends
// in a zone's ending; the other is a district or town the article names.
func sameAreaRelations(d *doc, entities []Entity) []Relation {
	var areas []Entity
	for _, e := range entities {
		if e.Type == TypePlace && (lexicon.Divisions[e.Name].Level == "county" || IsTownName(e.Name)) || e.Type == TypeOrganization && isDistrict(e.Name) {
			areas = append(areas, e)
		}
	}
	var out []Relation
	for _, z := range entities {
		if z.Type != TypeOrganization || !zoneSuffixes[lexicon.OrgSuffixes.LongestSuffix(z.Name)] {
			continue
		}
		for _, zm := range z.Mentions {
			written := d.str(zm.Start, zm.End)
			if IsGenericName(written) {
				continue // 党工委(区委): two generic words, not two names
			}
			for _, a := range areas {
				if written == z.Name+"("+a.Name+")" || written == z.Name+"（"+a.Name+"）" {
					out = append(out, d.relation(RelSameAreaAs, Ref{z.Type, z.Name}, Ref{a.Type, a.Name}, zm.Start, nil))
					continue
				}
				if open := d.str(zm.End, zm.End+1); open != "(" && open != "（" {
					continue
				}
				for _, am := range a.Mentions {
					if close := d.str(am.End, am.End+1); am.Start == zm.End+1 && (close == ")" || close == "）") {
						out = append(out, d.relation(RelSameAreaAs, Ref{z.Type, z.Name}, Ref{a.Type, a.Name}, zm.Start, nil))
					}
				}
			}
		}
	}
	return dedupeRelations(out)
}
