package segment

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"newskg/extract/lexicon"
)

// Gse is gse's own segmenter loaded with its embedded Simplified
// dictionary and the domain lexicon, the source the compiled dictionary
// is made from. Loading takes about two seconds and 300 MB: the product
// uses the compiled form; Gse serves go generate, the tests that hold the
// compiled cut equal to it, and the benchmarks' bare-cut floor.
type Gse struct {
	seg gse.Segmenter
}

// domainFreq is high enough that a domain word wins over the generic
// dictionary's split of it (崔/荣/国 stays a split, 管委会 does not).
const domainFreq = 50000

// placeFreq is the frequency of place names.
const placeFreq = 50000

// NewGse loads gse's embedded Simplified dictionary and the domain words.
func NewGse() (*Gse, error) {
	// gse lower-cases Latin letters by default (SK海力士 → sk海力士).
	gse.ToLower = false
	s := &Gse{}
	s.seg.SkipLog = true
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("gse dictionary: %w", err)
	}
	add := func(l *lexicon.List, pos string, freq float64) error {
		for _, w := range l.Words {
			if utf8.RuneCountInString(w) < 2 {
				continue
			}
			// AddToken silently ignores words gse already knows, and
			// ReAddToken fails on words it does not: use each where it works.
			var err error
			if _, _, known := s.seg.Find(w); known {
				err = s.seg.ReAddToken(w, freq, pos)
			} else {
				err = s.seg.AddToken(w, freq, pos)
			}
			if err != nil {
				return fmt.Errorf("gse: add %q: %w", w, err)
			}
		}
		return nil
	}
	for _, d := range []struct {
		l    *lexicon.List
		pos  string
		freq float64
	}{
		{lexicon.Titles, "nnt", domainFreq}, {lexicon.Bodies, "nt", domainFreq}, {lexicon.OrgSuffixes, "n", domainFreq},
		{lexicon.KnownOrgs, "nt", domainFreq}, {lexicon.KnownCompanies, "nz", domainFreq},
		// places below body words: 新吴区委书记 is 新吴/区委/书记
		{lexicon.MajorPlaces, "ns", placeFreq},
	} {
		if err := add(d.l, d.pos, d.freq); err != nil {
			return nil, err
		}
	}
	s.seg.CalcToken()
	return s, nil
}

// Segment is gse's dictionary cut of one Han run: the words as slices of
// run, and their tags.
func (s *Gse) Segment(run string, words, tags []string) ([]string, []string) {
	for _, sg := range s.seg.Segment([]byte(run)) {
		words = append(words, run[sg.Start():sg.End()])
		tags = append(tags, sg.Token().Pos())
	}
	return words, tags
}

// CutPlain is gse's own Cut of the whole text (no HMM, no domain
// handling): the speed floor that benchmarks compare against.
func (s *Gse) CutPlain(text string) []string { return s.seg.Cut(text) }

// Find is gse's look-up of one word: its frequency and tag, and whether
// the dictionary holds it (or a longer word it begins).
func (s *Gse) Find(w string) (float64, string, bool) { return s.seg.Find(w) }

// Words lists every word the gse dictionary holds once the domain words
// are in, with gse's path cost: what Compile lays out. A word gse replaced
// (ReAddToken keeps the old entry, unreachable) is listed as it is now.
func (s *Gse) Words() []Word {
	d := s.seg.Dict
	logTotal := float32(math.Log2(d.TotalFreq()))
	var out []Word
	for i := range d.Tokens {
		t := &d.Tokens[i]
		text := t.Text()
		if v, _, err := d.Value([]byte(text)); err != nil || v != i {
			continue // removed, or replaced by a later entry
		}
		out = append(out, Word{Text: text, Dist: logTotal - float32(math.Log2(t.Freq())), Pos: t.Pos(), Freq: t.Freq() > 0})
	}
	return out
}

// CompileGse loads gse with the domain words and compiles its dictionary.
func CompileGse() ([]byte, error) {
	g, err := NewGse()
	if err != nil {
		return nil, err
	}
	return Compile(g.Words())
}
