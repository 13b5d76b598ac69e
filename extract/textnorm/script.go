package textnorm

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/liuzl/gocc"

	"newskg/extract/runeset"
)

// Script of an article, judged from the characters it uses.
const (
	ScriptSimplified  = "simplified"
	ScriptTraditional = "traditional"
	ScriptMixed       = "mixed"
)

// scriptConverter wraps gocc's t2s. It is built once and shared by workers:
// Convert only reads its dictionaries.
type scriptConverter struct {
	t2s *gocc.OpenCC
	// traditional holds runes that t2s changes; simplifiedOnly holds runes
	// that s2t changes and t2s leaves alone (发, 国). Lines without any
	// traditional rune skip the (slow) converter.
	traditional    runeset.Set
	simplifiedOnly runeset.Set
}

func newScriptConverter() (*scriptConverter, error) {
	t2s, err := gocc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("opencc t2s: %w", err)
	}
	s2t, err := gocc.New("s2t")
	if err != nil {
		return nil, fmt.Errorf("opencc s2t: %w", err)
	}
	c := &scriptConverter{t2s: t2s}
	// Convert every CJK rune once, one per line so that no phrase rule
	// joins neighbours, and keep those that change.
	var all []rune
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		all = append(all, r, '\n')
	}
	src := string(all)
	toS, err := t2s.Convert(src)
	if err != nil {
		return nil, err
	}
	toT, err := s2t.Convert(src)
	if err != nil {
		return nil, err
	}
	in, outS, outT := strings.Split(src, "\n"), strings.Split(toS, "\n"), strings.Split(toT, "\n")
	if len(in) != len(outS) || len(in) != len(outT) {
		return nil, fmt.Errorf("opencc changed the line count of its character table")
	}
	for i, s := range in {
		if s == "" {
			continue
		}
		r := []rune(s)[0]
		if outS[i] != s {
			c.traditional.Add(r)
		} else if outT[i] != s {
			c.simplifiedOnly.Add(r)
		}
	}
	return c, nil
}

// counts returns how many traditional and simplified-only runes s holds.
func (c *scriptConverter) counts(s string) (trad, simp int) {
	for _, r := range s {
		if c.traditional.Has(r) {
			trad++
		} else if c.simplifiedOnly.Has(r) {
			simp++
		}
	}
	return trad, simp
}

// alsoSimplified are characters OpenCC maps to another one although
// Simplified writing uses them too, mostly in names (乾 in 乾坤 or a company
// name, 於 as a surname). In a line that is Simplified already they stay.
var alsoSimplified = map[rune]bool{'乾': true, '於': true, '藉': true, '瞭': true, '夥': true, '徵': true, '餘': true, '鍾': true, '隻': true, '甦': true, '佔': true, '託': true, '祇': true, '衝': true, '僱': true, '麼': true}

// toSimplified converts one line, given its counts; lines already in
// Simplified are returned as they are (apart from the 著 fix).
func (c *scriptConverter) toSimplified(line string, trad, simp int) (string, error) {
	if trad == 0 {
		return fixZhuo(line), nil
	}
	conv, err := c.convertChunked(line)
	if err != nil {
		return "", err
	}
	if simp > trad {
		// a Simplified line quoting a few Traditional characters: convert
		// those, keep the ones Simplified uses as well
		in, out := []rune(line), []rune(conv)
		if len(in) == len(out) {
			for i, r := range in {
				if alsoSimplified[r] {
					out[i] = r
				}
			}
			conv = string(out)
		}
	}
	return fixZhuo(conv), nil
}

// keepZhuo lists the words where 著 is "notable/author" and stays 著 in
// Simplified; everywhere else (随着, 有着, 着力, 着眼) it is the aspect
// particle or verb that Simplified writes 着, which gocc leaves unconverted.
var keepZhuo = []string{"显著", "著名", "著作", "卓著", "昭著", "编著", "土著", "巨著", "原著", "名著", "论著", "专著", "遗著", "新著", "撰著", "合著", "译著", "著称", "著述", "著录", "著书", "著者", "著有", "著文", "拙著", "大著", "短著", "著明"}

func fixZhuo(line string) string {
	if !strings.ContainsRune(line, '著') {
		return line
	}
	rs := []rune(line)
	for i, r := range rs {
		if r != '著' {
			continue
		}
		keep := false
		for _, w := range keepZhuo {
			wr := []rune(w)
			at := strings.IndexRune(w, '著')
			pos := len([]rune(w[:at]))
			start := i - pos
			if start < 0 || start+len(wr) > len(rs) {
				continue
			}
			if string(rs[start:start+len(wr)]) == w {
				keep = true
				break
			}
		}
		if !keep {
			rs[i] = '着'
		}
	}
	return string(rs)
}

// chunkBytes bounds one call of the converter: gocc's memory grows steeply
// with its input (a 20 MB string costs about 570 MB), and a scraped page can
// be one enormous line.
const chunkBytes = 64 << 10

// convertChunked converts a line in pieces cut after sentence punctuation
// (or, failing that, at a rune boundary), so no phrase is split in two
// except in a pathological line with no punctuation at all.
func (c *scriptConverter) convertChunked(line string) (string, error) {
	if len(line) <= chunkBytes {
		return c.t2s.Convert(line)
	}
	var out strings.Builder
	for len(line) > 0 {
		n := min(len(line), chunkBytes)
		if n < len(line) {
			cut := strings.LastIndexAny(line[:n], "。！？；，,;!?")
			if cut > 0 {
				_, size := utf8.DecodeRuneInString(line[cut:])
				n = cut + size
			} else {
				for n > 0 && !utf8.RuneStart(line[n]) {
					n--
				}
			}
		}
		conv, err := c.t2s.Convert(line[:n])
		if err != nil {
			return "", err
		}
		out.WriteString(conv)
		line = line[n:]
	}
	return out.String(), nil
}

func scriptOf(trad, simp int) string {
	switch {
	case trad == 0:
		return ScriptSimplified
	case simp == 0 || trad >= 9*simp:
		return ScriptTraditional
	case simp >= 9*trad:
		return ScriptSimplified
	}
	return ScriptMixed
}

// Simplify converts a short text (a name, a query's value) to Simplified
// script the way article lines are converted, so a name typed in
// Traditional script finds the node its articles made.
func (n *Normalizer) Simplify(s string) (string, error) {
	trad, simp := n.conv.counts(s)
	return n.conv.toSimplified(s, trad, simp)
}

// MayHoldTraditional reports whether s holds any Han character: the cheap
// test before building a converter for it.
func MayHoldTraditional(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}
