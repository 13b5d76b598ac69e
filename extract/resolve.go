package extract

import (
	"regexp"
	"sort"
	"strings"

	"newskg/extract/lexicon"
)

// entityBuilder groups accepted candidates into one entity per distinct
// thing, merges aliases and attaches every mention.
type entityBuilder struct {
	d        *doc
	entities map[string]*Entity // key: type + "\x00" + name
	order    []string
	alias    map[string]string // type+"\x00"+alias -> key of the entity
}

func key(typ, name string) string { return typ + "\x00" + name }

// yearRangeDash is a year range written with any dash or 至 (2025—2030).
var yearRangeDash = regexp.MustCompile(`(\d{4})\s*[—–－~～至-]\s*(\d{4})`)

func newEntityBuilder(d *doc) *entityBuilder {
	return &entityBuilder{d: d, entities: map[string]*Entity{}, alias: map[string]string{}}
}

func (b *entityBuilder) get(typ, name string) *Entity {
	if k, ok := b.alias[key(typ, name)]; ok {
		return b.entities[k]
	}
	return b.entities[key(typ, name)]
}

// add records a candidate, creating its entity when needed. A plan's
// name is keyed with one dash in its year range (2025—2030 and 2025-2030
// are one plan); the form written stays an alias.
func (b *entityBuilder) add(c cand) *Entity {
	if c.typ == TypePlan {
		if canon := yearRangeDash.ReplaceAllString(c.name, "$1-$2"); canon != c.name {
			c.aliases = append(append([]string{}, c.aliases...), c.name)
			c.name = canon
		}
	}
	e := b.get(c.typ, c.name)
	if e == nil {
		e = &Entity{Type: c.typ, Name: c.name, Aliases: []string{}, Props: map[string]any{}}
		k := key(c.typ, c.name)
		b.entities[k] = e
		b.order = append(b.order, k)
	}
	for _, a := range c.aliases {
		b.addAlias(e, a)
	}
	for k, v := range c.props {
		if _, ok := e.Props[k]; !ok {
			e.Props[k] = v
		}
	}
	if c.start >= 0 {
		e.Mentions = append(e.Mentions, Mention{c.start, c.end})
	}
	return e
}

func (b *entityBuilder) addAlias(e *Entity, a string) {
	if a == "" || a == e.Name {
		return
	}
	for _, x := range e.Aliases {
		if x == a {
			return
		}
	}
	e.Aliases = append(e.Aliases, a)
	b.alias[key(e.Type, a)] = key(e.Type, e.Name)
}

// merge folds entity from into into: its name becomes an alias.
func (b *entityBuilder) merge(from, into *Entity) {
	if from == into {
		return
	}
	b.addAlias(into, from.Name)
	for _, a := range from.Aliases {
		b.addAlias(into, a)
	}
	into.Mentions = append(into.Mentions, from.Mentions...)
	for k, v := range from.Props {
		if _, ok := into.Props[k]; !ok {
			into.Props[k] = v
		}
	}
	fk := key(from.Type, from.Name)
	delete(b.entities, fk)
	b.alias[fk] = key(into.Type, into.Name)
	for k, v := range b.alias {
		if v == fk {
			b.alias[k] = key(into.Type, into.Name)
		}
	}
}

func (b *entityBuilder) ofType(typ string) []*Entity {
	var out []*Entity
	for _, k := range b.order {
		if e := b.entities[k]; e != nil && e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// acceptSpans keeps the longest of overlapping candidates (legal company
// names before organisations before places on ties).
func acceptSpans(cands []cand) []cand {
	sort.SliceStable(cands, func(i, j int) bool {
		li, lj := cands[i].end-cands[i].start, cands[j].end-cands[j].start
		if li != lj {
			return li > lj
		}
		if cands[i].rank != cands[j].rank {
			return cands[i].rank > cands[j].rank
		}
		return cands[i].start < cands[j].start
	})
	// taken marks the runes of accepted spans: a candidate overlaps an
	// accepted one exactly when one of its runes is taken (a long report
	// has thousands of candidates; comparing pairs was quadratic)
	end := 0
	for _, c := range cands {
		end = max(end, c.end)
	}
	taken := make([]bool, end)
	var out []cand
	for _, c := range cands {
		if c.start < 0 || c.end <= c.start || anyTaken(taken[c.start:c.end]) {
			continue
		}
		for i := c.start; i < c.end; i++ {
			taken[i] = true
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func anyTaken(span []bool) bool {
	for _, t := range span {
		if t {
			return true
		}
	}
	return false
}

var districtRE = regexp.MustCompile(`^\p{Han}{2,3}[区县]$`)

// isDistrict: an administrative district (新吴区), not a zone (高新区).
func isDistrict(name string) bool {
	return districtRE.MatchString(name) && !zoneSuffixes[lexicon.OrgSuffixes.LongestSuffix(name)]
}

// resolveAbbreviations folds bare and shortened organisation names into the
// full body the article names: 高新区 → 无锡高新区, 无锡国家高新区 → 无锡高新区,
// 党工委/管委会 → the zone whose titles use them, 区委/区政府 → the district.
// A bare body that cannot be resolved is dropped.
func (b *entityBuilder) resolveAbbreviations(bodyOwner map[string]string, district string) {
	orgs := b.ofType(TypeOrganization)
	for _, e := range orgs {
		if strings.Contains(e.Name, "国家") {
			short := strings.Replace(e.Name, "国家", "", 1)
			if t := b.get(TypeOrganization, short); t != nil && t != e {
				b.merge(e, t)
			}
		}
	}
	// 省科技厅 is 江苏省科技厅, 市政府 is 无锡市政府, 牛津 is 牛津大学: a
	// name that another body's name holds after a place, or before a
	// school's ending, is that body's short form.
	for _, e := range b.ofType(TypeOrganization) {
		for _, o := range b.ofType(TypeOrganization) {
			if o == e || b.entities[key(o.Type, o.Name)] == nil || b.entities[key(e.Type, e.Name)] == nil {
				continue
			}
			if p := strings.TrimSuffix(o.Name, e.Name); p != o.Name && lexicon.Places.Has(p) && !zoneSuffixes[e.Name] && runeLen(e.Name) >= 3 {
				b.merge(e, o)
			} else if rest := strings.TrimPrefix(o.Name, e.Name); rest != o.Name && (rest == "大学" || rest == "学院") {
				b.merge(e, o)
			}
		}
	}
	for _, e := range b.ofType(TypeOrganization) {
		name := e.Name
		var target *Entity
		switch {
		case zoneSuffixes[name]:
			var hits []*Entity
			for _, o := range b.ofType(TypeOrganization) {
				if o != e && strings.HasSuffix(o.Name, name) && runeLen(o.Name) <= runeLen(name)+4 && !zoneSuffixes[o.Name] {
					hits = append(hits, o)
				}
			}
			if len(hits) == 1 {
				target = hits[0]
			}
		case lexicon.Bodies.Has(name) || lexicon.Bodies.Has(strings.TrimPrefix(name, "区")):
			body := strings.TrimPrefix(name, "区")
			if owner := bodyOwner[body]; owner != "" && !strings.HasPrefix(body, "区") {
				target = b.get(TypeOrganization, owner)
			}
			if target == nil && (strings.HasPrefix(name, "区委") || strings.HasPrefix(name, "区政府")) && district != "" {
				target = b.get(TypeOrganization, district)
			}
			if target == nil && !strings.Contains(name, "人大") && !strings.Contains(name, "政协") &&
				(strings.HasPrefix(name, "区") || body == "党工委" || body == "管委会") {
				// unresolved bare body: say nothing rather than guess
				delete(b.entities, key(e.Type, e.Name))
				continue
			}
		default:
			continue
		}
		if target != nil {
			b.merge(e, target)
		} else if zoneSuffixes[name] {
			delete(b.entities, key(e.Type, e.Name))
		}
	}
}

// linkCompanyShortNames adds short names (新洁能) to legal names (无锡新洁能
// 股份有限公司) when the article uses them, merging any entity of that name.
func (b *entityBuilder) linkCompanyShortNames(accepted []cand) {
	for _, e := range b.ofType(TypeCompany) {
		for _, s := range shortNames(e.Name) {
			if o := b.get(TypeCompany, s); o != nil && o != e {
				if runeLen(o.Name) < runeLen(e.Name) {
					b.merge(o, e)
				}
				continue
			}
			if o := b.get(TypeOrganization, s); o != nil {
				b.mergeAcross(o, e)
				continue
			}
			// the short name must stand on its own somewhere (LG inside
			// LG化学 is not LG集团's short name)
			for _, at := range b.d.indexAll(s) {
				if !overlapsAny(Mention{at, at + runeLen(s)}, accepted) {
					b.addAlias(e, s)
					break
				}
			}
		}
	}
}

// mergeAcross folds an entity of another type (an organisation that is in
// fact a company's short name) into e.
func (b *entityBuilder) mergeAcross(from, into *Entity) {
	b.addAlias(into, from.Name)
	into.Mentions = append(into.Mentions, from.Mentions...)
	delete(b.entities, key(from.Type, from.Name))
	b.alias[key(from.Type, from.Name)] = key(into.Type, into.Name)
}

// linkPlanForms merges a plan's declared short form and the same title
// written without its issuer (《关于…的行动计划》 and 《无锡高新区关于…的行动计划》).
func (b *entityBuilder) linkPlanForms() {
	plans := b.ofType(TypePlan)
	for _, p := range plans {
		for _, q := range plans {
			if p == q || b.entities[key(q.Type, q.Name)] == nil || b.entities[key(p.Type, p.Name)] == nil {
				continue
			}
			if strings.HasSuffix(p.Name, q.Name) && runeLen(q.Name) >= 8 && runeLen(p.Name) > runeLen(q.Name) {
				prefix := strings.TrimSuffix(p.Name, q.Name)
				if b.get(TypeOrganization, prefix) != nil || b.get(TypeCompany, prefix) != nil || lexicon.Places.Has(prefix) {
					b.merge(q, p)
				}
			}
		}
	}
	// 建设世界一流高科技园区行动计划, written without its marks, is
	// 《无锡高新区关于建设世界一流高科技园区的行动计划(2025—2030年)》.
	for _, p := range b.ofType(TypePlan) {
		core := planCore(b, p.Name)
		for _, q := range b.ofType(TypePlan) {
			if p == q || b.entities[key(q.Type, q.Name)] == nil || b.entities[key(p.Type, p.Name)] == nil {
				continue
			}
			if runeLen(q.Name) >= 8 && runeLen(q.Name) < runeLen(p.Name) && !strings.ContainsAny(q.Name, "《“") && strings.HasSuffix(core, q.Name) {
				b.merge(q, p)
			}
		}
	}
	for _, p := range b.ofType(TypePlan) {
		for _, a := range p.Aliases {
			if o := b.entities[key(TypePlan, a)]; o != nil && o != p {
				b.merge(o, p)
			}
		}
	}
}

var periodParen = regexp.MustCompile(`[(（][^()（）]*\d{4}[^()（）]*[)）]`)

// planCore is a title without its period, its issuer and its function
// words: 无锡高新区关于建设X的行动计划(2025—2030年) → 建设X行动计划.
func planCore(b *entityBuilder, name string) string {
	core := periodParen.ReplaceAllString(name, "")
	for _, o := range b.ofType(TypeOrganization) {
		if strings.HasPrefix(core, o.Name) {
			core = strings.TrimPrefix(core, o.Name)
			break
		}
	}
	core = strings.TrimPrefix(core, "关于")
	return strings.ReplaceAll(core, "的", "")
}

var (
	// 最高人民法院（下称“最高法”）, 美国证券交易委员会(SEC)
	declaredShort = regexp.MustCompile(`^[(（](?:以下简称|以下称|下称|简称)[“"]([^”"]{2,12})[”"][)）]`)
	latinShort    = regexp.MustCompile(`^[(（]([A-Z][A-Za-z&]{1,9})[)）]`)
)

// linkDeclaredShortForms adds the short form an article declares right
// after a body's or company's name as its alias.
func (b *entityBuilder) linkDeclaredShortForms() {
	for _, typ := range []string{TypeOrganization, TypeCompany} {
		for _, e := range b.ofType(typ) {
			for _, m := range e.Mentions {
				after := b.d.str(m.End, m.End+20)
				x := declaredShort.FindStringSubmatch(after)
				if x == nil {
					x = latinShort.FindStringSubmatch(after)
				}
				if x == nil {
					continue
				}
				// the short form found as a name of its own is this one
				if other := b.entities[key(typ, x[1])]; other != nil && other != e {
					b.merge(other, e)
				}
				b.addAlias(e, x[1])
			}
		}
	}
}

// addMentions finds further occurrences of each entity's names that no
// other entity's span covers.
func (b *entityBuilder) addMentions(taken []cand) {
	// all names are found in one pass over the text, and "covered by a
	// taken span" is one look-up per rune: a long report has hundreds of
	// entities and thousands of spans
	var all []string
	for _, k := range b.order {
		if e := b.entities[k]; e != nil && e.Type != TypeFigure {
			all = append(append(all, e.Name), e.Aliases...)
		}
	}
	occ := b.d.occurrences(lexicon.New(all))
	covered := make([]bool, len(b.d.rs)+1)
	for _, c := range taken {
		for i := max(c.start, 0); i < c.end && i < len(covered); i++ {
			covered[i] = true
		}
	}
	coveredSpan := func(m Mention) bool {
		for i := m.Start; i < m.End; i++ {
			if covered[i] {
				return true
			}
		}
		return false
	}
	for _, k := range b.order {
		e := b.entities[k]
		if e == nil || e.Type == TypeFigure {
			continue
		}
		names := append([]string{e.Name}, e.Aliases...)
		for _, n := range names {
			if runeLen(n) < 2 {
				continue
			}
			for _, at := range occ[n] {
				m := Mention{at, at + runeLen(n)}
				if coveredBy(m, e.Mentions) || coveredSpan(m) {
					continue
				}
				e.Mentions = append(e.Mentions, m)
			}
		}
		sort.Slice(e.Mentions, func(i, j int) bool { return e.Mentions[i].Start < e.Mentions[j].Start })
		e.Mentions = dedupeMentions(e.Mentions)
	}
}

func coveredBy(m Mention, ms []Mention) bool {
	for _, x := range ms {
		if m.Start < x.End && x.Start < m.End {
			return true
		}
	}
	return false
}

func overlapsAny(m Mention, cs []cand) bool {
	for _, c := range cs {
		if m.Start < c.end && c.start < m.End {
			return true
		}
	}
	return false
}

func dedupeMentions(ms []Mention) []Mention {
	var out []Mention
	for _, m := range ms {
		if len(out) > 0 && out[len(out)-1] == m {
			continue
		}
		out = append(out, m)
	}
	return out
}
