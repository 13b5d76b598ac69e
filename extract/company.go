package extract

import (
	"regexp"
	"strings"

	"newskg/extract/lexicon"
)

// legalSuffix: endings that make a name a company on their own; the short
// endings (集团, 银行, 公司, 控股) need a proper name before them.
func isLongLegalSuffix(s string) bool { return runeLen(s) >= 4 || s == "株式会社" }

// genericCompanyStem: words that make "X公司/X集团/X银行" a common noun.
var genericCompanyStem = []string{"中央", "商业", "政策性", "企业", "公司", "跨国", "上市", "民营", "国有", "外资", "日资", "韩资", "港资", "台资", "商业", "金融", "投资", "产业", "龙头", "子", "分", "母", "总", "该", "本", "各", "这家", "一家", "多家", "中资", "合资", "独资", "科技", "大型", "骨干", "链主", "省属", "市属", "区属", "地方", "政策性", "开发性", "村镇", "农村"}

func genericStem(stem string) bool {
	for _, g := range genericCompanyStem {
		if stem == g || strings.HasSuffix(stem, g) && runeLen(g) >= 2 {
			return true
		}
	}
	return false
}

// findCompanies finds companies by legal endings, the lexicon of known
// companies, enumerations of companies and the "X成为…上市公司" pattern.
func findCompanies(d *doc) []cand {
	var out []cand
	out = append(out, legalNameCompanies(d)...)
	// Known names are matched on the text, longest first, where they
	// start and end on word boundaries: the segmenter cuts some apart
	// (中通/快递, SK/海力士).
	for _, t := range d.tokens {
		w := lexicon.KnownCompanies.LongestPrefix(d.text[d.byteOf[t.Start]:])
		if w == "" || lexicon.Places.Has(w) {
			continue
		}
		end := t.Start + runeLen(w)
		if _, endsWord := d.tokenEndingAt(end); endsWord || end == len(d.rs) {
			out = append(out, cand{typ: TypeCompany, name: w, start: t.Start, end: end, rank: rankShortName})
		}
	}
	out = append(out, enumeratedCompanies(d, out)...)
	out = append(out, becameListed(d)...)
	out = append(out, latinPrefixed(d, out)...)
	return out
}

func legalNameCompanies(d *doc) []cand {
	var out []cand
	taken := make([]bool, len(d.rs))
	occ := d.occurrences(lexicon.CompanySuffixes)
	for _, suf := range lexicon.CompanySuffixes.Words {
		for _, at := range occ[suf] {
			end := at + runeLen(suf)
			if taken[at] || taken[end-1] {
				continue
			}
			if _, ok := d.tokenEndingAt(end); !ok && end < len(d.rs) && isHan(d.rs[end]) {
				continue // 公司 inside 公司化, 集团 inside 集团化
			}
			// a legal name may hold any word (新光维医疗科技); a short
			// ending needs the strict scan
			start := d.scanLeft(at, 30)
			if isLongLegalSuffix(suf) {
				start = d.scanLeftLoose(at, 30)
			}
			start = d.trimGenericLead(start, at)
			start = d.anchorAtPlace(start, at)
			stem := d.str(start, at)
			if stem == "" || runeLen(stem) < 2 || genericStem(stem) || lexicon.KnownOrgs.Has(d.str(start, end)) {
				continue // 中国人民银行 is the central bank, a government body
			}
			if !isLongLegalSuffix(suf) && !(d.hasProperElement(start, at) || lexicon.KnownCompanies.Has(stem)) {
				continue
			}
			// 瑞穗银行(中国): a bracketed place after a bank or group
			// names its national arm.
			if m := parenAfter.FindStringSubmatch(d.str(end, end+8)); m != nil && !isLongLegalSuffix(suf) && lexicon.Places.Has(m[1]) {
				end += runeLen(m[1]) + 2
			}
			for i := start; i < end; i++ {
				taken[i] = true
			}
			out = append(out, cand{typ: TypeCompany, name: d.str(start, end), start: start, end: end, rank: rankLegalCompany, scanned: true})
		}
	}
	return out
}

var (
	// 上市17家(先导智能、银邦股份、…): a bracketed list after a count of 家.
	// It is matched where 家( occurs (countedLists), never over the whole
	// text: it has no literal prefix.
	countedList = regexp.MustCompile(`^\d+家[(（]([^()（）]{2,400}?)[)）]`)
	// A、B、C等…企业: a list closed by 等 and a head noun within a few words.
	etcList = regexp.MustCompile(`((?:[\p{Han}A-Za-z0-9·]{2,16}、)+[\p{Han}A-Za-z0-9·]{2,16})等([^，,。；;]{0,16})`)
)

var companyHeads = []string{"企业", "公司", "集团", "巨头", "品牌", "厂商", "车企", "药企", "500强", "龙头", "快递", "电商", "制造商", "供应商"}
var orgHeads = []string{"院所", "高校", "大学", "机构", "院校", "协会"}

// etcLists returns the matches of etcList in sentences that hold 、 and 等.
// A match's first item (at most 16 runes) ends at a 、, so no match starts
// more than 16 runes before the sentence's first 、: the pattern, which has
// no literal prefix, is run from there.
func etcLists(d *doc) [][]int {
	var spans []span
	for _, s := range d.sentences {
		sen := d.text[d.byteOf[s.start]:d.byteOf[s.end]]
		i := strings.Index(sen, "、")
		if i < 0 || !strings.Contains(sen[i:], "等") {
			continue
		}
		first := d.runeOf(d.byteOf[s.start] + i)
		spans = append(spans, span{max(s.start, first-16), s.end})
	}
	return findInSpans(d, spans, etcList, func(string) bool { return true })
}

// countedLists returns the matches of countedList, found from each 家( or
// 家（ back to the digits before it.
func countedLists(text string) [][]int {
	var out [][]int
	for from := 0; ; {
		i := strings.Index(text[from:], "家")
		if i < 0 {
			return out
		}
		i += from
		from = i + len("家")
		if !strings.HasPrefix(text[from:], "(") && !strings.HasPrefix(text[from:], "（") {
			continue
		}
		start := i
		for start > 0 && isDigitByte(text[start-1]) {
			start--
		}
		if start == i {
			continue
		}
		m := countedList.FindStringSubmatchIndex(text[start:])
		if m == nil {
			continue
		}
		out = append(out, shiftMatch(m, start))
		from = m[1]
	}
}

// enumeratedCompanies reads lists of short company names.
func enumeratedCompanies(d *doc, known []cand) []cand {
	var out []cand
	knownName := map[string]bool{}
	for _, c := range known {
		knownName[c.name] = true
	}
	add := func(itemsStart int, items string, typ string) {
		// Lists are homogeneous: when most items of a company list are
		// names, a short item that is also a dictionary word (松下, 日立)
		// is a name too.
		names, total := 0, 0
		for _, it := range strings.Split(items, "、") {
			for _, part := range splitDe(it) {
				total++
				if validListItem(d, part) {
					names++
				}
			}
		}
		homogeneous := typ == TypeCompany && total >= 3 && names*2 > total
		pos := itemsStart
		for _, it := range strings.Split(items, "、") {
			n := runeLen(it)
			for _, part := range splitDe(it) {
				p := strings.Index(it, part)
				ps := pos + runeLen(it[:p])
				// an item the tagger reads as a name is one
				tagged := d.tagged[[2]int{ps, ps + runeLen(part)}]
				ok := validListItem(d, part) || tagged || homogeneous && shortWordItem(part)
				if ok && (typ == TypeCompany || tagged || lexicon.KnownOrgs.Has(part) || lexicon.OrgSuffixes.LongestSuffix(part) != "") {
					out = append(out, cand{typ: typ, name: part, start: ps, end: ps + runeLen(part), rank: rankShortName})
				}
			}
			pos += n + 1
		}
	}
	for _, m := range countedLists(d.text) {
		start := d.runeOf(m[2])
		add(start, d.text[m[2]:m[3]], TypeCompany)
	}
	for _, m := range etcLists(d) {
		items, head := d.text[m[2]:m[3]], d.text[m[4]:m[5]]
		start := d.runeOf(m[2])
		// The first item may carry words before it (实施A、B): cut at
		// the last boundary word.
		first := strings.SplitN(items, "、", 2)[0]
		firstStart := d.scanLeft(start+runeLen(first), 16)
		if firstStart > start {
			items = string(d.rs[firstStart:d.runeOf(m[3])])
			start = firstStart
		}
		typ := ""
		if hasAny(head, orgHeads) {
			typ = TypeOrganization
		} else if hasAny(head, companyHeads) {
			typ = TypeCompany
		} else {
			hits := 0
			for _, it := range strings.Split(items, "、") {
				for _, part := range splitDe(it) {
					if knownName[part] || lexicon.KnownCompanies.Has(part) {
						hits++
					}
				}
			}
			if hits >= 2 {
				typ = TypeCompany
			}
		}
		if typ != "" {
			add(start, items, typ)
		}
	}
	return out
}

// findAllIn runs re over the sentences that hold every one of the words
// (a cheap test that spares the regexp most of the text) and returns the
// matches with offsets into the whole text.
func findAllIn(d *doc, re *regexp.Regexp, words ...string) [][]int {
	return findInSentences(d, re, func(sen string) bool {
		for _, w := range words {
			if !strings.Contains(sen, w) {
				return false
			}
		}
		return true
	})
}

func findInSentences(d *doc, re *regexp.Regexp, keep func(string) bool) [][]int {
	return findInSpans(d, d.sentences, re, keep)
}

// findInLines is findInSentences for patterns that hold whole lines.
func findInLines(d *doc, re *regexp.Regexp, keep func(string) bool) [][]int {
	return findInSpans(d, d.lines(), re, keep)
}

func findInSpans(d *doc, spans []span, re *regexp.Regexp, keep func(string) bool) [][]int {
	var out [][]int
	for _, s := range spans {
		bs, be := d.byteOf[s.start], d.byteOf[s.end]
		sen := d.text[bs:be]
		if !keep(sen) {
			continue
		}
		for _, m := range re.FindAllStringSubmatchIndex(sen, -1) {
			out = append(out, shiftMatch(m, bs))
		}
	}
	return out
}

// shiftMatch turns the offsets of a match in a piece of the text (unset
// groups, -1, stay unset) into offsets in the text, the piece starting at
// byte from.
func shiftMatch(m []int, from int) []int {
	for i := range m {
		if m[i] >= 0 {
			m[i] += from
		}
	}
	return m
}

// splitDe splits "三星集团的三星SDI" into its two names.
func splitDe(item string) []string {
	if i := strings.Index(item, "的"); i > 0 {
		return []string{item[:i], item[i+len("的"):]}
	}
	return []string{item}
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// validListItem rejects list items that are common nouns (集成电路, 新材料)
// rather than names.
// shortWordItem is an item of 2–4 name runes that is no place.
func shortWordItem(it string) bool {
	n := runeLen(it)
	if n < 2 || n > 4 || lexicon.Places.Has(it) {
		return false
	}
	for _, r := range it {
		if !isNameRune(r) {
			return false
		}
	}
	return true
}

func validListItem(d *doc, it string) bool {
	n := runeLen(it)
	if n < 2 || n > 12 {
		return false
	}
	for _, r := range it {
		if !isNameRune(r) && r != '·' {
			return false
		}
	}
	if lexicon.KnownCompanies.Has(it) || lexicon.KnownOrgs.Has(it) {
		return true
	}
	if lexicon.Places.Has(it) {
		return false
	}
	for w := range genericLead {
		if strings.HasPrefix(it, w) && runeLen(it) > runeLen(w)+1 {
			return false
		}
	}
	// A single dictionary word that is a common noun (物联网, 新能源)
	// is an industry, not a company.
	if d.seg.IsWord(it) {
		switch d.seg.POS(it) {
		case "nr", "nrt", "nz", "nt", "nrfg", "ns":
			return true
		}
		return false
	}
	return true
}

var becameListedRE = regexp.MustCompile(`([\p{Han}A-Za-z]{2,8})成为[^，,。；;]{0,14}(?:上市企业|上市公司)`)

// becameListed: "吉冈精密成为无锡首家北交所上市企业".
func becameListed(d *doc) []cand {
	var out []cand
	for _, m := range findAllIn(d, becameListedRE, "成为", "上市") {
		end := d.runeOf(m[3])
		start := d.scanLeft(end, 8)
		name := d.str(start, end)
		if runeLen(name) >= 2 && !genericStem(name) && !lexicon.Places.Has(name) {
			out = append(out, cand{typ: TypeCompany, name: name, start: start, end: end, rank: rankShortName})
		}
	}
	return out
}

var latinLead = regexp.MustCompile(`^[A-Z][A-Za-z]{1,5}`)

// latinPrefixed: once "LS集团" is a company, "LS机械" is one of its
// companies too (a Latin brand prefix followed by an industry word).
func latinPrefixed(d *doc, known []cand) []cand {
	prefixes := map[string]bool{}
	for _, c := range known {
		if p := latinLead.FindString(c.name); p != "" {
			prefixes[p] = true
		}
	}
	var out []cand
	for p := range prefixes {
		for _, at := range d.indexAll(p) {
			end := at + runeLen(p)
			if at > 0 && isLatin(d.rs[at-1]) || end >= len(d.rs) || !isHan(d.rs[end]) {
				continue
			}
			ti, ok := d.tokenStartingAt(end)
			if !ok {
				continue
			}
			w := d.tokens[ti].Text
			if lexicon.Places.Has(w) || runeLen(w) < 2 || lexicon.CompanySuffixes.Has(w) || genericStem(w) {
				continue
			}
			out = append(out, cand{typ: TypeCompany, name: p + w, start: at, end: d.tokens[ti].End, rank: rankShortName})
		}
	}
	return out
}

// industryWords are stripped from a company's core name to find the short
// name an article uses for it (中科微至科技 → 中科微至).
var industryWords = []string{"科技", "技术", "医疗", "医药", "生物", "电子", "微电子", "半导体", "线缆", "集成电路", "信息", "智能", "材料", "新材料", "能源", "新能源", "机械", "装备", "精密", "制造", "实业", "发展", "电力", "电气", "汽车", "软件", "网络", "通信", "光电", "环保", "化工", "食品", "物流", "贸易", "投资", "控股"}

// shortNames proposes the short names of a legal company name.
func shortNames(full string) []string {
	core := full
	for _, suf := range lexicon.CompanySuffixes.Words {
		if strings.HasSuffix(core, suf) && core != suf {
			core = strings.TrimSuffix(core, suf)
			break
		}
	}
	if core == full {
		return nil
	}
	core = regexp.MustCompile(`[(（]\p{Han}{1,6}[)）]$`).ReplaceAllString(core, "")
	var out []string
	if p := lexicon.Places.LongestPrefix(core); p != "" && runeLen(core)-runeLen(p) >= 2 {
		out = append(out, core)
		core = strings.TrimPrefix(core, p)
	}
	for runeLen(core) >= 2 {
		out = append(out, core)
		trimmed := false
		for _, w := range industryWords {
			if strings.HasSuffix(core, w) && runeLen(core)-runeLen(w) >= 2 {
				core = strings.TrimSuffix(core, w)
				trimmed = true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return out
}
