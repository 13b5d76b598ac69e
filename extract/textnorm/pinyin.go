package textnorm

import "regexp"

// A bad converter glues the reading of a character after it: 區(qū), 據(jù).
// Only parentheses holding one toned pinyin syllable right after a Han
// character are taken out, so (2022-2035年), (京都) or (以下简称…) stay.
// The second form is the same annotation whose "(" was lost to mojibake,
// left as "?yōu)".
var (
	pinyinSyllable   = `[a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]{0,5}`
	pinyinAnnotation = regexp.MustCompile(`(\p{Han})[(（](` + pinyinSyllable + `)[)）]`)
	pinyinOrphan     = regexp.MustCompile(`\?(` + pinyinSyllable + `)[)）]`)
)

// stripPinyin removes pinyin annotations from one line.
func stripPinyin(line string, rec *recorder) string {
	if !hasToneMark(line) {
		return line
	}
	n := 0
	line = pinyinAnnotation.ReplaceAllStringFunc(line, func(m string) string {
		n++
		sub := pinyinAnnotation.FindStringSubmatch(m)
		return sub[1]
	})
	if n > 0 {
		rec.add("pinyin", "", "", pluralNote(n, "pinyin annotation removed", "pinyin annotations removed"))
	}
	line = pinyinOrphan.ReplaceAllStringFunc(line, func(m string) string {
		rec.add("pinyin", m, "", "pinyin annotation damaged by mojibake removed")
		return ""
	})
	return line
}

func hasToneMark(s string) bool {
	for _, r := range s {
		switch r {
		case 'ā', 'á', 'ǎ', 'à', 'ē', 'é', 'ě', 'è', 'ī', 'í', 'ǐ', 'ì', 'ō', 'ó', 'ǒ', 'ò', 'ū', 'ú', 'ǔ', 'ù', 'ǖ', 'ǘ', 'ǚ', 'ǜ', 'ń', 'ň', 'ǹ', 'ḿ':
			return true
		}
	}
	return false
}
