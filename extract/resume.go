package extract

import (
	"strings"

	"newskg/extract/lexicon"
)

// Positions written as in résumés and biographies: a body or company
// followed by the posts held there, the holder named at the start of the
// paragraph or earlier (吴重阳，…，历任邮电部侯马电缆厂仪表试制组长、光缆
// 分厂副厂长; 2004年3月至2010年3月，任深圳市天音通信发展有限公司财务部高级
// 经理). News names the holder after the title (无锡高新区党工委书记崔荣国),
// which findPositions reads; this reads the other order.

// maxResumeLines is how far (in lines) a holder named once is carried.
const maxResumeLines = 12

// resumeCues open a clause that lists posts held.
var resumeCues = lexicon.New([]string{"任", "现任", "曾任", "历任", "兼任", "担任", "出任", "拟任", "先后任", "起任", "转任", "调任", "任职于", "就职于", "供职于", "受聘为", "受聘于", "当选", "当选为", "被任命为", "升任", "接任", "就任", "改任", "不再担任", "辞去", "卸任"})

// resumePositions finds posts after the organisations of accepted spans,
// each held by the last person named before it (in the sentence, or
// carried from the sentences before, within the same line or the one
// before: a résumé's paragraph).
func resumePositions(d *doc, accepted []cand) []position {
	var out []position
	personAt := map[int]bool{} // where a person's name starts
	for _, c := range accepted {
		if c.typ == TypePerson {
			personAt[c.start] = true
		}
	}
	lastPerson, lastLine, lastEnd := "", -1, -1
	ai := 0
	line := 0
	lineAt := func(pos int) int {
		for ; line < len(d.lineStarts)-1 && d.lineStarts[line+1] <= pos; line++ {
		}
		return line
	}
	for ai < len(accepted) {
		c := accepted[ai]
		ai++
		if c.start < 0 {
			continue
		}
		l := lineAt(c.start)
		// a résumé's lines name their holder once, at the top: the
		// holder is carried until another person is named, for as many
		// lines as a résumé has
		if lastLine >= 0 && l > lastLine+maxResumeLines {
			lastPerson = ""
		}
		if c.typ == TypePerson {
			lastPerson, lastLine, lastEnd = c.name, l, c.end
			continue
		}
		if c.typ != TypeOrganization && c.typ != TypeCompany || lastPerson == "" {
			continue
		}
		sen := d.sentenceAt(c.start)
		// a post is being listed: after a cue (现任, 历任 …), or in
		// apposition to the holder (张三，X公司董事长)
		apposition := lastLine == l && strings.Trim(d.str(lastEnd, c.start), "，,、（( ") == ""
		// or a line of the résumé opens with it, after a date at most
		// (2004年3月至2010年3月，X公司财务部高级经理)
		opensLine := strings.Trim(d.str(d.lineStarts[l], c.start), "0123456789年月日至今起-—~～.，,、：: ") == ""
		cued := resumeCues.In(d.str(sen.start, c.start))
		if !apposition && !opensLine && !cued {
			continue
		}
		posts, end := d.postsAfter(c.end)
		// a title followed by a name is that name's (区政协主席焦夕莲):
		// news order, which findPositions reads
		if personAt[end] {
			continue
		}
		// a line that opens with the posts lists them (X公司执行董事；)
		if !apposition && !cued && !strings.ContainsRune("；;。，,\n", firstRune(d.str(end, end+1))) {
			continue
		}
		for _, t := range posts {
			out = append(out, position{person: lastPerson, title: t, org: c.name, orgStart: c.start, orgEnd: c.end,
				evAt: c.start, at: c.end})
		}
	}
	return out
}

// postsAfter reads the titles written right after an organisation: an
// optional department, then titles joined by 、 or 兼 (财务部高级经理;
// 董事、副总经理兼总会计师). A department goes with its title. end is where
// the last title ends.
func (d *doc) postsAfter(pos int) (titles []string, end int) {
	var out []string
	end = pos
	for pos < len(d.rs) {
		rest := d.str(pos, pos+20)
		dept := ""
		if t := lexicon.Titles.LongestPrefix(rest); t == "" {
			// a department (or a body: 党委) of up to 14 runes before the title
			if b := lexicon.Bodies.LongestPrefix(rest); b != "" && lexicon.Titles.LongestPrefix(d.str(pos+runeLen(b), pos+runeLen(b)+8)) != "" {
				dept = b
			}
			for n := 2; dept == "" && n <= 14 && n < runeLen(rest); n++ {
				cand := string([]rune(rest)[:n])
				if endsWithAny(cand, departmentEndings) && lexicon.Titles.LongestPrefix(d.str(pos+n, pos+n+8)) != "" && allHan([]rune(cand)) {
					dept = cand
					break
				}
			}
			if dept == "" {
				return out, end
			}
		}
		at := pos + runeLen(dept)
		title := lexicon.Titles.LongestPrefix(d.str(at, at+8))
		if title == "" {
			return out, end
		}
		out = append(out, dept+title)
		pos = at + runeLen(title)
		end = pos
		// the next title of the chain: 、 or 兼, with no new organisation
		next := d.str(pos, pos+1)
		if next != "、" && next != "兼" {
			return out, end
		}
		if lexicon.Titles.LongestPrefix(d.str(pos+1, pos+9)) == "" {
			return out, end
		}
		pos++
	}
	return out, end
}

// firstRune is s's first rune, or '\n' for an empty s (the text ended).
func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return '\n'
}

// positionKey identifies a position for de-duplication.
func positionKey(p position) string {
	return p.person + "|" + p.title + "|" + strings.TrimSpace(p.org)
}
