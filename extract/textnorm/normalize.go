// Package textnorm turns the raw bytes of one article file into clean
// Simplified Chinese text: it detects the encoding, repairs pinyin
// annotations and mojibake, removes site boilerplate, converts Traditional
// script with OpenCC, and finds the headline and publication date. It does
// no I/O; every change it makes is listed in Article.Repairs.
package textnorm

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Article is the normalised form of one input file.
type Article struct {
	Text      string   `json:"text"`                // cleaned Simplified text, paragraphs joined by "\n"
	Original  string   `json:"original"`            // the decoded text before any cleaning
	Encoding  string   `json:"encoding"`            // detected source encoding
	Script    string   `json:"script"`              // traditional, simplified or mixed
	Title     string   `json:"title,omitempty"`     // headline, when the article has one
	Published string   `json:"published,omitempty"` // YYYY-MM-DD, when the article states it
	Repairs   []Repair `json:"repairs"`
}

// Options tune one normalisation.
type Options struct {
	// RepeatedLines are lines known to be corpus boilerplate (see
	// LearnRepeatedLines); they are removed wherever they occur.
	RepeatedLines map[string]bool
}

// Normalizer holds the script converter. Build it once with New; it is safe
// for concurrent use by many goroutines.
type Normalizer struct {
	conv *scriptConverter
}

// New builds a Normalizer (loading OpenCC's dictionaries takes a moment).
func New() (*Normalizer, error) {
	conv, err := newScriptConverter()
	if err != nil {
		return nil, err
	}
	return &Normalizer{conv: conv}, nil
}

// invisible characters scrapers leave behind; U+3000 and NBSP become spaces.
// replaceInvisibles drops zero-width characters and byte-order marks, turns
// no-break and ideographic spaces into spaces and line ends into "\n". One
// pass; strings.Replacer's generic path was a tenth of normalising.
func replaceInvisibles(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	copied := 0 // s[:copied] is written
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && c != '\r' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		repl, skip := "", size
		switch {
		case r == '\r':
			repl = "\n"
			if strings.HasPrefix(s[i+1:], "\n") {
				skip++
			}
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
		case r == '\u00a0' || r == '\u3000':
			repl = " "
		default:
			i += size
			continue
		}
		b.WriteString(s[copied:i])
		b.WriteString(repl)
		i += skip
		copied = i
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// collapseSpaces turns each run of two or more spaces and tabs into one
// space.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && strings.IndexByte(s, '\t') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		switch {
		case j-i >= 2:
			b.WriteByte(' ')
		case j-i == 1:
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
			j++
		}
		i = j
	}
	return b.String()
}

// Normalize cleans one article. A returned error is an *InputError (see
// ErrInput) when the bytes are not usable text.
func (n *Normalizer) Normalize(raw []byte, opts Options) (*Article, error) {
	var rec recorder
	text, enc, err := decode(raw, &rec)
	if err != nil {
		return nil, err
	}
	a := &Article{Original: text, Encoding: enc}
	lines := strings.Split(replaceInvisibles(stripHTML(text, &rec)), "\n")
	for i, l := range lines {
		rec.line = i + 1
		l = stripPinyin(l, &rec)
		l = repairMojibake(l, &rec)
		lines[i] = strings.TrimSpace(collapseSpaces(l))
	}
	rec.line = 0
	a.Published = findPublished(lines)
	lines = removeBoilerplate(lines, opts.RepeatedLines, &rec)

	trad, simp := 0, 0
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l == "" {
			continue
		}
		t, s := n.conv.counts(l)
		trad, simp = trad+t, simp+s
		conv, err := n.conv.toSimplified(l, t, s)
		if err != nil {
			return nil, fmt.Errorf("script conversion: %w", err)
		}
		out = append(out, conv)
	}
	if len(out) == 0 {
		return nil, inputErr("no article text left after removing site boilerplate")
	}
	a.Script = scriptOf(trad, simp)
	a.Title = findTitle(out)
	a.Text = strings.Join(out, "\n")
	a.Repairs = rec.repairs
	if a.Repairs == nil {
		a.Repairs = []Repair{}
	}
	return a, nil
}

func pluralNote(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}
