package textnorm

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"newskg/extract/lexicon"
)

// Boilerplate removal works on whole lines of one article with general rules:
// a suffix glued to many paragraphs (a scraper's site tag), navigation and
// URL lines, lines with widget or site-chrome words, short lines sandwiched
// between chrome, trailing lists of dates or links, and related-article
// titles after the credit block. Corpus-wide repeats are handled by
// Options.RepeatedLines (see LearnRepeatedLines).

var (
	breadcrumb = regexp.MustCompile(`^[^。，,]{1,16}(?:\s*[>›»]\s*[^。，,>›»]{1,16}){2,}$`)
	urlRE      = regexp.MustCompile(`(?i)(?:https?://|www\.)[\w\-./?%&=#:~+]*`)
	listItem   = regexp.MustCompile(`^\s*(?:[-•·*▪►]\s*|\d{1,2}[.、)]\s+)`)
	dateOnly   = regexp.MustCompile(`^[\s\-•·*]*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*A\+\s*A-)?\s*$`)
	creditLine = regexp.MustCompile(`^(?:编辑|責任編輯|责任编辑|责编|文字|文|来源|來源|图片|圖片|摄影|攝影|审核|審核|校对|校對|撰稿|记者|記者)\s*[|｜:：]`)
	// an image placeholder glued after the end of a paragraph
	trailingImage = regexp.MustCompile(`([。！？!?”"])\s*(?:图片|圖片|\[图片\]|（图）|\(图\))$`)
)

// chromeWords mark a line as site chrome (widgets, site slogans, legal
// notes); such lines are dropped when short.
var chromeWords = lexicon.New([]string{
	"欢迎您", "歡迎您", "门户网站", "門戶網站", "版权所有", "版權所有", "ICP备", "ICP證", "ICP证",
	"匿名评论", "人参与", "条评论", "字体:", "字体：", "字号:", "分享到", "扫一扫", "打印本页", "关闭窗口",
	"返回顶部", "上一篇", "下一篇", "A+ A-", "【打印】", "【关闭】", "微信扫码", "点击排行", "相关阅读",
	"声明:", "声明：", "免责声明",
})

// disclaimerWords mark a site's disclaimer. A short line holding one is
// dropped; a long one is an article's paragraph (a court report quoting
// 未经授权使用, an article scraped onto one line) and stays.
var disclaimerWords = lexicon.New([]string{"本文仅代表作者", "如有侵权", "不作任何保证", "仅提供信息存储空间", "转载请注明", "未经授权不得转载", "未经授权禁止转载", "未经许可不得转载", "未经授权，不得转载", "未经授权,不得转载"})

// maxDisclaimerRunes bounds the lines the disclaimer rule drops.
const maxDisclaimerRunes = 120

// disclaimerStart finds a site's disclaimer at the end of a long line: a
// sentence holding one disclaimer phrase that is followed by another (a
// court report quoting one phrase is news, two in a row are the site's
// fine print). It returns the byte offset where the sentence begins, or -1.
func disclaimerStart(line string) int {
	if utf8.RuneCountInString(line) <= maxDisclaimerRunes {
		return -1 // short lines are isChrome's
	}
	first, _ := disclaimerWords.Index(line)
	if first < 0 {
		return -1
	}
	if second, _ := disclaimerWords.Index(line[first+1:]); second < 0 {
		return -1
	}
	start := 0
	if i := strings.LastIndexAny(line[:first], "。！？!?"); i >= 0 {
		_, size := utf8.DecodeRuneInString(line[i:])
		start = i + size
	}
	return start
}

func isChrome(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" {
		return false
	}
	n := utf8.RuneCountInString(t)
	if n <= maxDisclaimerRunes && disclaimerWords.In(t) {
		return true
	}
	if n <= 60 {
		if chromeWords.In(t) {
			return true
		}
		if t == "评论" || t == "声明" || t == "评论:" || t == "分享" {
			return true
		}
		if breadcrumb.MatchString(t) || dateOnly.MatchString(t) {
			return true
		}
	}
	if !mayHoldURL(t) {
		return false
	}
	if loc := urlRE.FindStringIndex(t); loc != nil {
		rest := t[:loc[0]] + t[loc[1]:]
		if hanCount(rest) < 15 {
			return true
		}
	}
	return false
}

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if isHan(r) {
			n++
		}
	}
	return n
}

// removeBoilerplate returns the content lines of an article. Each removed
// line or suffix is recorded.
func removeBoilerplate(lines []string, repeated map[string]bool, rec *recorder) []string {
	lines = stripRepeatedSuffix(lines, rec)
	drop := make([]bool, len(lines))
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if isChrome(t) || repeated[t] {
			drop[i] = true
		}
	}
	// A short line whose neighbours are both chrome is part of the chrome
	// block (a site slogan between a header and a URL).
	for i := range lines {
		if drop[i] || strings.TrimSpace(lines[i]) == "" || utf8.RuneCountInString(strings.TrimSpace(lines[i])) > 40 {
			continue
		}
		p, n := prevContent(lines, i), nextContent(lines, i)
		if p >= 0 && n >= 0 && drop[p] && drop[n] {
			drop[i] = true
		}
	}
	dropTrailingLists(lines, drop)
	dropRelatedAfterCredits(lines, drop)

	var out []string
	for i, l := range lines {
		rec.line = i + 1
		if drop[i] {
			if strings.TrimSpace(l) != "" {
				rec.add("boilerplate", strings.TrimSpace(l), "", "site chrome, navigation or link list")
			}
			continue
		}
		// trailingImage is anchored at the end, which Go's regexp finds
		// only by scanning the whole line: test the ending first
		if endsLikeImagePlaceholder(l) {
			if m := trailingImage.FindStringSubmatchIndex(l); m != nil {
				rec.add("boilerplate", l[m[3]:], "", "image placeholder after a paragraph")
				l = l[:m[3]]
			}
		}
		if at := disclaimerStart(l); at >= 0 {
			rec.add("boilerplate", l[at:], "", "site disclaimer at the end of a paragraph")
			l = strings.TrimSpace(l[:at])
			if l == "" {
				continue
			}
		}
		out = append(out, l)
	}
	rec.line = 0
	return out
}

// lastRunes returns the last n runes of s, if it has that many.
func lastRunes(s string, n int) (string, bool) {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:], n == 0
}

// mayHoldURL is a cheap test before urlRE, which would scan every line.
func mayHoldURL(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "www.") || strings.Contains(s, "WWW.") || strings.Contains(s, "Www.")
}

func endsLikeImagePlaceholder(s string) bool {
	for _, e := range []string{"图片", "圖片", "[图片]", "（图）", "(图)"} {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

func prevContent(lines []string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

func nextContent(lines []string, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

// dropTrailingLists drops a run of list items (dates, bullets) at the end of
// the article, with the short heading line ending in a colon above it.
func dropTrailingLists(lines []string, drop []bool) {
	i := len(lines) - 1
	items := 0
	for ; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		if listItem.MatchString(t) || dateOnly.MatchString(t) {
			drop[i] = true
			items++
			continue
		}
		break
	}
	if items >= 2 && i >= 0 {
		t := strings.TrimSpace(lines[i])
		if (strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")) && utf8.RuneCountInString(t) <= 20 {
			drop[i] = true
		}
	}
}

// dropRelatedAfterCredits drops short headline-like lines that follow the
// credit block (编辑 | …, 来源 | …) at the end: links to related articles.
func dropRelatedAfterCredits(lines []string, drop []bool) {
	last := -1
	for i, l := range lines {
		if creditLine.MatchString(strings.TrimSpace(l)) {
			last = i
		}
	}
	if last < 0 || last < len(lines)*2/3 {
		return
	}
	for i := last + 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t != "" && utf8.RuneCountInString(t) > 40 {
			return // real prose after the credits: leave everything
		}
	}
	for i := last + 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			drop[i] = true
		}
	}
}

// stripRepeatedSuffix removes a tail glued to many paragraphs, such as a
// scraper's site tag ("…a0g新江南网| 江南第一生活服务网站").
func stripRepeatedSuffix(lines []string, rec *recorder) []string {
	var nonEmpty []string
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			nonEmpty = append(nonEmpty, t)
		}
	}
	if len(nonEmpty) < 4 {
		return lines
	}
	// Grow the suffix while (almost) as many lines share it: the tag is the
	// longest tail before the count falls, so "。"+tag (only the lines that
	// end a sentence) is not taken for the tag.
	best, bestCount := "", 0
	for size := 6; size <= 40; size++ {
		counts := map[string]int{}
		for _, l := range nonEmpty {
			if tail, ok := lastRunes(l, size); ok {
				counts[tail]++
			}
		}
		found, foundCount := "", 0
		for s, c := range counts {
			if c > foundCount || c == foundCount && s < found {
				found, foundCount = s, c
			}
		}
		if foundCount < 3 || foundCount*4 < len(nonEmpty) || hanCount(found) == 0 || endsSentence(found) ||
			(best != "" && foundCount*10 < bestCount*9) {
			break
		}
		best, bestCount = found, foundCount
	}
	if best == "" {
		return lines
	}
	out := make([]string, len(lines))
	n := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasSuffix(t, best) {
			t = strings.TrimSpace(strings.TrimSuffix(t, best))
			n++
		}
		out[i] = t
	}
	rec.add("boilerplate", best, "", pluralNote(n, "suffix repeated on a paragraph removed", "suffix repeated on paragraphs removed"))
	return out
}

// endsSentence: a repeated tail ending in sentence punctuation is prose
// (many paragraphs end in "发展。"), not a site tag.
func endsSentence(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?”", last)
}

// RawLines decodes an article and returns its lines as the boilerplate rules
// see them (trimmed, invisible characters removed), for learning which lines
// repeat across a corpus.
func RawLines(raw []byte) ([]string, error) {
	var rec recorder
	text, _, err := decode(raw, &rec)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(replaceInvisibles(text), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return lines, nil
}

// LineCounter counts, for each line, how many articles hold it, one article
// at a time (so a corpus need not be held in memory).
type LineCounter struct{ seen map[string]int }

// Add counts the distinct lines of one article; lines of 8 runes or fewer
// are ignored (short headings repeat honestly).
func (c *LineCounter) Add(lines []string) {
	if c.seen == nil {
		c.seen = map[string]int{}
	}
	inDoc := map[string]bool{}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if utf8.RuneCountInString(t) > 8 && !inDoc[t] {
			inDoc[t] = true
			c.seen[t]++
		}
	}
}

// Repeated returns the lines counted in at least minDocs articles.
func (c *LineCounter) Repeated(minDocs int) map[string]bool {
	out := map[string]bool{}
	for l, n := range c.seen {
		if n >= minDocs {
			out[l] = true
		}
	}
	return out
}

// LearnRepeatedLines returns the lines that occur in at least minDocs of the
// given articles (each a slice of lines): in one corpus those are site
// headers and footers, not news. Lines of 8 runes or fewer are ignored.
func LearnRepeatedLines(docs [][]string, minDocs int) map[string]bool {
	var c LineCounter
	for _, lines := range docs {
		c.Add(lines)
	}
	return c.Repeated(minDocs)
}
