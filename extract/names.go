package extract

import (
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"newskg/extract/lexicon"
	"newskg/extract/ner"
)

// The statistical name layer as a proposer: the tagger reads each
// sentence and proposes persons, places, organisations and companies as
// candidates like any recogniser's (source "ner"). They meet the pattern
// recognisers' candidates in acceptSpans, where a pattern's span wins a tie
// and a longer span wins otherwise; the vetoes here keep out what the
// tagger gets wrong in ways a rule can tell.

// nerTypes maps the tagger's labels to entity types.
var nerTypes = map[string]string{ner.PER: TypePerson, ner.LOC: TypePlace, ner.ORG: TypeOrganization, ner.COMPANY: TypeCompany}

// minNERScore is the confidence (mean margin per rune) below which a
// proposal is dropped.
var minNERScore = math.Inf(-1)

// findNames runs the tagger over every sentence of the document.
func (x *Extractor) findNames(d *doc) []cand {
	if x.model == nil {
		return nil
	}
	tg := x.model.NewTagger()
	var out []cand
	ti := 0
	var s ner.Sentence
	for _, sen := range d.sentences {
		s.Runes = d.rs[sen.start:sen.end]
		s.Words = s.Words[:0]
		for ti < len(d.tokens) && d.tokens[ti].End <= sen.start {
			ti++
		}
		for k := ti; k < len(d.tokens) && d.tokens[k].Start < sen.end; k++ {
			t := d.tokens[k]
			s.Words = append(s.Words, ner.Word{Start: max(t.Start, sen.start) - sen.start, End: min(t.End, sen.end) - sen.start, POS: t.POS})
		}
		for _, sp := range tg.Tag(s) {
			if c, ok := nerCand(d, sen.start+sp.Start, sen.start+sp.End, sp); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// nerCand turns a proposal into a candidate, or vetoes it.
func nerCand(d *doc, start, end int, sp ner.Span) (cand, bool) {
	if sp.Score < minNERScore || end-start < 2 {
		return cand{}, false
	}
	name := d.str(start, end)
	typ := nerTypes[sp.Label]
	if IsGenericName(name) || strings.ContainsAny(name, "\n，。、；：！？,.;:!?（）()《》“”\"") {
		return cand{}, false
	}
	switch typ {
	case TypePerson:
		if !personShaped(d.rs[start:end]) {
			return cand{}, false
		}
	case TypeOrganization, TypeCompany:
		var ok bool
		if start, end, ok = d.nameBounds(start, end); !ok {
			return cand{}, false
		}
		name = d.str(start, end)
		// the ending decides between a business and a body
		switch {
		case lexicon.CompanySuffixes.LongestSuffix(name) != "" && !publicBank(name):
			typ = TypeCompany
		case lexicon.OrgSuffixes.LongestSuffix(name) != "":
			typ = TypeOrganization
		}
		if lexicon.Places.Has(name) {
			typ = TypePlace
		}
	case TypePlace:
		// a place ends where a word ends (锡山区|区长, not 锡山区区)
		if _, ok := d.tokenEndingAt(end); !ok {
			if k := d.tokenAt(end - 1); k >= 0 && d.tokens[k].Start-start >= 2 {
				end = d.tokens[k].Start
			}
		}
		name = lexicon.CanonicalPlace(d.str(start, end))
	}
	// a congress or a plenum by its number (二十大, 二中全会) is an event
	if congressRE.MatchString(name + d.str(end, end+2)) {
		return cand{}, false
	}
	// 新吴|区委书记: a place before a level's body (区委, 市政府) is that
	// level's division
	if typ == TypePlace || typ == TypeOrganization {
		if ti, ok := d.tokenStartingAt(end); ok {
			if lvl := adminLevel(d.tokens[ti].Text); lvl != "" && !strings.HasSuffix(name, lvl) {
				typ, name = TypePlace, lexicon.CanonicalPlace(name+lvl)
			}
		}
	}
	c := cand{typ: typ, name: name, start: start, end: end, rank: rankNER, source: sourceNER, score: sp.Score}
	if c.name != d.str(start, end) {
		c.aliases = []string{d.str(start, end)}
	}
	return c, true
}

var congressRE = regexp.MustCompile(`^[一二三四五六七八九十]+(大|中全会|中、)`)

// personShaped: a Chinese name of two to four Han characters, a foreign
// name joined by ·, or a Latin name; no digits.
func personShaped(rs []rune) bool {
	han, other := 0, 0
	for _, r := range rs {
		switch {
		case isHan(r):
			han++
		case r == '·' || r == '•' || r == '-' || r == ' ':
		case unicode.IsLetter(r):
			other++
		default:
			return false
		}
	}
	if other > 0 {
		return han == 0
	}
	// foreign names run long (纳芙拉蒂洛娃, 伊卜拉依莫夫)
	return han >= 2 && (han <= 8 || strings.ContainsAny(string(rs), "·•"))
}

// publicBank: banks that are public bodies, not businesses.
func publicBank(name string) bool {
	for _, b := range []string{"人民银行", "中央银行", "世界银行", "储备银行", "央行"} {
		if strings.HasSuffix(name, b) {
			return true
		}
	}
	return false
}

func mendAll(d *doc, cs []cand) []cand {
	out := make([]cand, 0, len(cs))
	for _, c := range cs {
		out = append(out, d.mendBounds(c)...)
	}
	return out
}

// fuseMode picks the fusion rule while it is being measured.
var fuseMode = os.Getenv("KG_FUSE")

// fuse decides between the patterns' candidates and the tagger's: the one
// place where the two meet.
//
// A name the patterns found by its ending (公司, 委员会, 高新区) has a sure
// end and a guessed start: where the tagger has a name ending at the same
// place, its start is taken (贯彻落实无锡市委 → 无锡市委, 参会企业家代表瑞穗银行
// 股份有限公司 → 瑞穗银行股份有限公司). Then the longest span wins, a
// pattern winning a tie.
func fuse(d *doc, patterns, names []cand) []cand {
	byEnd := map[int]cand{}
	personAt := map[int]cand{}
	for _, n := range names {
		if n.typ == TypePerson {
			personAt[n.start] = n
			continue
		}
		if o, ok := byEnd[n.end]; !ok || n.end-n.start > o.end-o.start {
			byEnd[n.end] = n
		}
	}
	adjusted := make([]cand, 0, len(patterns))
	for _, p := range patterns {
		// the tagger's start is taken where what it leaves out is clause
		// words (贯彻落实|无锡市委), or where it reaches further left and is
		// sure (a proper name the scan stopped before)
		if n, ok := byEnd[p.end]; ok && p.scanned && n.start != p.start && p.name == d.str(p.start, p.end) && n.end-n.start >= 2 &&
			(n.start > p.start && d.allClauseWords(p.start, n.start) || n.start < p.start && n.score > 0) {
			p.start, p.name = n.start, d.str(n.start, p.end)
		}
		// a person the patterns found by surname and length (孙浩曾任 →
		// 孙浩曾): where the tagger reads a name from the same start, its
		// end is taken
		if n, ok := personAt[p.start]; ok && p.typ == TypePerson && n.end != p.end && p.name == d.str(p.start, p.end) {
			p.end, p.name = n.end, n.name
		}
		adjusted = append(adjusted, p)
	}
	patterns = mendAll(d, adjusted)
	names = mendAll(d, names)
	switch fuseMode {
	case "names":
		var keep []cand
		for _, c := range patterns {
			if c.typ == TypePerson || c.typ == TypePlan || c.typ == TypeFigure {
				keep = append(keep, c)
			}
		}
		return acceptAfter(acceptSpans(names), keep)
	case "names-first":
		return acceptAfter(acceptSpans(names), patterns)
	}
	return acceptSpans(append(append([]cand(nil), patterns...), names...))
}

// departments are the units inside a company or body that a title names
// with its holder (财务部经理, 党委办公室主任): they end the title, not the
// name before it.
var departmentEndings = []string{"部", "处", "科", "室", "办", "车间", "分厂", "中心"}

// mendBounds corrects what a name's span takes from its neighbours, on the
// patterns' names and the tagger's alike:
//   - a department between a company and a title goes with the title
//     (深圳市天音通信发展有限公司财务部高级经理 → 深圳市天音通信发展有限公司);
//   - two bodies joined by 及 are two names (瑞士联邦理工学院及德国明思特大学).
func (d *doc) mendBounds(c cand) []cand {
	// a place's name is its text, or its text and the level the next word
	// opens with (锡山区东港|镇党委 → 锡山区东港镇)
	if c.typ == TypePlace && c.start >= 0 && strings.HasPrefix(c.name, d.str(c.start, c.end)) {
		return splitDivisions(c)
	}
	if c.typ != TypeOrganization && c.typ != TypeCompany || c.start < 0 || c.name != d.str(c.start, c.end) {
		return []cand{c}
	}
	name := c.name
	if lexicon.Titles.LongestPrefix(d.str(c.end, c.end+8)) != "" {
		if k := departmentTail(name); k > 0 {
			c.end -= k
			c.name = d.str(c.start, c.end)
			c.typ = typeByEnding(c.name, c.typ)
		}
	}
	if i := strings.Index(c.name, "及"); i > 0 {
		left := c.name[:i]
		if _, suf := innerEnding(left); suf != "" && strings.HasSuffix(left, suf) && runeLen(c.name[i+len("及"):]) >= 2 {
			l, r := c, c
			l.end = c.start + runeLen(left)
			l.name, l.typ = left, typeByEnding(left, c.typ)
			r.start = l.end + 1
			r.name = d.str(r.start, r.end)
			return []cand{l, r}
		}
	}
	return []cand{c}
}

// splitDivisions cuts a place written as a division followed by one of
// its own divisions into the two (江苏省南京市江宁区 → 江苏省, 南京市, 江宁区),
// or a county followed by a town or street (新吴区旺庄街道 → 新吴区,
// 旺庄街道): each is a node of the hierarchy, as the news NER data tags
// them.
func splitDivisions(c cand) []cand {
	rs := []rune(c.name)
	// at k: the head, and the rest
	split := func(k int) (cand, cand) {
		l, r := c, c
		l.name, l.end, l.aliases = string(rs[:k]), c.start+k, nil
		r.name, r.start, r.aliases = string(rs[k:]), c.start+k, nil
		return l, r
	}
	for k := 2; k <= len(rs)-2 && c.start+k < c.end; k++ {
		head, tail := string(rs[:k]), string(rs[k:])
		d, ok := lexicon.Divisions[head]
		if !ok {
			continue
		}
		if d.Level == "county" && IsTownName(tail) {
			l, r := split(k)
			return []cand{l, r}
		}
		// the tail, or the division it starts with, belongs to the head
		trs := rs[k:]
		for j := len(trs); j >= 2; j-- {
			first := string(trs[:j])
			if p := lexicon.ParentDivision(first); lexicon.InDivision(first, head) || p != "" && lexicon.InDivision(p, head) {
				l, r := split(k)
				return append([]cand{l}, splitDivisions(r)...)
			}
		}
	}
	return []cand{c}
}

// townEndings end the names of township-level divisions: towns, townships
// and urban streets (镇, 乡, 街道), below the county-level list.
var townEndings = []string{"街道", "镇", "乡"}

// IsTownName reports whether name reads as a township-level division: an
// ending of townEndings after at least two Han runes that are not
// themselves a division word (东港镇, 旺庄街道, not 城镇 or 乡镇).
func IsTownName(name string) bool {
	for _, e := range townEndings {
		stem, ok := strings.CutSuffix(name, e)
		if ok && runeLen(stem) >= 2 && runeLen(stem) <= 4 && allHan([]rune(stem)) && !strings.ContainsAny(stem, "镇乡街道区县市省") {
			return true
		}
	}
	return false
}

// innerEnding finds the last legal or body ending inside a name (有限公司,
// 集团, 大学, 学院 …) and where it starts, or -1.
func innerEnding(name string) (int, string) {
	best, bestSuf := -1, ""
	for _, l := range []*lexicon.List{lexicon.CompanySuffixes, lexicon.OrgSuffixes} {
		for _, suf := range l.Words {
			if runeLen(suf) < 2 {
				continue
			}
			if i := strings.LastIndex(name, suf); i > 0 && i+len(suf) > best+len(bestSuf) {
				best, bestSuf = i, suf
			}
		}
	}
	return best, bestSuf
}

// departmentTail is the length in runes of the department that ends name
// after the name of its company or body (湘潭钢铁公司党委办公室 → 5,
// 郴州市高等级公路指挥部财务部 → 3), or 0. A company's name before it is
// preferred to a body's (the company is whom the post is with), and the
// longest such department is taken; a unit of more than six runes, or a
// centre of more than four, is a body of its own (科技创新促进中心).
func departmentTail(name string) int {
	rs := []rune(name)
	best, bestCompany := 0, false
	for k := 2; k <= 6 && k <= len(rs)-2; k++ {
		tail, head := string(rs[len(rs)-k:]), string(rs[:len(rs)-k])
		if !endsWithAny(tail, departmentEndings) && !lexicon.Bodies.Has(tail) || strings.HasSuffix(tail, "中心") && k > 4 || !allHan([]rune(tail)) {
			continue
		}
		company := runeLen(lexicon.CompanySuffixes.LongestSuffix(head)) >= 2
		if !company && runeLen(lexicon.OrgSuffixes.LongestSuffix(head)) < 2 {
			continue
		}
		if company || !bestCompany {
			best, bestCompany = k, company
		}
	}
	return best
}

func endsWithAny(s string, ends []string) bool {
	for _, e := range ends {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

// typeByEnding: a legal ending makes a company, a body's ending a body.
func typeByEnding(name, typ string) string {
	switch {
	case lexicon.CompanySuffixes.LongestSuffix(name) != "" && !publicBank(name):
		return TypeCompany
	case lexicon.OrgSuffixes.LongestSuffix(name) != "":
		return TypeOrganization
	}
	return typ
}

// acceptAfter adds to accepted the candidates that overlap none of it
// (longest first, as acceptSpans).
func acceptAfter(accepted, more []cand) []cand {
	end := 0
	for _, c := range append(append([]cand(nil), accepted...), more...) {
		end = max(end, c.end)
	}
	taken := make([]bool, end+1)
	for _, c := range accepted {
		for i := max(c.start, 0); i < c.end; i++ {
			taken[i] = true
		}
	}
	var free []cand
	for _, c := range more {
		if c.start >= 0 && c.end > c.start && !anyTaken(taken[c.start:c.end]) {
			free = append(free, c)
		}
	}
	out := append(append([]cand(nil), accepted...), acceptSpans(free)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// nameBounds checks and mends the bounds the tagger gave an organisation
// or a company, by the words the segmenter cut: a name starts and ends on
// word boundaries; a body word followed by a rank is the start of a title
// (无锡高新区党工委书记: the name is 无锡高新区); a leading country is where a
// park is, not its name (英国剑桥科技园); clause words before a place are
// not part of the name (用好综保区新片区).
func (d *doc) nameBounds(start, end int) (int, int, bool) {
	if ti, ok := d.tokenEndingAt(end); !ok {
		// the end cuts a word: only a body word may be cut off whole
		k := d.tokenAt(end - 1)
		if k < 0 || !lexicon.Bodies.Has(d.tokens[k].Text) {
			return 0, 0, false
		}
		end = d.tokens[k].Start
	} else if lexicon.Bodies.Has(d.tokens[ti].Text) && lexicon.Titles.LongestPrefix(d.str(end, end+8)) != "" && d.tokens[ti].Start > start {
		end = d.tokens[ti].Start
	}
	if _, ok := d.tokenStartingAt(start); !ok {
		if k := d.tokenAt(start); k >= 0 && d.seg.IsWord(d.tokens[k].Text) {
			return 0, 0, false
		}
	}
	if c := lexicon.Countries.LongestPrefix(d.str(start, end)); c != "" && zoneSuffixes[lexicon.OrgSuffixes.LongestSuffix(d.str(start, end))] && end-start-runeLen(c) >= 4 {
		start += runeLen(c)
	}
	start = d.anchorAtPlace(start, end)
	if suf := lexicon.OrgSuffixes.LongestSuffix(d.str(start, end)); suf != "" {
		start = d.trimAtInnerVerb(start, end-runeLen(suf))
	}
	// two bodies in a row are two names (无锡市委市政府: the patterns read
	// the coordination)
	if ti, ok := d.tokenEndingAt(end); ok && lexicon.Bodies.Has(d.tokens[ti].Text) {
		if pi, ok := d.tokenEndingAt(d.tokens[ti].Start); ok && pi >= 0 && lexicon.Bodies.Has(d.tokens[pi].Text) {
			return 0, 0, false
		}
	}
	// a name holds no word that joins clauses (江南大学建立联合研究院 is two)
	for p := start; p < end; {
		ti, ok := d.tokenStartingAt(p)
		if !ok {
			p++
			continue
		}
		if t := d.tokens[ti]; p > start && t.End <= end && lexicon.Boundaries.Has(t.Text) && !lexicon.OrgSuffixes.Has(t.Text) {
			return 0, 0, false
		}
		p = d.tokens[ti].End
	}
	return start, end, end-start >= 2
}
