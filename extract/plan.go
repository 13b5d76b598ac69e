package extract

import (
	"regexp"
	"strings"
	"unicode"

	"newskg/extract/lexicon"
)

var (
	// （以下简称《行动纲要》） right after a plan title
	shortFormRE = regexp.MustCompile(`^[(（](?:以下)?简称[《“"]([^》”"]{2,20})[》”"][)）]`)
	periodRE    = regexp.MustCompile(`((?:19|20)\d{2})\s*[-—–~～至]\s*((?:19|20)\d{2})年?`)
	fiveYearRE  = regexp.MustCompile(`十([一二三四五六七八九])五`)
	// a quoted programme name with a kind word after it: 产业集群“攀高”计划
	quotedKindRE = regexp.MustCompile(`“([^“”\n]{2,40})”(计划|行动计划|行动方案|专项行动|行动|工程|方案|品牌|工作|系列|战略|倡议|政策试点|试点)`)
	// a quoted name that is itself a plan: “高新区科创企业行动计划”, “链长制”
	quotedPlanRE = regexp.MustCompile(`“([^“”\n]{2,30}(?:计划|行动|工程|方案|清单|规划|战略|试点|[长任]制))”`)
	// 实施“智改数转网联”: a quoted name after a verb of carrying out
	implementRE = regexp.MustCompile(`(?:实施|推行|启动|实行)(?:\p{Han}{0,4})“([^“”\n]{2,20})”|举办“([^“”\n]{2,20}[会节赛坛])”`)
)

// implementVerbs open implementRE.
var implementVerbs = []string{"实施", "推行", "启动", "实行", "举办"}

// planKinds end an unquoted plan name: …行动方案, …工程, …清单, …试点.
var planKinds = lexicon.New([]string{"行动方案", "实施方案", "工作方案", "行动计划", "专项行动", "三年行动", "加速行动", "提升行动", "攻坚行动", "工程", "清单", "试点", "规划"})

var seriesWords = map[string]bool{"品牌": true, "工作": true, "系列": true}

// findPlans finds documents in 《》 and named programmes.
func findPlans(d *doc) []cand {
	var out []cand
	out = append(out, bookTitles(d)...)
	for _, m := range quotedKindRE.FindAllStringSubmatchIndex(d.text, -1) {
		q, kind := d.text[m[2]:m[3]], d.text[m[4]:m[5]]
		qs := d.runeOf(m[0])
		end := d.runeOf(m[1])
		if seriesWords[kind] {
			// “双招双引”工作, “飞凤人才”品牌: the quoted name is the plan.
			if c, ok := quotedName(q, qs+1); ok && !strings.Contains(q, "、") {
				out = append(out, c)
			}
			continue
		}
		// a short stem before the quote belongs to the name (产业集群“攀高”计划)
		start := qs
		// … unless it ends with a body (…示范区“…”政策试点): that is
		// the issuer.
		if s := d.scanLeftLoose(qs, 6); s < qs && !strings.ContainsRune(d.str(s, qs), '”') && lexicon.OrgSuffixes.LongestSuffix(d.str(s, qs)) == "" {
			start = s
		}
		out = append(out, cand{typ: TypePlan, name: d.str(start, end), start: start, end: end})
	}
	// both need a quoted name, and implementRE a verb: only sentences
	// holding them are searched
	quoted := findInSentences(d, quotedPlanRE, func(sen string) bool { return strings.Contains(sen, "”") })
	implemented := findInSentences(d, implementRE, func(sen string) bool {
		return strings.Contains(sen, "”") && hasAny(sen, implementVerbs)
	})
	for _, ms := range [][][]int{quoted, implemented} {
		for _, m := range ms {
			g := 1
			if m[2] < 0 {
				g = 2
			}
			if c, ok := quotedName(d.text[m[2*g]:m[2*g+1]], d.runeOf(m[2*g])); ok {
				out = append(out, c)
			}
		}
	}
	out = append(out, unquotedPlans(d)...)
	occ := d.occurrences(lexicon.Plans)
	for _, w := range lexicon.Plans.Words {
		for _, at := range occ[w] {
			out = append(out, cand{typ: TypePlan, name: w, start: at, end: at + runeLen(w)})
		}
	}
	return out
}

// quotedName is the plan named by the text q between quotes, which starts
// at rune at: without the spaces at its edges (“ 双招双引 ”), and only when
// at least three runes are left.
func quotedName(q string, at int) (cand, bool) {
	name := strings.TrimSpace(q)
	if runeLen(name) < 3 {
		return cand{}, false
	}
	start := at + runeLen(q[:strings.Index(q, name)])
	return cand{typ: TypePlan, name: name, start: start, end: start + runeLen(name)}, true
}

// bookTitles reads 《…》 titles, nested quotes and periods included, and the
// short form an article declares for one.
func bookTitles(d *doc) []cand {
	var out []cand
	for i := 0; i < len(d.rs); i++ {
		if d.rs[i] != '《' {
			continue
		}
		depth, j := 0, i
		for ; j < len(d.rs) && j-i < 120; j++ {
			if d.rs[j] == '《' {
				depth++
			} else if d.rs[j] == '》' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if j >= len(d.rs) || depth != 0 {
			continue
		}
		// a title the text wraps across lines (《\n中华人民共和国著作权法\n》)
		// is one name: the span is trimmed, the line breaks dropped
		start, end := i+1, j
		for start < end && unicode.IsSpace(d.rs[start]) {
			start++
		}
		for end > start && unicode.IsSpace(d.rs[end-1]) {
			end--
		}
		name := strings.ReplaceAll(d.str(start, end), "\n", "")
		if runeLen(name) < 2 || isMediaName(name) || strings.HasSuffix(name, "日报") {
			i = j
			continue
		}
		c := cand{typ: TypePlan, name: name, start: start, end: end, props: planProps(name)}
		if m := shortFormRE.FindStringSubmatch(d.str(j+1, j+30)); m != nil {
			c.aliases = append(c.aliases, m[1])
		}
		out = append(out, c)
		i = j
	}
	return out
}

// unquotedPlans: 7大千亿级产业高质量强链补链延链工程, 2025年第一批应用场景清单.
func unquotedPlans(d *doc) []cand {
	var out []cand
	for i, t := range d.tokens {
		kind := planKinds.LongestSuffix(d.text[:d.byteOf[t.End]])
		if kind == "" {
			continue
		}
		// the kind word must end the phrase: 工程技术研究中心 is no plan
		if i+1 < len(d.tokens) {
			nx := d.tokens[i+1].Text
			if isNameRune([]rune(nx)[0]) && !lexicon.Boundaries.Has(nx) && nx != "发布" {
				continue
			}
		}
		start := d.scanPlanLeft(t.Start)
		start = d.trimLeadVerbs(start, t.End-runeLen(kind))
		if t.End-start < runeLen(kind)+4 {
			continue
		}
		name := d.str(start, t.End)
		if strings.HasPrefix(name, "”") {
			continue
		}
		out = append(out, cand{typ: TypePlan, name: name, start: start, end: t.End, props: planProps(name)})
	}
	return out
}

// scanPlanLeft is scanLeft that also crosses digits, 年 and a quoted part.
func (d *doc) scanPlanLeft(end int) int {
	start := end
	for start > 0 && end-start < 30 {
		r := d.rs[start-1]
		if r == '”' {
			open := start - 2
			for open >= 0 && d.rs[open] != '“' && start-open < 20 {
				open--
			}
			if open < 0 || d.rs[open] != '“' {
				break
			}
			start = open
			continue
		}
		if r >= '0' && r <= '9' {
			start--
			continue
		}
		s := d.scanLeftLoose(start, 30-(end-start))
		if s == start {
			break
		}
		start = s
	}
	for start < end && !(d.rs[start] >= '0' && d.rs[start] <= '9') && !isNameRune(d.rs[start]) && d.rs[start] != '“' {
		start++
	}
	return start
}

var chineseDigit = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

// PlanPeriod is the period a plan's name states (2021-2025 for 十四五), or
// "": a property of the name, the same in every article.
func PlanPeriod(name string) string {
	p, _ := planProps(name)["period"].(string)
	return p
}

// planProps reads the period a plan's name states: (2022-2035年), 十四五.
func planProps(name string) map[string]any {
	props := map[string]any{}
	if m := periodRE.FindStringSubmatch(name); m != nil {
		props["period"] = m[1] + "-" + m[2]
	} else if m := fiveYearRE.FindStringSubmatch(name); m != nil {
		// 十四五 is the 14th five-year plan; from the 4th (1971) they run
		// back to back.
		n := 10 + chineseDigit[m[1]]
		start := 1971 + (n-4)*5
		props["period"] = itoa(start) + "-" + itoa(start+4)
	}
	return props
}
