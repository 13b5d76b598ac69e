package extract

import "newskg/extract/lexicon"

// adminSuffix may follow a place name in the text (江苏省, 无锡市, 锡山区).
var adminSuffix = []string{"省", "市", "区", "县", "镇"}

// findPlaces finds places from the lexicon. A place counts only as a word of
// its own: 无锡 inside 无锡高新区 is part of an organisation's name, which
// overlap resolution settles.
func findPlaces(d *doc) []cand {
	var out []cand
	for i := 0; i < len(d.rs); i++ {
		if !isHan(d.rs[i]) {
			continue
		}
		if _, ok := d.tokStart[i]; !ok {
			continue
		}
		w := lexicon.Places.LongestPrefix(d.str(i, i+8))
		if w == "" {
			continue
		}
		end := i + runeLen(w)
		var aliases []string
		if end < len(d.rs) {
			for _, s := range adminSuffix {
				if string(d.rs[end]) == s {
					aliases = append(aliases, w+s)
					end++
					break
				}
			}
		}
		if _, ok := d.tokEnd[end]; !ok && end < len(d.rs) && isHan(d.rs[end]) {
			continue // 中国式, 日本人: part of a longer word
		}
		out = append(out, cand{typ: TypePlace, name: w, start: i, end: end, aliases: aliases, rank: rankPlace})
		i = end - 1
	}
	return out
}
