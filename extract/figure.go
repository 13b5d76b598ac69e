package extract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"newskg/extract/lexicon"
)

var (
	// figureRE is matched at the start of each run of digits (see
	// figureMatches), never run over the whole text: it has no literal
	// prefix, so a whole-text search steps the regexp machine on every rune.
	figureRE   = regexp.MustCompile(`^(第|前)?(\d+(?:\.\d+)?)(?:[ \t]*)(余|多)?(万|亿|千)?(亿美元|万美元|美元|亿欧元|欧元|亿日元|日元|亿元|万元|元|平方公里|平方米|公顷|亩|吨|千瓦|兆瓦|件|家|个|项|位|条|名|人|次|台|套|座|所|批|倍|%|％|户|辆|个百分点)?`)
	fractionRE = regexp.MustCompile(`(\d+)/(\d+)`)
)

// findFigures finds every quantity written with digits: counts, money,
// shares, rankings. Dates, years, durations and list numbers are not
// figures.
func findFigures(d *doc) []cand {
	var out []cand
	for _, m := range figureMatches(d.text) {
		prefix, unit := sub(d.text, m, 1), sub(d.text, m, 5)
		mult := sub(d.text, m, 4)
		num := sub(d.text, m, 2)
		start, end := d.runeOf(m[0]), d.runeOf(m[1])
		if m[0] > 0 && (isDigitByte(d.text[m[0]-1]) || d.text[m[0]-1] == '.' || d.text[m[0]-1] == '/') {
			continue
		}
		if end < len(d.rs) && (d.rs[end] == '/' || isLatin(d.rs[end]) || d.rs[end] >= '0' && d.rs[end] <= '9') {
			continue
		}
		switch {
		case prefix == "前" && unit == "" && mult == "":
			// a ranking band: 前10
		case unit == "":
			continue
		case mult != "" && unit == "%":
			continue
		}
		if prefix == "第" && unit != "位" && unit != "名" {
			continue // 第3批, 第2个: ordinal, not a quantity
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			continue
		}
		if unit == "％" {
			unit = "%"
		}
		fullUnit := mult + unit
		var unitVal any = fullUnit
		if fullUnit == "" {
			unitVal = nil
		}
		text := d.str(start, end)
		out = append(out, cand{typ: TypeFigure, name: text, start: start, end: end, props: d.figureProps(start, map[string]any{"value": v, "unit": unitVal})})
	}
	var fractions [][]int
	if strings.IndexByte(d.text, '/') >= 0 {
		fractions = fractionRE.FindAllStringSubmatchIndex(d.text, -1)
	}
	for _, m := range fractions {
		a, _ := strconv.ParseFloat(sub(d.text, m, 1), 64)
		b, _ := strconv.ParseFloat(sub(d.text, m, 2), 64)
		start, end := d.runeOf(m[0]), d.runeOf(m[1])
		if b == 0 || a >= b || m[0] > 0 && isDigitByte(d.text[m[0]-1]) || m[1] < len(d.text) && isDigitByte(d.text[m[1]]) {
			continue
		}
		v, _ := strconv.ParseFloat(strconv.FormatFloat(a/b, 'f', 4, 64), 64)
		out = append(out, cand{typ: TypeFigure, name: d.str(start, end), start: start, end: end, props: d.figureProps(start, map[string]any{"value": v, "unit": nil})})
	}
	return out
}

// figureWindow bounds the text a figure is matched in: digits, a
// multiplier and the longest unit fit easily.
const figureWindow = 96

// figureMatches returns the matches of figureRE at each run of digits (with
// a 第 or 前 right before it), in text offsets.
func figureMatches(text string) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		if !isDigitByte(text[i]) || i > 0 && isDigitByte(text[i-1]) {
			continue
		}
		start := i
		if i >= len("第") && (text[i-len("第"):i] == "第" || text[i-len("前"):i] == "前") {
			start = i - len("第")
		}
		m := figureRE.FindStringSubmatchIndex(text[start:min(len(text), start+figureWindow)])
		if m == nil {
			continue
		}
		out = append(out, shiftMatch(m, start))
		i = m[1] - 1
	}
	return out
}

func sub(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// subjectTrim are words at the ends of a clause that are not what a figure
// measures.
var subjectTrim = []string{"达到", "突破", "超过", "累计", "达", "约", "近", "超", "为", "是", "有", "共", "共有", "已", "总计", "合计", "高达", "仅", "以上", "左右", "不低于", "分别", "其中", "目前", "均", "实现", "新增", "拥有", "聚集", "培育", "占", "至", "从", "的"}

// figureSubject is the phrase the figure measures: the clause before it,
// trimmed of verbs and connectives and cut to its last 16 runes.
func (d *doc) figureSubject(at int) string {
	s := at
	for s > 0 && !strings.ContainsRune("，,。；;：:、（(\n", d.rs[s-1]) {
		s--
	}
	phrase := strings.TrimSpace(d.str(s, at))
	for changed := true; changed; {
		changed = false
		for _, w := range subjectTrim {
			if strings.HasSuffix(phrase, w) {
				phrase, changed = strings.TrimSuffix(phrase, w), true
			}
			if strings.HasPrefix(phrase, w) && runeLen(phrase) > runeLen(w) {
				phrase, changed = strings.TrimPrefix(phrase, w), true
			}
		}
	}
	if phrase == "" || !hasHan(phrase) {
		// "…项目1个": the noun comes before, handled above; "401家,占…":
		// fall back to the words after the figure.
		e := at
		for e < len(d.rs) && !strings.ContainsRune("，,。；;：:、）)\n", d.rs[e]) {
			e++
		}
		phrase = d.str(at, e)
	}
	rs := []rune(phrase)
	if len(rs) > 16 {
		rs = rs[len(rs)-16:]
	}
	return string(rs)
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// figureProps are what a figure says beyond its number: the phrase before
// it (subject), the indicator it reports (metric), the period, the year
// and where the year came from, whether it is a target, and the sentence.
func (d *doc) figureProps(at int, props map[string]any) map[string]any {
	year, from := d.figureYear(at)
	props["subject"] = d.figureSubject(at)
	props["year"] = year
	if from != "" {
		props["year_from"] = from
	}
	if m := d.figureMetric(at); m != "" {
		props["metric"] = m
	}
	if p := d.figurePeriod(at, year); p != "" {
		props["period"] = p
	}
	props["kind"] = d.figureKind(at)
	props["evidence"] = d.evidence(at)
	return props
}

// figureYear is the year the figure refers to: the last year named before
// it in the same sentence (去年/今年 counted from the publication date;
// from "text"), else the year the article was published (from
// "published"), else nil.
func (d *doc) figureYear(at int) (any, string) {
	sen := d.sentenceAt(at)
	year, rel := lastYear(d.text[d.byteOf[sen.start]:d.byteOf[max(at, sen.start)]])
	if year != "" {
		y, _ := strconv.Atoi(year)
		return y, "text"
	}
	if len(d.published) < 4 {
		return nil, ""
	}
	py, _ := strconv.Atoi(d.published[:4])
	switch rel {
	case "":
		return py, "published"
	case "去年", "上年":
		return py - 1, "text"
	case "明年":
		return py + 1, "text"
	}
	return py, "text"
}

// clauseBefore is the text from the start of the figure's clause (after
// the last ；, 。 or line break before it) to the figure.
func (d *doc) clauseBefore(at int) string {
	s := at
	for s > 0 && !strings.ContainsRune("。；;！？!?\n", d.rs[s-1]) {
		s--
	}
	return d.str(s, at)
}

// metricHeads end the names of indicators (general economic statistics
// terms: 规上工业总产值, 营业收入, 实际使用外资, 增长率).
var metricHeads = []string{"生产总值", "总产值", "产值", "增加值", "营业收入", "销售收入", "主营业务收入", "收入", "营收", "利润", "利税", "税收",
	"投资额", "总投资", "投资", "外资", "出口额", "进出口总额", "进出口", "出口", "进口", "总额", "销售额", "营业额", "交易额", "成交额",
	"零售总额", "规模", "产量", "产能", "面积", "人口", "增速", "增幅", "增长率", "比重", "占比", "市值", "融资", "订单", "经费", "投入", "资金",
	"贷款", "存款", "专利", "就业"}

// figureMetric is the indicator the figure reports, as a whole phrase of
// the segmenter's words ending in a metric head (无锡高新区规上工业总产值
// → 规上工业总产值): nominal words before the head, never an entity's name
// or a verb. "" when the clause names none.
func (d *doc) figureMetric(at int) string {
	ti, ok := d.tokenEndingAt(at)
	// the words between the metric and the figure: verbs of amount
	for ok && ti >= 0 && at-d.tokens[ti].Start <= 12 {
		w := d.tokens[ti].Text
		if endsWithAny(w, metricHeads) {
			break
		}
		if !slices.Contains(subjectTrim, w) && w != "同比" && w != "增长" && w != "同比增长" {
			return ""
		}
		ti--
	}
	if !ok || ti < 0 || !endsWithAny(d.tokens[ti].Text, metricHeads) {
		return ""
	}
	end, start := d.tokens[ti].End, d.tokens[ti].Start
	for k := ti - 1; k >= 0 && end-d.tokens[k].Start <= 10; k-- {
		t := d.tokens[k]
		// a name (a place, a body, a company, a person) is what the
		// figure measures, not part of the indicator
		named := t.POS == "ns" || t.POS == "nt" || t.POS == "nr" || t.POS == "nrfg" || lexicon.Places.Has(t.Text) ||
			lexicon.OrgSuffixes.LongestSuffix(t.Text) != "" || lexicon.CompanySuffixes.LongestSuffix(t.Text) != ""
		if named || !allHan([]rune(t.Text)) || d.clauseVerb(t.Text) || lexicon.Boundaries.Has(t.Text) || strings.ContainsRune("的和与及", []rune(t.Text)[0]) {
			break
		}
		start = t.Start
	}
	return d.str(start, end)
}

// figurePeriodRE reads the period a figure refers to: a half, a quarter, a run
// of months, a month, the whole year.
var figurePeriodRE = regexp.MustCompile(`(?:(\d{4})年)?(上半年|下半年|前三季度|[一二三四]季度|第[一二三四]季度|全年|\d{1,2}(?:—|－|-|–|~|～|至)\d{1,2}月|\d{1,2}月份?)`)

// figurePeriod is the period named in the figure's clause (2023年上半年,
// 1—10月), with the figure's year where the text leaves it out; the year
// alone when only a year is named ("" when none).
func (d *doc) figurePeriod(at int, year any) string {
	clause := d.clauseBefore(at)
	var ms [][]string
	// each period figurePeriodRE reads holds one of these
	if strings.Contains(clause, "月") || strings.Contains(clause, "季度") || strings.Contains(clause, "半年") || strings.Contains(clause, "全年") {
		ms = figurePeriodRE.FindAllStringSubmatch(clause, -1)
	}
	if len(ms) == 0 {
		if y, ok := year.(int); ok && strings.Contains(clause, itoa(y)+"年") {
			return itoa(y) + "年"
		}
		return ""
	}
	m := ms[len(ms)-1]
	switch {
	case m[1] != "":
		return m[0]
	case year != nil:
		return fmt.Sprint(year) + "年" + m[2]
	}
	return m[2]
}

// targetMarkers say that a figure is a goal, not a result (力争到2025年,
// 预计, 目标).
var targetMarkers = []string{"力争", "目标", "预计", "计划", "争取", "确保", "将达到", "将突破", "将超过", "将实现", "将形成", "预期", "规划", "打造"}

// figureKind is "target" when the figure's clause states a goal, else
// "actual".
func (d *doc) figureKind(at int) string {
	clause := d.clauseBefore(at)
	for _, m := range targetMarkers {
		if strings.Contains(clause, m) {
			return "target"
		}
	}
	if y, from := d.figureYear(at); from == "text" && len(d.published) >= 4 {
		if py, _ := strconv.Atoi(d.published[:4]); y.(int) > py && strings.Contains(clause, "到") {
			return "target" // 到2030年 in an article of 2024
		}
	}
	return "actual"
}

// lastYear finds the last year s names before a figure: a year written
// 2024年 (19xx or 20xx), or a relative one (去年, 今年, 明年, 上年,
// 当年). It is yearRE's last match, found from each 年 by looking back,
// which costs a fraction of running the pattern over the sentence.
func lastYear(s string) (year, rel string) {
	for end := len(s); ; {
		i := strings.LastIndex(s[:end], "年")
		if i < 0 {
			return "", ""
		}
		end = i
		if i >= 4 && (s[i-4:i-2] == "19" || s[i-4:i-2] == "20") && isDigitByte(s[i-2]) && isDigitByte(s[i-1]) {
			return s[i-4 : i], ""
		}
		if _, size := utf8.DecodeLastRuneInString(s[:i]); size > 0 && strings.Contains("去今明上当", s[i-size:i]) {
			return "", s[i-size:i] + "年"
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// measuresRelations says what each figure measures: the company, body or
// place named last before it in its clause, up to the comma before it
// (无锡高新区实现地区生产总值2800亿元 → 无锡高新区), when one is: a name
// further back is as often the subject of another clause.
func measuresRelations(d *doc, entities []Entity) []Relation {
	mentions := mentionsOf(entities, TypeCompany, TypeOrganization, TypePlace)
	var out []Relation
	for _, e := range entities {
		if e.Type != TypeFigure || len(e.Mentions) == 0 {
			continue
		}
		at := e.Mentions[0].Start
		from := at
		for from > 0 && !strings.ContainsRune("，,。；;：:！？!?（）()\n", d.rs[from-1]) {
			from--
		}
		i := sort.Search(len(mentions), func(i int) bool { return mentions[i].start >= at }) - 1
		if i < 0 || mentions[i].start < from {
			continue
		}
		// a body or company right before the number is what is counted
		// (建设改造商贸服务中心2628个), not what the figure is about
		if m := mentions[i]; m.ref.Type != TypePlace && m.start+runeLen(m.ref.Name) >= at || IsGenericName(m.ref.Name) {
			continue
		}
		out = append(out, d.relation(RelMeasures, Ref{TypeFigure, e.Name}, mentions[i].ref, at, map[string]any{"figure_start": at}))
	}
	return out
}
