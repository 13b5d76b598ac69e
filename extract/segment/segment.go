// Package segment cuts Chinese text into words with gse's dictionary and
// the project's domain lexicon, compiled at build time (go generate) into
// dict.bin. A Segmenter only reads the embedded bytes, so it is ready at
// once and safe for concurrent use. Gse itself (NewGse) builds the
// compiled form, measures the bare-cut floor in benchmarks, and is what
// the compiled cut is tested against.
package segment

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"newskg/extract/han"
)

// Token is one word with its position in rune offsets [Start, End).
type Token struct {
	Text       string
	Start, End int
	// POS is the dictionary's part-of-speech tag of a Han word, "" for a
	// word it does not know (a joined unknown word, digits, punctuation).
	POS string
}

// Segmenter cuts with the compiled dictionary (dict.bin): gse's embedded
// Simplified dictionary plus the domain lexicon, compiled by go generate
// into a flat trie that New views in place, so that a process starts in
// milliseconds instead of the two seconds gse takes to build its own. It
// cuts exactly as gse's Segment does (TestSameCutAsGse).
type Segmenter struct {
	d dict
}

// New views the compiled dictionary embedded in the binary.
func New() (*Segmenter, error) {
	d, err := viewDict(compiled)
	if err != nil {
		return nil, fmt.Errorf("segment: %w (run go generate ./extract/segment)", err)
	}
	return &Segmenter{d: d}, nil
}

// Cut splits text into tokens. Han runs are cut with gse's dictionary cut
// and runs of single characters the dictionary does not know as words are
// joined into unknown words (names such as 崔荣国); anything else (digits,
// Latin words, punctuation) is tokenised here. gse's HMM mode finds unknown
// words too, but is three times slower and mis-cuts mixed text.
func (s *Segmenter) Cut(text string) []Token {
	out := make([]Token, 0, len(text)/4)
	pos := 0 // rune offset of text[i]
	var words, tags []string
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		j, n := i+size, 1 // end of the piece in bytes, its length in runes
		switch {
		case isHan(r):
			// a run is cut in pieces of at most maxRun runes: gse's cost
			// grows with the run, and prose has punctuation long before
			for j < len(text) && n < maxRun {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !isHan(r) {
					break
				}
				j += size
				n++
			}
			words, tags = s.cutRun(text[i:j], words[:0], tags[:0])
			words, tags = mergeUnknown(text[i:j], words, tags)
			for k, w := range words {
				wn := utf8.RuneCountInString(w)
				out = append(out, Token{Text: w, Start: pos, End: pos + wn, POS: tags[k]})
				pos += wn
			}
			i = j
			continue
		case isWordRune(r):
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r) {
					break
				}
				j += size
				n++
			}
		}
		out = append(out, Token{Text: text[i:j], Start: pos, End: pos + n})
		pos += n
		i = j
	}
	return out
}

// cutRun appends the dictionary's words of one Han run to words, as
// slices of run, and their part-of-speech tags to tags.
func (s *Segmenter) cutRun(run string, words, tags []string) ([]string, []string) {
	return s.d.cut(run, words, tags)
}

// maxRun bounds the Han run given to gse in one call.
const maxRun = 4096

// functionChars never join an unknown word: particles, prepositions,
// numerals, measure words and localisers.
const functionChars = "的了是在和与等及或将要会不也都就还又把被对向从以为于之其而并且但由据经让给到每各该这那此个家年月日上下中内外前后里一二三四五六七八九第占比达超近约多余已再更最很所共同"

// mergeUnknown joins runs of single characters that the dictionary cut
// apart into one unknown word (崔/荣/国 → 崔荣国, 新/洁/能 → 新洁能): the
// plain dictionary cut is three times faster than gse's HMM, which does
// the same job with a model.
func mergeUnknown(run string, words, tags []string) ([]string, []string) {
	out, outTags := words[:0], tags[:0] // never longer than what has been read: merged in place
	off := 0                            // byte offset of words[i] in run
	runStart, runOff, n := 0, 0, 0
	flush := func(i int) {
		switch {
		case n == 1 || n > 4:
			for k := runStart; k < i; k++ {
				out, outTags = append(out, words[k]), append(outTags, tags[k])
			}
		case n > 1:
			out, outTags = append(out, run[runOff:off]), append(outTags, "")
		}
		n = 0
	}
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		if size == len(w) && !strings.ContainsRune(functionChars, r) {
			if n == 0 {
				runStart, runOff = i, off
			}
			n++
			off += len(w)
			continue
		}
		flush(i)
		out, outTags = append(out, w), append(outTags, tags[i])
		off += len(w)
	}
	flush(len(words))
	return out, outTags
}

// IsWord reports whether w is in the dictionary (generic or domain) with a
// frequency above zero.
func (s *Segmenter) IsWord(w string) bool {
	n, ok := s.d.find(w)
	return ok && s.d.flags(n)&flagWord != 0 && s.d.flags(n)&flagFreq != 0
}

// POS returns the dictionary's part-of-speech tag for w, or "".
func (s *Segmenter) POS(w string) string {
	n, ok := s.d.find(w)
	if !ok || s.d.flags(n)&flagWord == 0 {
		return ""
	}
	return s.d.pos(n)
}

func isHan(r rune) bool { return han.Is(r) }

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.IsDigit(r) || r == '.'
}
