package extract

import (
	"regexp"
	"strings"

	"newskg/extract/lexicon"
)

// position is one (title, organisation) a person holds, as written.
type position struct {
	person   string
	title    string
	org      string // as written or carried through the chain; "" when none
	orgStart int    // span of the org as written, -1 when carried or implied
	orgEnd   int
	evAt     int    // rune offset in the evidence sentence (the name's)
	level    string // "区", "市" … when the title names a level's body without its place (区委书记)
	anaphor  bool   // org was written "公司"/"该公司": the company last named
	at       int    // rune offset of the title
}

// afterName are words that follow a person's name in news prose.
var afterName = []string{"表示", "指出", "介绍", "说", "称", "认为", "坦言", "强调", "要求", "主持", "出席", "讲话", "在", "率", "一行", "等", "会见", "参加", "致辞", "透露", "告诉", "提出", "谈到", "解释", "分析", "建议", "宣布", "带领", "陪同", "代表", "博士", "教授", "先生", "女士", "同志", "也", "还", "就", "对", "向", "与", "和", "为", "表态", "寄语", "希望", "回答", "接受", "调研", "考察", "出任", "担任", "当选", "发言", "作", "进行", "看来"}

func surnameLen(s []rune) int {
	for _, n := range []int{3, 2, 1} {
		if len(s) >= n && lexicon.Surnames.Has(string(s[:n])) {
			return n
		}
	}
	return 0
}

// nameAt returns the length of the person name starting at pos, or 0.
// Candidates of 2–4 runes that start with a surname are scored by what
// follows them: a word that follows names (表示, 主持) beats punctuation.
func (d *doc) nameAt(pos int) int {
	rs := d.rs[pos:]
	sl := surnameLen(rs)
	if sl == 0 {
		return 0
	}
	best, bestScore := 0, 0
	for n := sl + 1; n <= sl+2 && n <= len(rs) && n <= 4; n++ {
		if !allHan(rs[:n]) {
			break
		}
		name := string(rs[:n])
		if lexicon.Titles.Has(name) || lexicon.Places.Has(name) || lexicon.OrgSuffixes.Has(name) || lexicon.Boundaries.Has(name) {
			continue
		}
		// 张涛在接受…: a name does not end with a word that follows names
		if n > sl+1 && strings.ContainsRune("在说称率等也还就对向与和为", rs[n-1]) {
			continue
		}
		next := string(rs[n:min(len(rs), n+2)])
		score := 0
		switch {
		case n == len(rs) || !isHan(rs[n]):
			score = 2
		case hasPrefixAny(next, afterName):
			score = 3
		}
		if score > bestScore || score == bestScore && score > 0 && n > best {
			best, bestScore = n, score
		}
	}
	return best
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// titleEndingAt finds the title that ends at rune offset end: a rank word
// (书记, 副区长), optionally opened by a body word (党工委书记).
func (d *doc) titleEndingAt(end int) (start int, title, body string) {
	s := d.str(max(0, end-8), end)
	rank := lexicon.Titles.LongestSuffix(s)
	if rank == "" {
		return -1, "", ""
	}
	start = end - runeLen(rank)
	before := d.str(max(0, start-8), start)
	if b := lexicon.Bodies.LongestSuffix(before); b != "" {
		return start - runeLen(b), b + rank, b
	}
	return start, rank, ""
}

// titleEnds holds the last rune of every title: a cheap test before the
// lexicon lookup at each position.
var titleEnds = func() map[rune]bool {
	m := map[rune]bool{}
	for _, w := range lexicon.Titles.Words {
		rs := []rune(w)
		m[rs[len(rs)-1]] = true
	}
	return m
}()

// findPositions reads title chains before names:
// 无锡高新区党工委副书记、管委会副主任、新吴区委副书记、区长章金伟.
func findPositions(d *doc) ([]cand, []position) {
	var persons []cand
	var positions []position
	for pos := 1; pos < len(d.rs); pos++ {
		if !isHan(d.rs[pos]) || !titleEnds[d.rs[pos-1]] {
			continue
		}
		if ts, _, _ := d.titleEndingAt(pos); ts < 0 {
			continue
		}
		n := d.nameAt(pos)
		if n == 0 {
			continue
		}
		name := d.str(pos, pos+n)
		if !plausibleName(d, name) {
			continue
		}
		chain := d.readChain(pos)
		if len(chain) == 0 {
			continue
		}
		persons = append(persons, cand{typ: TypePerson, name: name, start: pos, end: pos + n, rank: rankPerson})
		for _, p := range chain {
			p.person, p.evAt = name, pos
			positions = append(positions, p)
		}
		pos += n - 1
	}
	return persons, positions
}

// readChain walks back from the end of a title chain and returns its
// positions left to right, with organisations carried forward.
func (d *doc) readChain(end int) []position {
	var rev []position
	for {
		ts, title, body := d.titleEndingAt(end)
		if ts < 0 {
			break
		}
		p := position{title: title, orgStart: -1, orgEnd: -1, at: ts}
		orgEnd := ts
		// 新吴区委书记: the level's place is written before the body.
		if lvl := adminLevel(body); lvl != "" {
			st := d.scanPlaceStem(ts)
			if st < ts {
				p.org, p.orgStart, p.orgEnd = d.str(st, ts)+lvl, st, ts
				orgEnd = st
			} else {
				p.level = lvl
			}
		} else if lvl := string([]rune(strings.TrimPrefix(title, "副"))[0]); (lvl == "区" || lvl == "市") && d.scanLeft(ts, 1) == ts {
			// 区长, 区人大常委会主任, 区政协主席 with nothing before:
			// the district's (or city's) own
			p.level = lvl
		}
		if p.org == "" && p.level == "" {
			st := d.scanLeft(ts, 24)
			st = d.trimGenericLead(st, ts)
			if st < ts {
				w := d.str(st, ts)
				switch w {
				case "公司", "该公司", "集团", "该集团", "企业", "该企业":
					p.anaphor = true
				default:
					p.org, p.orgStart, p.orgEnd = w, st, ts
				}
				orgEnd = st
			}
		}
		rev = append(rev, p)
		// Another link of the chain: "、" or "," right before.
		if orgEnd < 2 || !strings.ContainsRune("、,，", d.rs[orgEnd-1]) {
			break
		}
		if s, _, _ := d.titleEndingAt(orgEnd - 1); s < 0 {
			break
		}
		end = orgEnd - 1
	}
	// left to right, carrying organisations forward
	out := make([]position, 0, len(rev))
	carried := ""
	carriedLevel := ""
	for i := len(rev) - 1; i >= 0; i-- {
		p := rev[i]
		switch {
		case p.org != "":
			carried, carriedLevel = p.org, ""
		case p.anaphor:
		case p.level != "" && carried != "" && isDistrict(carried):
			p.org, p.level = carried, ""
		case p.level == "" && carried != "":
			p.org = carried
		case p.level == "" && carriedLevel != "":
			p.level = carriedLevel
		}
		if p.level != "" {
			carriedLevel = p.level
		}
		out = append(out, p)
	}
	return out
}

// adminLevel is the level (区, 市 …) of a body that is a level's party
// committee or government (区委, 市政府, 镇党委), or "" for other bodies
// (党工委, 区人大常委会, whose holder is named differently).
func adminLevel(body string) string {
	switch body {
	case "区委", "市委", "省委", "县委", "区政府", "市政府", "省政府", "县政府", "镇党委":
		return string([]rune(body)[0])
	}
	return ""
}

// scanPlaceStem finds the place written before a level body (新吴|区委):
// a lexicon place, or the two Han characters before it.
func (d *doc) scanPlaceStem(end int) int {
	before := d.str(max(0, end-6), end)
	if p := lexicon.Places.LongestSuffix(before); p != "" {
		return end - runeLen(p)
	}
	if end >= 2 && allHan(d.rs[end-2:end]) {
		st := d.scanLeft(end, 2)
		if st <= end-2 {
			return end - 2
		}
	}
	return end
}

// speechRE finds a name right before a verb of saying, at the start of a
// clause or right after a body's name: "彭小军认为", "…执法局颜鲲表示",
// and interview lines "姜山：".
var speechRE = regexp.MustCompile(`(?:^|[，,。；;：:！!？?“”、\n(（]|(?:局|厅|部|委|办|院|所|中心|公司|集团|银行|协会|大学|学院|医院))(\p{Han}{2,4}?)(?:表示|认为|指出|介绍|坦言|强调|透露|告诉记者|说[，,:：]|称[，,:：])|(?m)^(\p{Han}{2,3})：`)

var speechTriggers = lexicon.New([]string{"表示", "认为", "指出", "介绍", "坦言", "强调", "透露", "告诉记者",
	"说，", "说,", "说:", "说：", "称，", "称,", "称:", "称："})

// mayHoldSpeaker is the cheap test before speechRE: a verb of saying, or an
// interview line's "姜山：" (two or three Han characters, then the colon).
func mayHoldSpeaker(sen string) bool {
	if i := strings.Index(sen, "："); i == 2*len("姜") || i == 3*len("姜") {
		return true
	}
	return speechTriggers.In(sen)
}

// findSpeakers finds people named without a title, by what they say.
func findSpeakers(d *doc) []cand {
	var out []cand
	for _, m := range findInSentences(d, speechRE, mayHoldSpeaker) {
		g := 1
		if m[2] < 0 {
			g = 2
		}
		s, e := d.runeOf(m[2*g]), d.runeOf(m[2*g+1])
		name := d.str(s, e)
		if n := d.nameAt(s); n != e-s || !plausibleName(d, name) {
			continue
		}
		out = append(out, cand{typ: TypePerson, name: name, start: s, end: e, rank: rankPerson})
	}
	return out
}

// plausibleName rejects strings that are words, places or bodies
// (高新区, 记者, 公司) though they start with a surname.
func plausibleName(d *doc, name string) bool {
	if d.seg.IsWord(name) && !strings.HasPrefix(d.seg.POS(name), "nr") || lexicon.Places.LongestPrefix(name) != "" || lexicon.OrgSuffixes.LongestSuffix(name) != "" ||
		lexicon.Titles.LongestSuffix(name) != "" || lexicon.KnownOrgs.Has(name) || lexicon.KnownCompanies.Has(name) {
		return false
	}
	for _, r := range name {
		if strings.ContainsRune("的了是在和与等及或将要会不也都就还又把被对向从以", r) {
			return false
		}
	}
	rs := []rune(name)
	// localisers and endings of things, not of names (信息中, 原作品, 长沙赛区)
	if strings.ContainsRune("中内上下里外者们品区县市省局处部门会界", rs[len(rs)-1]) {
		return false
	}
	// 张经理, 施先生: a surname and a title or honorific, not a name
	if len(rs) >= 3 {
		tail := string(rs[len(rs)-2:])
		for _, h := range []string{"经理", "律师", "先生", "女士", "小姐", "老师", "医生", "教授", "记者", "主任", "书记", "局长", "师傅", "同志", "总监", "董事", "监事", "代表"} {
			if tail == h {
				return false
			}
		}
	}
	return true
}

var (
	// 记者 蔡姝雯 张宣 / 编辑 | 李幼优 / 文字 | 逯恒贞
	bylineRE = regexp.MustCompile(`(?m)^(记者|通讯员|特约记者|编辑|责任编辑|责编|文字|文|撰稿|摄影|图|审核|校对)\s*[|｜:：]?\s*((?:\p{Han}{2,4}[ 、,，]*){1,6})$`)
	// 中新网无锡2月4日电 (孙权 唐娟)
	datelineRE = regexp.MustCompile(`(?m)^(\p{Han}{2,8}?(?:网|社|报|台|客户端))\p{Han}{0,6}\d{1,2}月\d{1,2}日电\s*[(（]([\p{Han} 、]{2,20})[)）]`)
	sourceRE   = regexp.MustCompile(`(?m)^(?:文章来源|来源|稿源)\s*[:：|｜]\s*(\S+)$`)
	yixingRE   = regexp.MustCompile(`(\p{Han}{2,4})一行`)
)

var (
	sourceLabels = []string{"文章来源", "来源", "稿源"}
	bylineRoles  = []string{"记者", "通讯员", "特约记者", "编辑", "责任编辑", "责编", "文字", "文", "撰稿", "摄影", "图", "审核", "校对"}
)

// mediaEndings end the names of news outlets (中新网, 新华社, 无锡日报).
var mediaEndings = []string{"网", "客户端", "报", "社", "台", "杂志", "周刊"}

func isMediaName(s string) bool { return hasSuffixAny(s, mediaEndings) }

var bylineTitle = map[string]string{"记者": "记者", "通讯员": "通讯员", "特约记者": "记者", "编辑": "编辑", "责任编辑": "编辑", "责编": "编辑", "文字": "记者", "文": "记者", "撰稿": "记者", "摄影": "摄影", "图": "摄影"}

// findBylines reads reporters and editors from bylines and datelines; the
// outlet is the dateline's agency or the article's stated media source.
func findBylines(d *doc) ([]cand, []position) {
	var persons, outlets []cand
	var positions []position
	outlet := ""
	// the byline patterns hold whole lines: only lines that can match are
	// given to them
	sources := findInLines(d, sourceRE, func(l string) bool { return hasPrefixAny(l, sourceLabels) })
	if len(sources) > 0 {
		m := sources[0]
		src := d.text[m[2]:m[3]]
		if isMediaName(src) {
			outlet = src
			st := d.runeOf(m[2])
			for _, part := range strings.Split(src, "·") {
				i := strings.Index(src, part)
				ps := st + runeLen(src[:i])
				outlets = append(outlets, cand{typ: TypeOrganization, name: part, start: ps, end: ps + runeLen(part), rank: rankOrg})
			}
		}
	}
	addNames := func(names string, at int, title, org string) {
		for _, n := range strings.FieldsFunc(names, func(r rune) bool { return strings.ContainsRune(" 、,，", r) }) {
			if surnameLen([]rune(n)) == 0 || runeLen(n) < 2 || runeLen(n) > 4 {
				continue
			}
			i := strings.Index(d.text[at:], n)
			ps := d.runeOf(at + i)
			persons = append(persons, cand{typ: TypePerson, name: n, start: ps, end: ps + runeLen(n), rank: rankPerson})
			if title != "" {
				positions = append(positions, position{person: n, title: title, org: org, orgStart: -1, orgEnd: -1, evAt: ps, at: ps})
			}
		}
	}
	for _, m := range findInLines(d, datelineRE, func(l string) bool { return strings.Contains(l, "日电") }) {
		agency := d.text[m[2]:m[3]]
		st := d.runeOf(m[2])
		outlets = append(outlets, cand{typ: TypeOrganization, name: agency, start: st, end: st + runeLen(agency), rank: rankOrg})
		addNames(d.text[m[4]:m[5]], m[4], "记者", agency)
	}
	for _, m := range findInLines(d, bylineRE, func(l string) bool { return len(l) < 200 && hasPrefixAny(l, bylineRoles) }) {
		role := d.text[m[2]:m[3]]
		title := bylineTitle[role]
		org := ""
		if title == "记者" || title == "通讯员" {
			org = outlet
		}
		addNames(d.text[m[4]:m[5]], m[4], title, org)
	}
	// X一行: a visitor's name before 一行 ("让王荣虎一行有了…")
	for _, m := range findAllIn(d, yixingRE, "一行") {
		st := d.runeOf(m[2])
		end := d.runeOf(m[3])
		for s := st; s < end-1; s++ {
			if d.scanLeft(s, 1) != s && s > st {
				continue
			}
			if n := d.nameAt(s); n > 0 && s+n == end {
				persons = append(persons, cand{typ: TypePerson, name: d.str(s, end), start: s, end: end, rank: rankPerson})
				break
			}
		}
	}
	return append(persons, outlets...), positions
}

var yearMonthRE = regexp.MustCompile(`((?:19|20)\d{2})年(?:(\d{1,2})月)?`)

// monthOrYearBefore is the last year (and month) the sentence writes before
// pos, as YYYY-MM or YYYY: 1985年，江泽民出任… → 1985.
func (d *doc) monthOrYearBefore(pos int) string {
	sen := d.sentenceAt(pos)
	ms := yearMonthRE.FindAllStringSubmatch(d.str(sen.start, pos), -1)
	if len(ms) == 0 {
		return ""
	}
	m := ms[len(ms)-1]
	if m[2] == "" {
		return m[1]
	}
	return pad(m[1], m[2], "1")[:7]
}

var (
	// a post left: checked first (不再担任 holds 担任)
	endVerbs = lexicon.New([]string{"免去", "不再担任", "卸任", "辞去", "离任", "免职", "辞职", "退休"})
	// a post taken
	startVerbs = lexicon.New([]string{"任命", "当选", "出任", "接任", "升任", "调任", "就任", "履新", "聘任", "聘为", "新任", "增补", "选举", "提名"})
)

// positionTime dates a position fact. change is start (任命, 当选 …) or end
// (免去, 不再担任 …) when the clause of the name and title says so, and
// absent when the text only says the post is held. date is the date the
// sentence gives (date_from text), else the article's (date_from
// published): the day the post was reported held, taken or left.
func (d *doc) positionTime(p position) map[string]any {
	props := map[string]any{"title": p.title}
	// the verb is close: 任命张三为…, 张三当选…, 免去张三的…职务
	lo := min(p.evAt, p.at)
	from := max(d.clauseStart(lo), lo-8)
	to := min(d.clauseEnd(p.at), p.at+runeLen(p.title)+4)
	if from < to {
		clause := d.str(from, to)
		switch {
		case endVerbs.In(clause):
			props["change"] = "end"
		case startVerbs.In(clause):
			props["change"] = "start"
		}
	}
	if date := d.sentenceDate(p.at); date != "" {
		props["date"], props["date_from"] = date, "text"
	} else if date := d.monthOrYearBefore(p.at); date != "" {
		props["date"], props["date_from"] = date, "text"
	} else if d.published != "" {
		props["date"], props["date_from"] = d.published, "published"
	}
	return props
}
