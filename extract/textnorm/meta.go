package textnorm

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	// 发布时间:2023-12-31 15:58:36, 日期：2023年4月11日
	labelledDate = regexp.MustCompile(`(?:发布时间|發布時間|发布日期|發布日期|发表时间|日期|时间|時間)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)
	// a line that is a date and maybe a time or font widgets
	bareDate = regexp.MustCompile(`^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*A\+\s*A-)?\s*$`)
	// 中新网无锡2月4日电, 新华社北京3月5日电
	dateline  = regexp.MustCompile(`^\s*[(（]?\p{Han}{2,12}?(\d{1,2})月(\d{1,2})日(?:电|電|讯|訊|消息)`)
	yearToken = regexp.MustCompile(`((?:19|20)\d{2})年`)
)

// findPublished returns the article's own publication date (YYYY-MM-DD) as
// stated in its header, or "" when it states none. It looks only at the
// first lines, where pages put it, and never guesses from file names.
func findPublished(lines []string) string {
	head := lines[:min(len(lines), 15)]
	for _, l := range head {
		// every label labelledDate knows holds one of these (the regexp
		// itself has no literal prefix and would scan whole paragraphs)
		if !strings.Contains(l, "时间") && !strings.Contains(l, "時間") && !strings.Contains(l, "日期") {
			continue
		}
		if m := labelledDate.FindStringSubmatch(l); m != nil {
			if d := ymd(m[1], m[2], m[3]); d != "" {
				return d
			}
		}
	}
	for _, l := range head {
		// bareDate starts with the year: most lines fail here, not after
		// a backtracking scan of the whole paragraph
		if t := strings.TrimLeft(l, "\t\n\f\r "); !strings.HasPrefix(t, "19") && !strings.HasPrefix(t, "20") {
			continue
		}
		if m := bareDate.FindStringSubmatch(l); m != nil {
			if d := ymd(m[1], m[2], m[3]); d != "" {
				return d
			}
		}
	}
	for i, l := range head {
		if !strings.Contains(l, "日") {
			continue
		}
		m := dateline.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if y := contextYear(lines, i); y != "" {
			return ymd(y, m[1], m[2])
		}
	}
	return ""
}

// contextYear is the year a dateline's month and day belong to: the first
// year named in the dateline's paragraph, else the year named most often.
func contextYear(lines []string, at int) string {
	if m := yearToken.FindStringSubmatch(lines[at]); m != nil {
		return m[1]
	}
	counts := map[string]int{}
	for _, l := range lines {
		for _, m := range yearToken.FindAllStringSubmatch(l, -1) {
			counts[m[1]]++
		}
	}
	years := make([]string, 0, len(counts))
	for y := range counts {
		years = append(years, y)
	}
	sort.Slice(years, func(i, j int) bool {
		if counts[years[i]] != counts[years[j]] {
			return counts[years[i]] > counts[years[j]]
		}
		return years[i] > years[j]
	})
	if len(years) == 0 {
		return ""
	}
	return years[0]
}

func ymd(y, m, d string) string {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

// findTitle returns the headline: a short first line without final
// punctuation, or "" when the article starts straight with prose.
func findTitle(lines []string) string {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		n := utf8.RuneCountInString(l)
		last, _ := utf8.DecodeLastRuneInString(l)
		if n < 4 || n > 60 || strings.ContainsRune("。！？!?；;,，：:…", last) || dateline.MatchString(l) {
			return ""
		}
		return l
	}
	return ""
}
