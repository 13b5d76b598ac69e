package extract

import (
	"fmt"
	"sort"
	"strings"

	"newskg/extract/lexicon"
)

// The economic relations an article states between the entities it names:
// where a company or body is (LOCATED_IN), what it signs, invests in,
// settles or starts in a place (INVESTS_IN), and the plans, lists and
// programmes it takes part in (PARTICIPATES_IN). Each is read from one
// sentence, with both ends named in it; the evidence is that sentence.

var (
	// 位于X / 坐落于X / 落户X …: the verb, then the place (在/于 between
	// allowed)
	locatedVerbs = lexicon.New([]string{"位于", "坐落于", "坐落在", "坐落", "地处", "落户", "落地", "入驻", "进驻", "扎根", "总部位于", "总部设在", "设在", "选址"})
	// 在X投资 / 在X建设 …: a place between 在 and the verb
	buildVerbs = lexicon.New([]string{"投资", "建设", "设立", "成立", "新建", "建成", "开设", "布局", "兴建", "投建"})
	// the events of INVESTS_IN, as written
	investVerbs = lexicon.New([]string{"签约", "签署", "投资", "增资", "落户", "开工", "投产", "竣工", "动工"})
	// what may stand between a subject and its verb (LS集团明确将在…, 民营
	// 企业总部位于): adverbs and auxiliaries, nothing that names a thing
	fillers = lexicon.New([]string{"总部", "已", "已经", "将", "正式", "相继", "成功", "也", "均", "都", "先后", "目前", "就", "还", "又", "再", "再次", "明确", "计划", "拟", "决定", "今年", "去年", "近日", "日前", "首次", "率先", "项目", "公司", "集团", "共同", "分别", "顺利", "最终", "此前", "即将", "不久前", "宣布", "表示", "一直", "自", "从", "于", "早在", "已于"})
	// 入选X / 获评X / 列入X …: the verb, then the plan, list or programme
	joinVerbs = lexicon.New([]string{"入选", "获评", "列入", "入围", "纳入", "获批", "被评为", "被认定为", "被列为", "认定为", "评为", "荣获", "获得"})
)

// named is one mention of an entity, in text order.
type named struct {
	start, end int
	ref        Ref
}

// mentionsOf lists the mentions of the entities of the given types, in
// text order.
func mentionsOf(entities []Entity, types ...string) []named {
	var out []named
	for _, e := range entities {
		for _, t := range types {
			if e.Type == t {
				for _, m := range e.Mentions {
					out = append(out, named{m.Start, m.End, Ref{e.Type, e.Name}})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// isLocation: a place, or a body that is a zone or district (无锡高新区,
// 新吴区): the things something can be located in.
func isLocation(r Ref) bool {
	switch r.Type {
	case TypePlace:
		return true
	case TypeOrganization:
		return zoneSuffixes[lexicon.OrgSuffixes.LongestSuffix(r.Name)] || isDistrict(r.Name)
	}
	return false
}

// isActor: a company or a body that is not a location, and whose name is
// not a generic word.
func isActor(r Ref) bool {
	return (r.Type == TypeCompany || r.Type == TypeOrganization) && !isLocation(r) && !IsGenericName(r.Name)
}

// verbsIn finds the verbs of l in [s, e), as rune spans.
func (d *doc) verbsIn(l *lexicon.List, s, e int) []span {
	var out []span
	text := d.str(s, e)
	l.Each(text, func(i int, w string) {
		at := s + runeLen(text[:i])
		// a verb is a word of its own: not the 投资 of 投资者
		if _, ok := d.tokenStartingAt(at); !ok {
			return
		}
		if _, ok := d.tokenEndingAt(at + runeLen(w)); !ok {
			return
		}
		out = append(out, span{at, at + runeLen(w)})
	})
	return out
}

// mentionAt is the mention starting in [from, to] that keep accepts, the
// first one.
func mentionAt(ms []named, from, to int, keep func(Ref) bool) (named, bool) {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].start >= from })
	for ; i < len(ms) && ms[i].start <= to; i++ {
		if keep(ms[i].ref) {
			return ms[i], true
		}
	}
	return named{}, false
}

// mentionBefore is the last mention keep accepts that ends in [from, to].
func mentionBefore(ms []named, from, to int, keep func(Ref) bool) (named, bool) {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].start >= to }) - 1
	for ; i >= 0 && ms[i].end >= from; i-- {
		if ms[i].end <= to && keep(ms[i].ref) {
			return ms[i], true
		}
	}
	return named{}, false
}

// skipPrep steps over 在 or 于 after a verb (落户在, 位于).
func (d *doc) skipPrep(pos int) int {
	if pos < len(d.rs) && (d.rs[pos] == '在' || d.rs[pos] == '于') {
		return pos + 1
	}
	return pos
}

// locatedRelations: 位于X的Y, Y位于X, Y在X投资 → Y LOCATED_IN X.
func locatedRelations(d *doc, entities []Entity) []Relation {
	ms := mentionsOf(entities, TypeCompany, TypeOrganization, TypePlace)
	var out []Relation
	add := func(who, where named, at int) {
		if who.ref == where.ref {
			return
		}
		out = append(out, d.relation(RelLocatedIn, who.ref, where.ref, at, nil))
	}
	for _, sen := range d.sentences {
		for _, v := range d.verbsIn(locatedVerbs, sen.start, sen.end) {
			where, ok := mentionAt(ms, v.end, d.skipPrep(v.end), isLocation)
			if !ok {
				continue
			}
			// 位于X的Y: Y right after X的
			if where.end < len(d.rs) && d.rs[where.end] == '的' {
				if who, ok := mentionAt(ms, where.end+1, where.end+1, isActor); ok {
					add(who, where, v.start)
					continue
				}
			}
			// A、B和C等一系列项目相继落户X: every member of the list (a
			// list first: a word inside its noun phrase is not the subject)
			if list := d.listWithDeng(ms, max(d.clauseStart(v.start), v.start-listGap), v.start, isActor); list != nil {
				for _, who := range list {
					add(who, where, v.start)
				}
				continue
			}
			// Y(总部)位于X: Y in the clause, only fillers before the verb
			if who, ok := mentionBefore(ms, max(d.clauseStart(v.start), v.start-6), v.start, isActor); ok && d.onlyFillers(who.end, v.start) {
				add(who, where, v.start)
			}
		}
		// Y在X投资: 在 right after Y, the place right after 在, the verb soon
		for _, v := range d.verbsIn(buildVerbs, sen.start, sen.end) {
			from := max(d.clauseStart(v.start), v.start-12)
			where, ok := mentionBefore(ms, from, v.start, isLocation)
			if !ok || where.start == 0 || d.rs[where.start-1] != '在' || d.anyStopBetween(where.end, v.start) {
				continue
			}
			// 索尼、松下…村田等跨国公司在X投资
			if list := d.listWithDeng(ms, max(d.clauseStart(where.start), where.start-1-listGap), where.start-1, isActor); list != nil {
				for _, who := range list {
					add(who, where, v.start)
				}
				continue
			}
			if who, ok := mentionBefore(ms, max(from-12, d.clauseStart(where.start)), where.start-1, isActor); ok && d.onlyFillers(who.end, where.start-1) {
				add(who, where, v.start)
			}
		}
	}
	return dedupeRelations(out)
}

// investRelations: a company and a place one sentence names around an
// investment verb (签约, 投资, 落户, 开工, 投产 …) → the company INVESTS_IN
// the place, with the event, the amount (a sum of money the sentence
// states) and the date where the sentence gives them.
func investRelations(d *doc, entities []Entity) []Relation {
	ms := mentionsOf(entities, TypeCompany, TypeOrganization, TypePlace)
	money := moneyFigures(entities)
	var out []Relation
	for _, sen := range d.sentences {
		for _, v := range d.verbsIn(investVerbs, sen.start, sen.end) {
			company := func(r Ref) bool { return r.Type == TypeCompany && !IsGenericName(r.Name) }
			who, ok := mentionBefore(ms, max(d.clauseStart(v.start), v.start-30), v.start, company)
			if !ok {
				continue
			}
			// 索尼、松下…村田等公司在区投资: each member invests, and the
			// sum is the group's, no one's
			group := []named{who}
			if who.end < len(d.rs) && d.rs[who.end] == '等' {
				group = d.listBack(ms, who, d.clauseStart(who.start), company)
			}
			// the place: after the company, nearest the verb
			where, ok := mentionBefore(ms, who.end, v.start, isLocation)
			if !ok || where.start < who.end {
				where, ok = mentionAt(ms, v.end, min(sen.end, v.end+12), isLocation)
			}
			if !ok {
				continue
			}
			for _, who := range group {
				props := map[string]any{"event": d.str(v.start, v.end)}
				if f, ok := nearestFigure(money, sen, v.start); ok && len(group) == 1 {
					props["amount"] = f.Name
					props["value"] = f.Props["value"]
					props["unit"] = f.Props["unit"]
				}
				if date := d.sentenceDate(v.start); date != "" {
					props["date"] = date
				}
				out = append(out, d.relation(RelInvestsIn, who.ref, where.ref, v.start, props))
			}
		}
	}
	return dedupeRelations(out)
}

// moneyFigures are the figures whose unit is a currency (亿元, 万美元).
func moneyFigures(entities []Entity) []Entity {
	var out []Entity
	for _, e := range entities {
		if u, _ := e.Props["unit"].(string); e.Type == TypeFigure && len(e.Mentions) > 0 && strings.HasSuffix(u, "元") {
			out = append(out, e)
		}
	}
	return out
}

// nearestFigure is the figure of fs in the sentence nearest pos.
func nearestFigure(fs []Entity, sen span, pos int) (Entity, bool) {
	best, dist := Entity{}, -1
	for _, f := range fs {
		at := f.Mentions[0].Start
		if at < sen.start || at >= sen.end {
			continue
		}
		if dd := abs(at - pos); dist < 0 || dd < dist {
			best, dist = f, dd
		}
	}
	return best, dist >= 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// participationRelations: A、B入选X, 列入X的A → A PARTICIPATES_IN plan X,
// with the verb as written.
func participationRelations(d *doc, entities []Entity) []Relation {
	ms := mentionsOf(entities, TypeCompany, TypeOrganization, TypePlan)
	plan := func(r Ref) bool { return r.Type == TypePlan }
	var out []Relation
	for _, sen := range d.sentences {
		for _, v := range d.verbsIn(joinVerbs, sen.start, sen.end) {
			p, ok := mentionAt(ms, v.end, min(sen.end, v.end+6), plan)
			if !ok || d.anyStopBetween(v.end, p.start) {
				continue
			}
			props := map[string]any{"how": d.str(v.start, v.end)}
			// 入选X的A: A right after X的
			if p.end < len(d.rs) && d.rs[p.end] == '的' {
				if who, ok := mentionAt(ms, p.end+1, p.end+1, isActor); ok {
					out = append(out, d.relation(RelParticipatesIn, who.ref, p.ref, v.start, props))
					continue
				}
			}
			// A、B和C入选X: the list that ends right before the verb
			end := v.start
			for _, w := range []string{"成功", "均", "都", "已", "先后", "分别"} {
				if s := end - runeLen(w); s >= 0 && d.str(s, end) == w {
					end = s
				}
			}
			if last, ok := mentionBefore(ms, max(sen.start, end-1), end, isActor); ok {
				for _, who := range d.listBack(ms, last, sen.start, isActor) {
					out = append(out, d.relation(RelParticipatesIn, who.ref, p.ref, v.start, props))
				}
			}
		}
	}
	return dedupeRelations(out)
}

// onlyFillers reports whether [s, e) is nothing but filler words and
// dates (自2006年在…).
func (d *doc) onlyFillers(s, e int) bool {
	for s < e {
		if d.rs[s] >= '0' && d.rs[s] <= '9' {
			for s < e && d.rs[s] >= '0' && d.rs[s] <= '9' {
				s++
			}
			if s < e && strings.ContainsRune("年月日", d.rs[s]) {
				s++
				continue
			}
			return false
		}
		n := 0
		for l := min(fillers.MaxLen(), e-s); l > 0; l-- {
			if fillers.Has(d.str(s, s+l)) {
				n = l
				break
			}
		}
		if n == 0 {
			return false
		}
		s += n
	}
	return true
}

// listGap is how far a list closed by 等 may stand before its verb (A、B
// 等世界500强日资跨国公司在…: a noun phrase of up to this many runes).
const listGap = 16

// listWithDeng finds a list closed by 等 in [from, to) — A、B和C等… — and
// returns its members, or nil.
func (d *doc) listWithDeng(ms []named, from, to int, keep func(Ref) bool) []named {
	for i := to - 1; i > from; i-- {
		if d.rs[i] != '等' {
			continue
		}
		if last, ok := mentionBefore(ms, i, i, keep); ok {
			return d.listBack(ms, last, d.clauseStart(last.start), keep)
		}
		return nil // the nearest 等 closes no list of names
	}
	return nil
}

// listBack walks a list back from its last member, over 、和与及.
func (d *doc) listBack(ms []named, last named, from int, keep func(Ref) bool) []named {
	out := []named{last}
	for cur := last; cur.start-1 >= from && strings.ContainsRune("、和与及", d.rs[cur.start-1]); {
		prev, ok := mentionBefore(ms, cur.start-1, cur.start-1, keep)
		if !ok {
			break
		}
		out = append(out, prev)
		cur = prev
	}
	return out
}

// relation is a fact of the sentence holding at: its evidence and the
// evidence's offsets.
func (d *doc) relation(typ string, from, to Ref, at int, props map[string]any) Relation {
	ev, s, e := d.evidenceSpan(at)
	if props == nil {
		props = map[string]any{}
	}
	return Relation{Type: typ, From: from, To: to, Props: props, Evidence: ev, Start: s, End: e}
}

// dedupeRelations keeps the first of relations with the same type, ends
// and properties.
func dedupeRelations(rs []Relation) []Relation {
	seen := map[string]bool{}
	var out []Relation
	for _, r := range rs {
		k := r.Type + "\x00" + r.From.Type + r.From.Name + "\x00" + r.To.Type + r.To.Name + "\x00" + fmt.Sprint(r.Props["event"])
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out
}
