package extract

import (
	"strings"

	"newskg/extract/lexicon"
)

// adminSuffix may follow a place name in the text (江苏省, 无锡市, 锡山区).
const adminSuffix = "省市区县镇"

// findPlaces finds places from the lexicon. A place counts only as a word of
// its own: 无锡 inside 无锡高新区 is part of an organisation's name, which
// overlap resolution settles.
func findPlaces(d *doc) []cand {
	var out []cand
	for i := 0; i < len(d.rs); i++ {
		if !isHan(d.rs[i]) {
			continue
		}
		if _, ok := d.tokenStartingAt(i); !ok {
			continue
		}
		w := lexicon.Places.LongestPrefix(d.text[d.byteOf[i]:])
		// a county's short name (江阴) is a place where the dictionary
		// reads it as one (合作 of 合作市, 资源 of 资源县 are common words)
		if s := lexicon.CountyShortNames.LongestPrefix(d.text[d.byteOf[i]:]); runeLen(s) > runeLen(w) && d.seg.POS(s) == "ns" {
			w = s
		}
		if w == "" {
			continue
		}
		end := i + runeLen(w)
		var aliases []string
		// a short name before a town's ending is the town (东港镇 of 锡山区,
		// not 东港市): a name of its own, not the county's short form
		// — unless the ending opens a word of its own (江苏|镇江, 浙江|乡村);
		// a division's own name before 镇 or 乡 stays the division
		if town, n := townAt(d, w, end); n > 0 {
			out = append(out, cand{typ: TypePlace, name: town, start: i, end: end + n, rank: rankPlace})
			i = end + n - 1
			continue
		}
		if end < len(d.rs) && strings.ContainsRune(adminSuffix, d.rs[end]) {
			aliases = append(aliases, w+string(d.rs[end]))
			end++
		}
		if _, ok := d.tokenEndingAt(end); !ok && end < len(d.rs) && isHan(d.rs[end]) {
			continue // 中国式, 日本人: part of a longer word
		}
		name := lexicon.CanonicalPlace(w) // 江苏 is 江苏省
		if name != w {
			aliases = append(aliases, w)
		}
		out = append(out, cand{typ: TypePlace, name: name, start: i, end: end, aliases: aliases, rank: rankPlace})
		i = end - 1
	}
	return out
}

// wordOf reports whether the n runes at pos are no start of a longer word:
// a word of their own, the end of one, or inside one.
func (d *doc) wordOf(pos, n int) bool {
	k, ok := d.tokenStartingAt(pos)
	return !ok || d.tokens[k].End <= pos+n
}

// townAt is the town that place word w makes with the town ending written
// at end (东港 + 镇), and the ending's length in runes; 0 when there is none.
func townAt(d *doc, w string, end int) (string, int) {
	for _, e := range townEndings {
		n := runeLen(e)
		if d.str(end, end+n) != e || !IsTownName(w+e) || !d.wordOf(end, n) {
			continue
		}
		if e != "街道" && lexicon.Divisions[w].Name != "" {
			continue
		}
		return w + e, n
	}
	return "", 0
}
