package extract

import (
	"regexp"
	"strings"

	"newskg/extract/lexicon"
)

// zoneSuffixes end the names of zones and parks; a zone name needs a proper
// element (a place, a known body, Latin letters or an unknown word) before
// the ending, so that 高科技园区 or 创新驱动发展示范区 are not taken for one.
var zoneSuffixes = map[string]bool{
	"高新区": true, "开发区": true, "经开区": true, "新区": true, "片区": true, "自贸区": true, "综保区": true,
	"保税区": true, "工业园区": true, "园区": true, "产业园": true, "科技园": true, "工业园": true, "软件园": true,
	"科创城": true, "创新区": true, "示范区": true, "试验区": true, "集聚区": true,
}

// singleCharSuffix endings (局, 部, 所 …) count only as a word of their own
// or inside a known body; 布局, 全部, 院所 are not bodies.
func (d *doc) isOrgEndingToken(tok, suf string) bool {
	if tok == suf || lexicon.KnownOrgs.Has(tok) || lexicon.Bodies.Has(tok) {
		return true
	}
	// 经济技术开发区, 科技厅, 研究所: a word of three or more runes that
	// ends with a body ending; 布局, 全部, 院所 are too short to count.
	if runeLen(tok) < 3 || !strings.HasSuffix(tok, suf) {
		return false
	}
	// 产业布局 ends with 布局, a word that is no body: the last two runes of a
	// body word (技厅, 究所) are not a word of their own.
	rs := []rune(tok)
	return runeLen(suf) >= 2 || !d.seg.IsWord(string(rs[len(rs)-2:]))
}

// formalZones are zone types that are administrations by definition; other
// zone endings (园区, 示范区) need a proper name before them.
var formalZones = map[string]bool{"高新区": true, "开发区": true, "经开区": true, "自贸区": true, "综保区": true, "保税区": true, "经济技术开发区": true}

// findOrganizations finds bodies by their endings and by the list of known
// bodies.
func findOrganizations(d *doc) []cand {
	var out []cand
	for i, t := range d.tokens {
		if lexicon.KnownOrgs.Has(t.Text) {
			out = append(out, cand{typ: TypeOrganization, name: t.Text, start: t.Start, end: t.End, rank: rankOrg})
		}
		suf := lexicon.OrgSuffixes.LongestSuffix(t.Text)
		if suf == "" || !d.isOrgEndingToken(t.Text, suf) {
			continue
		}
		// A body word followed by a rank is part of a title
		// (党工委书记), handled with the person; a district's congress
		// and political consultative conference are bodies of their own.
		if lexicon.Bodies.Has(t.Text) && lexicon.Titles.LongestPrefix(d.str(t.End, t.End+6)) != "" &&
			!strings.Contains(t.Text, "人大") && !strings.Contains(t.Text, "政协") {
			continue
		}
		// 政府工作报告 is a report, not a government
		if strings.HasPrefix(d.str(t.End, t.End+4), "工作报告") {
			continue
		}
		if c, ok := orgEndingAt(d, i); ok {
			out = append(out, c)
		}
	}
	out = append(out, parentheticalOrgs(d, out)...)
	return out
}

// orgEndingAt builds the organisation whose name ends with token i.
func orgEndingAt(d *doc, i int) (cand, bool) {
	t := d.tokens[i]
	suf := lexicon.OrgSuffixes.LongestSuffix(t.Text)
	if lexicon.KnownOrgs.Has(t.Text) {
		suf = t.Text
	}
	sufStart := t.End - runeLen(suf)
	start := d.scanLeft(t.Start, 24)
	start = d.anchorAtPlace(start, t.End)
	// Coordinated bodies share their stem: 无锡市委市政府 → 无锡市政府.
	if pi, ok := d.tokenEndingAt(t.Start); ok && pi >= 0 && lexicon.Bodies.Has(d.tokens[pi].Text) && start < d.tokens[pi].Start {
		stem := d.str(start, d.tokens[pi].Start)
		return cand{typ: TypeOrganization, name: stem + t.Text, start: t.Start, end: t.End, rank: rankOrg}, stem != ""
	}
	start = d.trimAtInnerVerb(start, sufStart)
	start = d.trimGenericLead(start, sufStart)
	name := d.str(start, t.End)
	stem := d.str(start, sufStart)
	// a dictionary word for a kind of body (公立医院, 中小学, 国家实验室)
	// names no body in particular
	// (one dictionary word whose part before the ending is no name: the
	// dictionary's tags call 公立医院 an organisation too, so judge the stem)
	if start == t.Start && name != suf && d.seg.IsWord(name) && !lexicon.KnownOrgs.Has(name) && !isNameWord(d, stem) && !strings.ContainsAny(stem, "区市省县") {
		return cand{}, false
	}
	if stem == "" {
		// A bare body (区委, 党工委, 高新区) is kept; resolve.go maps
		// it to the full body the article names, or drops it.
		if lexicon.Bodies.Has(name) || zoneSuffixes[name] || lexicon.KnownOrgs.Has(name) {
			return cand{typ: TypeOrganization, name: name, start: start, end: t.End, rank: rankOrg}, true
		}
		return cand{}, false
	}
	if stem == "区" {
		// 区党工委, 区科技局, 区政协: a body of the district.
		return cand{typ: TypeOrganization, name: name, start: start, end: t.End, rank: rankOrg}, true
	}
	// 政府 is a place's government (无锡市政府, 新吴区政府); 法治政府 and
	// 数字政府 are ideas.
	if suf == "政府" && !endsWithPlaceOrLevel(stem) {
		return cand{}, false
	}
	// 英国剑桥科技园: the country is where the park is, not its name.
	if c := lexicon.Countries.LongestPrefix(name); c != "" && zoneSuffixes[suf] && runeLen(name)-runeLen(c) >= 4 {
		start += runeLen(c)
		name, stem = d.str(start, t.End), d.str(start, sufStart)
	}
	if zoneSuffixes[suf] && !d.hasProperElement(start, sufStart) && !parenAfterPlace(d, t.End) {
		// 项目落地高新区: no name before the ending, so this is the
		// bare abbreviation, resolved later to the zone the article names.
		if formalZones[suf] && suf == t.Text {
			return cand{typ: TypeOrganization, name: suf, start: t.Start, end: t.End, rank: rankOrg}, true
		}
		return cand{}, false
	}
	if (suf == "中心" || suf == "局" || suf == "办") && runeLen(stem) < 3 && !d.hasProperElement(start, sufStart) {
		return cand{}, false
	}
	// a one-character ending standing alone (办, 所, 部) is as often a verb
	// or a particle: the body needs a place or a name before it
	if runeLen(suf) == 1 && t.Text == suf && !endsWithPlaceOrLevel(stem) && !startsWithLevel(stem) && !d.hasProperElement(start, sufStart) {
		return cand{}, false
	}
	return cand{typ: TypeOrganization, name: name, start: start, end: t.End, rank: rankOrg, scanned: true}, true
}

// hasProperElement reports whether [s, e) holds a name-like part: a known
// place, body or company, Latin letters, or a word the dictionary lacks.
func (d *doc) hasProperElement(s, e int) bool {
	for i := s; i < e; i++ {
		if isLatin(d.rs[i]) {
			return true
		}
	}
	for p := s; p < e; {
		ti, ok := d.tokenStartingAt(p)
		if !ok {
			p++
			continue
		}
		w := d.tokens[ti].Text
		if lexicon.Places.Has(w) || lexicon.KnownOrgs.Has(w) || lexicon.KnownCompanies.Has(w) || zoneSuffixes[w] || !d.seg.IsWord(w) {
			return true
		}
		if bilateral.MatchString(w) {
			return true
		}
		switch d.seg.POS(w) {
		case "nr", "nrt", "nrfg", "nt":
			return true
		}
		p = d.tokens[ti].End
	}
	return false
}

// isNameWord: a place, a known body or company, or a word the dictionary
// tags as a name (江南 in 江南大学; not 公立 in 公立医院).
func isNameWord(d *doc, w string) bool {
	if lexicon.Places.Has(w) || lexicon.KnownOrgs.Has(w) || lexicon.KnownCompanies.Has(w) || endsWithPlaceOrLevel(w) {
		return true
	}
	switch d.seg.POS(w) {
	case "ns", "nr", "nrt", "nz", "nrfg":
		return true
	}
	return false
}

// startsWithLevel: 市住建委, 省科技厅, 国家邮政局 — a body of the level the
// article is about, or of the state.
func startsWithLevel(stem string) bool {
	rs := []rune(stem)
	return len(rs) >= 2 && strings.ContainsRune("省市区县", rs[0]) || strings.HasPrefix(stem, "国家") || strings.HasPrefix(stem, "中国") || strings.HasPrefix(stem, "全国")
}

// endsWithPlaceOrLevel: 无锡市, 江苏省, 新吴区, 国务院 …
func endsWithPlaceOrLevel(stem string) bool {
	if lexicon.Places.LongestSuffix(stem) != "" || lexicon.KnownOrgs.LongestSuffix(stem) != "" {
		return true
	}
	rs := []rune(stem)
	return len(rs) >= 2 && strings.ContainsRune("省市区县镇乡州盟旗", rs[len(rs)-1])
}

// parenAfterPlace: "空港经开区(硕放街道)" names its zone by the street.
func parenAfterPlace(d *doc, end int) bool {
	m := parenAfter.FindStringSubmatch(d.str(end, end+12))
	return m != nil && (strings.HasSuffix(m[1], "街道") || strings.HasSuffix(m[1], "镇"))
}

var parenAfter = regexp.MustCompile(`^[(（](\p{Han}{2,8})[)）]`)

// parentheticalOrgs handles "无锡高新区(新吴区)" and "空港经开区(硕放街道)": the
// name in brackets is a body of its own (新吴区) or a second name of the
// first; the bracketed whole is kept as an alias.
func parentheticalOrgs(d *doc, found []cand) []cand {
	var out []cand
	for _, c := range found {
		m := parenAfter.FindStringSubmatch(d.str(c.end, c.end+12))
		if m == nil {
			continue
		}
		inner := m[1]
		whole := c.name + "(" + inner + ")"
		if strings.HasSuffix(inner, "区") && !zoneSuffixes[lexicon.OrgSuffixes.LongestSuffix(inner)] && runeLen(inner) <= 4 {
			out = append(out, cand{typ: TypeOrganization, name: inner, start: c.end + 1, end: c.end + 1 + runeLen(inner), rank: rankOrg})
			out = append(out, cand{typ: TypeOrganization, name: c.name, start: c.start, end: c.end, aliases: []string{whole}, rank: rankOrg})
			continue
		}
		if strings.HasSuffix(inner, "街道") || strings.HasSuffix(inner, "镇") || lexicon.OrgSuffixes.LongestSuffix(inner) != "" && !lexicon.Bodies.Has(inner) {
			out = append(out, cand{typ: TypeOrganization, name: whole, start: c.start, end: c.end + runeLen(inner) + 2, aliases: []string{c.name, inner}, rank: rankOrg})
		}
	}
	return out
}
