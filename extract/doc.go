package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"newskg/extract/han"
	"newskg/extract/lexicon"
	"newskg/extract/segment"
)

// doc is one cleaned article prepared for the recognisers: its runes, its
// words and its sentences, all in rune offsets.
type doc struct {
	text      string
	rs        []rune
	tokens    []segment.Token
	tokStart  []int32 // rune offset -> index of the token starting there, or -1
	tokEnd    []int32 // rune offset -> index of the token ending there, or -1
	sentences []span
	byteOf    []int // rune offset -> byte offset in text (len(rs)+1 entries)
	seg       *segment.Segmenter
	published string          // YYYY-MM-DD or ""
	tagged    map[[2]int]bool // spans the name tagger proposed
	// lineStarts are the rune offsets where lines start
	lineStarts []int
}

type span struct{ start, end int }

func newDoc(text string, seg *segment.Segmenter, published string) *doc {
	d := &doc{text: text, rs: []rune(text), seg: seg, published: published}
	if !utf8.ValidString(text) {
		// str slices text: make it the runes' own encoding
		d.text = string(d.rs)
		text = d.text
	}
	d.byteOf = make([]int, 0, len(d.rs)+1)
	for i := range text {
		d.byteOf = append(d.byteOf, i)
	}
	d.byteOf = append(d.byteOf, len(text))
	d.tokens = seg.Cut(text)
	// slices indexed by rune offset: the recognisers ask at every position
	d.tokStart = make([]int32, len(d.rs)+1)
	d.tokEnd = make([]int32, len(d.rs)+1)
	for i := range d.tokStart {
		d.tokStart[i], d.tokEnd[i] = -1, -1
	}
	for i, t := range d.tokens {
		d.tokStart[t.Start] = int32(i)
		d.tokEnd[t.End] = int32(i)
	}
	d.lineStarts = append(d.lineStarts, 0)
	for i, r := range d.rs {
		if r == '\n' {
			d.lineStarts = append(d.lineStarts, i+1)
		}
	}
	start := 0
	for i, r := range d.rs {
		if isSentenceStop(r) {
			// a closing quote after the stop belongs to the sentence
			end := i + 1
			for end < len(d.rs) && (d.rs[end] == '”' || d.rs[end] == '’' || d.rs[end] == '」') {
				end++
			}
			if end > start {
				d.sentences = append(d.sentences, span{start, end})
			}
			start = end
		}
	}
	if start < len(d.rs) {
		d.sentences = append(d.sentences, span{start, len(d.rs)})
	}
	return d
}

func isSentenceStop(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '\n':
		return true
	}
	return false
}

// lines returns the spans of the text's lines, without their newlines.
func (d *doc) lines() []span {
	var out []span
	start := 0
	for i, r := range d.rs {
		if r == '\n' {
			out = append(out, span{start, i})
			start = i + 1
		}
	}
	return append(out, span{start, len(d.rs)})
}

// tokenStartingAt returns the index of the token that starts at rune
// offset pos.
func (d *doc) tokenStartingAt(pos int) (int, bool) {
	if pos < 0 || pos >= len(d.tokStart) || d.tokStart[pos] < 0 {
		return 0, false
	}
	return int(d.tokStart[pos]), true
}

// tokenEndingAt returns the index of the token that ends at rune offset pos.
func (d *doc) tokenEndingAt(pos int) (int, bool) {
	if pos < 0 || pos >= len(d.tokEnd) || d.tokEnd[pos] < 0 {
		return 0, false
	}
	return int(d.tokEnd[pos]), true
}

func (d *doc) str(s, e int) string {
	if s < 0 {
		s = 0
	}
	if e > len(d.rs) {
		e = len(d.rs)
	}
	if s >= e {
		return ""
	}
	return d.text[d.byteOf[s]:d.byteOf[e]] // a slice, not a copy
}

// runeOf turns a byte offset of text (as regexp and strings return them)
// into a rune offset.
func (d *doc) runeOf(b int) int {
	return sort.SearchInts(d.byteOf, b)
}

// sentenceAt returns the sentence holding rune offset pos.
func (d *doc) sentenceAt(pos int) span {
	i := sort.Search(len(d.sentences), func(i int) bool { return d.sentences[i].end > pos })
	if i < len(d.sentences) && d.sentences[i].start <= pos {
		return d.sentences[i]
	}
	return span{pos, pos}
}

// evidence is the trimmed text of the sentence holding pos.
func (d *doc) evidence(pos int) string {
	ev, _, _ := d.evidenceSpan(pos)
	return ev
}

// clauseStops end a clause: the ends of a relation are in one clause.
const clauseStops = "，,。；;：:！？!?\n"

// clauseStart is the offset where the clause holding pos starts.
func (d *doc) clauseStart(pos int) int {
	for pos > 0 && !strings.ContainsRune(clauseStops, d.rs[pos-1]) {
		pos--
	}
	return pos
}

// clauseEnd is the offset where the clause holding pos ends.
func (d *doc) clauseEnd(pos int) int {
	for pos < len(d.rs) && !strings.ContainsRune(clauseStops, d.rs[pos]) {
		pos++
	}
	return pos
}

// anyStopBetween reports whether a clause ends between s and e.
func (d *doc) anyStopBetween(s, e int) bool {
	for i := s; i < e && i < len(d.rs); i++ {
		if strings.ContainsRune(clauseStops, d.rs[i]) {
			return true
		}
	}
	return false
}

// evidenceSpan is the evidence of pos and its rune span.
func (d *doc) evidenceSpan(pos int) (string, int, int) {
	s := d.sentenceAt(pos)
	for s.start < s.end && unicode.IsSpace(d.rs[s.start]) {
		s.start++
	}
	for s.end > s.start && unicode.IsSpace(d.rs[s.end-1]) {
		s.end--
	}
	return d.str(s.start, s.end), s.start, s.end
}

// indexAll returns the rune offsets of every occurrence of w.
func (d *doc) indexAll(w string) []int {
	if w == "" {
		return nil
	}
	var out []int
	for from := 0; ; {
		i := strings.Index(d.text[from:], w)
		if i < 0 {
			return out
		}
		out = append(out, d.runeOf(from+i))
		from += i + len(w)
	}
}

// occurrences returns the rune offsets of every word of l found in the
// text, by word.
func (d *doc) occurrences(l *lexicon.List) map[string][]int {
	occ := l.Occurrences(d.text)
	for _, offs := range occ {
		for i, b := range offs {
			offs[i] = d.runeOf(b)
		}
	}
	return occ
}

func isHan(r rune) bool { return han.Is(r) }

func isLatin(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }

func isNameRune(r rune) bool { return isHan(r) || isLatin(r) }

// scanLeft finds where a name ending at end begins: it walks back over
// words until punctuation, a boundary word (的, 与, 依托 …), a function word
// (by its part of speech), or maxLen runes. A parenthesised place such as
// (中国) or (首尔) inside the name is kept.
func (d *doc) scanLeft(end, maxLen int) int { return d.scan(end, maxLen, true) }

// scanLeftLoose is scanLeft for plan names, which hold verbs of their own
// (先行集聚发展试点): only boundary words and function words stop it.
func (d *doc) scanLeftLoose(end, maxLen int) int { return d.scan(end, maxLen, false) }

// stopPOS are gse tags of words that never stand inside a name: particles,
// prepositions, conjunctions, pronouns, numerals and measure words, adverbs,
// localisers and time words.
var stopPOS = map[string]bool{"p": true, "c": true, "u": true, "uj": true, "ul": true, "uz": true, "ug": true, "uv": true, "ud": true,
	"r": true, "m": true, "q": true, "mq": true, "d": true, "f": true, "t": true, "y": true, "e": true, "o": true, "zg": true}

// nameVerbs are verbs that do stand inside the names of bodies
// (科技创新促进中心, 场景应用中心); any other verb ends a name.
var nameVerbs = map[string]bool{"创新": true, "发展": true, "服务": true, "交流": true, "应用": true, "研发": true, "测试": true,
	"促进": true, "支援": true, "合作": true, "投资": true, "管理": true, "监督": true, "孵化": true, "检测": true, "设计": true,
	"培训": true, "展示": true, "体验": true, "集成": true, "开放": true, "控股": true, "融资": true, "担保": true, "保障": true,
	"研究": true, "规划": true, "执法": true, "审批": true, "监测": true, "运营": true, "制造": true, "生产": true, "创业": true,
	"转化": true, "转移": true, "互联": true, "封装": true, "引领": true, "示范": true, "协同": true, "先导": true, "驱动": true,
	"自主": true, "联合": true, "动员": true, "改革": true, "创造": true, "建设": false}

// oneCharStops are particles and prepositions that gse sometimes glues to
// the word before (章金伟率 → 伟率); a token ending in one of them that the
// dictionary does not know ends the scan.
const oneCharStops = "的在与和率将被把向对从是让给于了等由据经以"

func (d *doc) scan(end, maxLen int, strict bool) int {
	start := end
	for start > 0 && end-start < maxLen {
		if d.rs[start-1] == ')' || d.rs[start-1] == '）' {
			open := start - 2
			for open >= 0 && open > start-8 && d.rs[open] != '(' && d.rs[open] != '（' {
				open--
			}
			if open >= 1 && (d.rs[open] == '(' || d.rs[open] == '（') && allHan(d.rs[open+1:start-1]) && isNameRune(d.rs[open-1]) {
				start = open
				continue
			}
			break
		}
		ti, ok := d.tokenEndingAt(start)
		if !ok {
			if !isNameRune(d.rs[start-1]) {
				break
			}
			start--
			continue
		}
		t := d.tokens[ti]
		r := []rune(t.Text)
		if !isNameRune(r[0]) || lexicon.Boundaries.Has(t.Text) || end-t.Start > maxLen {
			break
		}
		if d.isStopWord(t.Text, strict) {
			break
		}
		if len(r) > 1 && !d.seg.IsWord(t.Text) {
			if strings.ContainsRune(oneCharStops, r[len(r)-1]) {
				break
			}
			if strings.ContainsRune(oneCharStops+"到", r[0]) {
				start = t.Start + 1 // 到区 → 区
				break
			}
		}
		start = t.Start
	}
	return start
}

// bilateral words (中日, 中欧) open the names of joint bodies.
var bilateral = regexp.MustCompile(`^中[欧日韩德美法英俄新意澳以]$`)

// isStopWord: a word that cannot stand inside a name; 及 joins the parts
// of one name (特色工艺及封装测试制造业创新中心).
func (d *doc) isStopWord(w string, strict bool) bool {
	if lexicon.Places.Has(w) || lexicon.KnownOrgs.Has(w) || lexicon.KnownCompanies.Has(w) || lexicon.OrgSuffixes.Has(w) || bilateral.MatchString(w) || w == "及" {
		return false
	}
	pos := d.seg.POS(w)
	if !strict && (pos == "m" || pos == "q" || pos == "mq" || pos == "t" || pos == "f") {
		return false // plan and legal names hold numbers, years and 中: 2025年第一批…清单, 无锡中微亿芯有限公司
	}
	if stopPOS[pos] && !strings.HasPrefix(w, "第") {
		return true
	}
	return strict && pos == "v" && !nameVerbs[w]
}

func allHan(rs []rune) bool {
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	return true
}

// genericLead are words that may open a phrase before a name ending but are
// not part of the name (国内一流研究院 → 研究院 has no name at all).
var genericLead = map[string]bool{
	"国内": true, "国外": true, "国内外": true, "境外": true, "海外": true, "全国": true, "全省": true, "全市": true, "全区": true,
	"相关": true, "有关": true, "重点": true, "重大": true, "一流": true, "世界一流": true, "知名": true, "著名": true,
	"国家级": true, "省级": true, "市级": true, "区级": true, "各级": true, "各类": true, "各": true, "多家": true, "一批": true,
	"主要": true, "优质": true, "新型": true, "大型": true, "高科技": true, "高端": true, "其他": true, "其它": true, "我": true,
	"首批": true, "各地": true, "公立": true, "高水平": true, "农村": true, "城市": true, "社区": true, "中心": true, "民营": true, "基层": true, "县级": true, "乡镇": true, "地方": true, "省级政府": true, "区域": true, "大中": true, "中": true, "小": true, "首家": true, "首个": true, "新": true, "现代化": true, "综合": true, "专业": true, "公共": true, "平台": true,
}

// trimGenericLead moves start past leading generic words.
func (d *doc) trimGenericLead(start, end int) int {
	for start < end {
		ti, ok := d.tokenStartingAt(start)
		if !ok || !genericLead[d.tokens[ti].Text] || d.tokens[ti].End > end {
			return start
		}
		start = d.tokens[ti].End
	}
	return start
}

// anchorAtPlace moves start to the first place (or known body) in
// [start, end) when what lies before it is clause words only: a body's or a
// company's name begins with its place (贯彻落实无锡市委 → 无锡市委, 成绩无锡
// 高新区 → 无锡高新区, 贯彻落实工信部火炬中心 → 工信部火炬中心) unless a
// proper name comes first (LG无锡产业园, 中芯国际北京公司).
func (d *doc) anchorAtPlace(start, end int) int {
	start = d.trimLeadVerbs(start, end)
	for p := start; p < end; {
		ti, ok := d.tokenStartingAt(p)
		if !ok {
			return start // inside a word: leave it
		}
		t := d.tokens[ti]
		if t.End > end {
			return start
		}
		if lexicon.Places.LongestPrefix(d.text[d.byteOf[p]:]) != "" || lexicon.KnownOrgs.LongestPrefix(d.text[d.byteOf[p]:]) != "" || nationalPrefix(t.Text) {
			return p // the place, or the known body, the name starts with
		}
		if !d.clauseWord(t.Text) {
			return start
		}
		p = t.End
	}
	return start
}

// trimLeadVerbs moves start past the verbs of the clause that open
// [start, end) (用好综保区新片区, 做好…试点, 遵循五年行动计划).
func (d *doc) trimLeadVerbs(start, end int) int {
	for start < end {
		ti, ok := d.tokenStartingAt(start)
		if !ok || d.tokens[ti].End >= end || !d.clauseVerb(d.tokens[ti].Text) {
			break
		}
		start = d.tokens[ti].End
	}
	return start
}

// trimAtInnerVerb moves start past the last verb of the clause in
// [start, sufStart), when a modifier still stands between it and the name's
// ending (sufStart): 遵循五年行动计划 → 五年行动计划, 无锡高新区勇担国家
// 高新区 → 国家高新区. A verb right before the ending stays (促进会,
// 推进办公室 name what they do).
func (d *doc) trimAtInnerVerb(start, sufStart int) int {
	cut := start
	for p := start; p < sufStart; {
		ti, ok := d.tokenStartingAt(p)
		if !ok {
			break
		}
		t := d.tokens[ti]
		if t.End >= sufStart {
			break
		}
		if d.clauseVerb(t.Text) {
			cut = t.End
		}
		p = t.End
	}
	return cut
}

// allClauseWords reports whether [s, e) is whole words of the clause.
func (d *doc) allClauseWords(s, e int) bool {
	for p := s; p < e; {
		ti, ok := d.tokenStartingAt(p)
		if !ok || d.tokens[ti].End > e {
			return false
		}
		if t := d.tokens[ti].Text; !d.clauseWord(t) && !lexicon.Boundaries.Has(t) {
			return false
		}
		p = d.tokens[ti].End
	}
	return true
}

// clauseVerb: a verb of the dictionary that does not stand inside names
// (nameVerbs do: 创新, 发展, 服务).
func (d *doc) clauseVerb(w string) bool {
	if rs := []rune(w); len(rs) == 2 && strings.ContainsRune("好出到完", rs[1]) && (d.seg.POS(string(rs[0])) == "v" || d.seg.POS(string(rs[0])) == "p") {
		return true // a verb and its result: 用好, 做好, 孕育出, 统一到
	}
	return d.seg.POS(w) == "v" && !nameVerbs[w] && d.clauseWord(w)
}

// nationalPrefix words open the names of national bodies (国家发改委).
func nationalPrefix(w string) bool {
	return w == "国家" || w == "中国" || w == "中共" || w == "全国" || w == "中华"
}

// clauseWord: a dictionary word that is no name and no part of one: a
// verb, a noun or an adverb of the clause around a name.
func (d *doc) clauseWord(w string) bool {
	if !d.seg.IsWord(w) || lexicon.KnownOrgs.Has(w) || lexicon.KnownCompanies.Has(w) || lexicon.OrgSuffixes.Has(w) || isNameWord(d, w) {
		return false
	}
	for _, r := range w {
		if !isHan(r) {
			return false
		}
	}
	switch d.seg.POS(w) {
	case "nt", "nz", "nr", "ns", "nrt", "nrfg", "j":
		return false
	}
	return true
}

// tokenAt returns the index of the token that holds rune offset pos, or -1.
func (d *doc) tokenAt(pos int) int {
	i := sort.Search(len(d.tokens), func(i int) bool { return d.tokens[i].End > pos })
	if i < len(d.tokens) && d.tokens[i].Start <= pos {
		return i
	}
	return -1
}
