package ner

import (
	"unicode"

	"newskg/extract/lexicon"
)

// Word is one word of a sentence as the segmenter cut it, with gse's
// part-of-speech tag ("" when the dictionary does not know it).
type Word struct {
	Start, End int // runes of the sentence
	POS        string
}

// Sentence is what the tagger reads: the runes and the words over them.
type Sentence struct {
	Runes []rune
	Words []Word
}

// FeatureVersion changes whenever Features changes what it computes: a
// model is trained for one version and refused by another.
const FeatureVersion = 3

// Feature templates, each a distinct seed of the hash.
const (
	fBias = iota + 1
	fChar
	fBigram
	fKinds
	fWordShape
	fWordPOS
	fNeighbourPOS
	fWord
	fSurname
	fTitleBefore
	fTitleAfter
	fOrgEnding
	fCompanyEnding
	fPlace
	fBody
	fTrigram
	fNeighbourWord
)

// hasher mixes a template and values into a 32-bit feature hash (FNV-1a
// over 32-bit words, finished with murmur3's avalanche so that the low
// bits the bucket index takes are mixed): no strings are built while
// tagging.
type hasher uint32

func newHash(template int) hasher { return hasher((2166136261 ^ uint32(template)) * 16777619) }

func (h hasher) mix(v uint32) hasher { return hasher((uint32(h) ^ v) * 16777619) }

func (h hasher) mixString(s string) hasher {
	for _, r := range s {
		h = h.mix(uint32(r))
	}
	return h
}

func (h hasher) mixRunes(rs []rune) hasher {
	for _, r := range rs {
		h = h.mix(uint32(r))
	}
	return h
}

// sum is the finished hash.
func (h hasher) sum() uint32 {
	x := uint32(h)
	x ^= x >> 16
	x *= 0x85ebca6b
	x ^= x >> 13
	x *= 0xc2b2ae35
	x ^= x >> 16
	return x
}

// norm folds what should look alike: full-width forms to ASCII, every
// digit to 0, every Latin letter to a.
func norm(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFF01 - 0x21
	}
	switch {
	case r >= '0' && r <= '9' || unicode.IsDigit(r):
		return '0'
	case r < 0x80 && unicode.IsLetter(r):
		return 'a'
	}
	return r
}

// kind of a rune: Han, digit, Latin, punctuation or space, other.
func kind(r rune) uint32 {
	switch n := norm(r); {
	case n == '0':
		return 1
	case n == 'a':
		return 2
	case unicode.Is(unicode.Han, r):
		return 3
	case unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r):
		return 4
	}
	return 5
}

// sentinels stand for the runes before the start and after the end.
const (
	startRune = 0x110000
	endRune   = 0x110001
)

// lexHits are the lexicon matches of a sentence, by rune position.
type lexHits struct {
	titleEnd   []bool // a title ends just before position i
	titleStart []bool // a title starts at position i
	orgEnd     []int8 // length of the longest organisation ending that ends at i (inclusive), or 0
	compEnd    []int8 // the same for company endings
	bodyEnd    []bool // a body word (党工委, 区政府) ends at i
	place      []byte // B, I, E, S of a known place covering i, or 0
}

// reset sizes the hits for n runes, all cleared, reusing their storage.
func (h *lexHits) reset(n int) {
	h.titleEnd = clearedTo(h.titleEnd, n+1)
	h.titleStart = clearedTo(h.titleStart, n+1)
	h.orgEnd = clearedTo(h.orgEnd, n)
	h.compEnd = clearedTo(h.compEnd, n)
	h.bodyEnd = clearedTo(h.bodyEnd, n)
	h.place = clearedTo(h.place, n)
}

// clearedTo is b resized to n zero values, in place when it has room.
func clearedTo[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// find marks the lexicon matches of the sentence rs.
func (h *lexHits) find(rs []rune) {
	h.reset(len(rs))
	lexicon.Titles.EachRunes(rs, func(i, wl int) {
		h.titleStart[i] = true
		h.titleEnd[i+wl] = true
	})
	mark := func(l *lexicon.List, into []int8) {
		l.EachRunes(rs, func(i, wl int) {
			if e := i + wl - 1; int8(wl) > into[e] {
				into[e] = int8(wl)
			}
		})
	}
	mark(lexicon.OrgSuffixes, h.orgEnd)
	mark(lexicon.CompanySuffixes, h.compEnd)
	lexicon.Bodies.EachRunes(rs, func(i, wl int) {
		h.bodyEnd[i+wl-1] = true
	})
	lexicon.Places.EachRunes(rs, func(i, wl int) {
		if h.place[i] != 0 {
			return // a longer place starts here, or one covers it
		}
		if wl == 1 {
			h.place[i] = 'S'
			return
		}
		h.place[i] = 'B'
		for k := i + 1; k < i+wl-1; k++ {
			h.place[k] = 'I'
		}
		h.place[i+wl-1] = 'E'
	})
}

// featurizer computes features, keeping its working memory between
// sentences (a Tagger holds one).
type featurizer struct {
	normed []rune
	kinds  []uint32
	wordOf []int
	lex    lexHits
}

// Features returns the feature hashes of every position of the sentence,
// reusing buf's storage.
func Features(s Sentence, buf [][]uint32) [][]uint32 {
	var fz featurizer
	return fz.features(s, buf)
}

func (fz *featurizer) features(s Sentence, buf [][]uint32) [][]uint32 {
	rs := s.Runes
	n := len(rs)
	if n == 0 {
		return buf[:0]
	}
	if cap(buf) < n {
		buf = make([][]uint32, n)
	}
	buf = buf[:n]
	// each rune's folded form and kind, once
	fz.normed = clearedTo(fz.normed, n+4)
	fz.kinds = clearedTo(fz.kinds, n+2)
	normed, kinds := fz.normed, fz.kinds
	normed[0], normed[1], normed[n+2], normed[n+3] = startRune, startRune, endRune, endRune
	for i, r := range rs {
		normed[i+2] = norm(r)
		kinds[i+1] = kind(r)
	}
	at := func(i int) rune { return normed[i+2] }
	kindAt := func(i int) uint32 { return kinds[i+1] }
	// the word covering each position, and its neighbours
	fz.wordOf = clearedTo(fz.wordOf, n)
	wordOf := fz.wordOf
	for i := range wordOf {
		wordOf[i] = -1
	}
	for k, w := range s.Words {
		for i := w.Start; i < w.End && i < n; i++ {
			wordOf[i] = k
		}
	}
	fz.lex.find(rs)
	lex := &fz.lex
	for i := 0; i < n; i++ {
		f := buf[i][:0]
		f = append(f, (newHash(fBias)).sum())
		for d := -2; d <= 2; d++ {
			f = append(f, (newHash(fChar).mix(uint32(d + 2)).mix(uint32(at(i + d)))).sum())
		}
		for _, p := range [][2]int{{-2, -1}, {-1, 0}, {0, 1}, {1, 2}, {-1, 1}} {
			f = append(f, (newHash(fBigram).mix(uint32(p[0] + 2)).mix(uint32(at(i + p[0]))).mix(uint32(at(i + p[1])))).sum())
		}
		f = append(f, (newHash(fTrigram).mix(uint32(at(i - 1))).mix(uint32(at(i))).mix(uint32(at(i + 1)))).sum())
		f = append(f, (newHash(fKinds).mix(kindAt(i - 1)).mix(kindAt(i)).mix(kindAt(i + 1))).sum())
		if k := wordOf[i]; k >= 0 {
			w := s.Words[k]
			l := w.End - w.Start
			pos := byte('M')
			switch {
			case l == 1:
				pos = 'S'
			case i == w.Start:
				pos = 'B'
			case i == w.End-1:
				pos = 'E'
			}
			f = append(f, (newHash(fWordShape).mix(uint32(pos)).mix(uint32(min(l, 5)))).sum())
			f = append(f, (newHash(fWordPOS).mix(uint32(pos)).mixString(w.POS)).sum())
			prev, next := "^", "$"
			if k > 0 {
				prev = s.Words[k-1].POS
			}
			if k+1 < len(s.Words) {
				next = s.Words[k+1].POS
			}
			f = append(f, (newHash(fNeighbourPOS).mixString(prev).mix('|').mixString(next).mix(uint32(pos))).sum())
			if l >= 2 && l <= 4 {
				f = append(f, (newHash(fWord).mix(uint32(pos)).mixRunes(rs[w.Start:w.End])).sum())
			}
			// the words around the name: 表示 after, 记者 or 董事长 before
			if k > 0 && pos != 'M' && pos != 'E' {
				if pw := s.Words[k-1]; pw.End-pw.Start <= 4 {
					f = append(f, (newHash(fNeighbourWord).mix('<').mixRunes(rs[pw.Start:pw.End])).sum())
				}
			}
			if k+1 < len(s.Words) && pos != 'M' && pos != 'B' {
				if nw := s.Words[k+1]; nw.End-nw.Start <= 4 {
					f = append(f, (newHash(fNeighbourWord).mix('>').mixRunes(rs[nw.Start:nw.End])).sum())
				}
			}
		}
		if lexicon.Surnames.HasRunes(rs[i : i+1]) {
			f = append(f, (newHash(fSurname).mix(1)).sum())
		}
		if i+1 < n && lexicon.Surnames.HasRunes(rs[i:i+2]) {
			f = append(f, (newHash(fSurname).mix(2)).sum())
		}
		for d := 0; d <= 2; d++ {
			if i-d >= 0 && lex.titleEnd[i-d] {
				f = append(f, (newHash(fTitleBefore).mix(uint32(d))).sum())
			}
			if i+1+d <= n && lex.titleStart[min(i+1+d, n)] {
				f = append(f, (newHash(fTitleAfter).mix(uint32(d))).sum())
			}
		}
		// an ending at or shortly after i: i is inside or at the end of a name
		for d := 0; d <= 3 && i+d < n; d++ {
			if l := lex.orgEnd[i+d]; l > 0 && int(l) <= d+1 {
				f = append(f, (newHash(fOrgEnding).mix(uint32(d)).mix(uint32(int(l) - d))).sum())
			}
			if l := lex.compEnd[i+d]; l > 0 && int(l) <= d+1 {
				f = append(f, (newHash(fCompanyEnding).mix(uint32(d)).mix(uint32(int(l) - d))).sum())
			}
		}
		if i > 0 && lex.bodyEnd[i-1] {
			f = append(f, (newHash(fBody)).sum())
		}
		if p := lex.place[i]; p != 0 {
			f = append(f, (newHash(fPlace).mix(uint32(p))).sum())
		}
		buf[i] = f
	}
	return buf
}
