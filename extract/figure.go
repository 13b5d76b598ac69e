package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
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
		out = append(out, cand{typ: TypeFigure, name: text, start: start, end: end, props: map[string]any{
			"value": v, "unit": unitVal, "subject": d.figureSubject(start), "year": d.figureYear(start), "evidence": d.evidence(start),
		}})
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
		out = append(out, cand{typ: TypeFigure, name: d.str(start, end), start: start, end: end, props: map[string]any{
			"value": v, "unit": nil, "subject": d.figureSubject(start), "year": d.figureYear(start), "evidence": d.evidence(start),
		}})
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

// figureYear is the year the figure refers to: the last year named before
// it in the same sentence (去年/今年 counted from the publication date), or
// nil.
func (d *doc) figureYear(at int) any {
	sen := d.sentenceAt(at)
	year, rel := lastYear(d.text[d.byteOf[sen.start]:d.byteOf[max(at, sen.start)]])
	if year != "" {
		y, _ := strconv.Atoi(year)
		return y
	}
	if rel == "" || len(d.published) < 4 {
		return nil
	}
	py, _ := strconv.Atoi(d.published[:4])
	switch rel {
	case "去年", "上年":
		return py - 1
	case "明年":
		return py + 1
	}
	return py
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
