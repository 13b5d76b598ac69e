// Package lexicon holds the domain dictionary the extractor and the
// segmenter share: titles, organisation and company endings, well-known
// bodies and companies, places, surnames and boundary words. The lists are
// plain text files embedded at build time (one entry per line or separated
// by spaces; "#" starts a comment) so that a domain expert can extend them
// without touching code.
package lexicon

import (
	"embed"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed *.txt
var files embed.FS

// List is a set of words with a longest-first ordering for suffix matching.
type List struct {
	Words  []string // longest first
	set    map[string]bool
	maxLen int // in runes
}

// MaxLen is the length in runes of the longest word.
func (l *List) MaxLen() int { return l.maxLen }

// Has reports whether w is in the list.
func (l *List) Has(w string) bool { return l.set[w] }

// LongestSuffix returns the longest entry that s ends with, or "". It looks
// up each suffix of s up to the longest word's length: a few map lookups
// rather than a scan of the list.
func (l *List) LongestSuffix(s string) string {
	start, n := len(s), 0
	best := ""
	for start > 0 && n < l.maxLen {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
		n++
		if l.set[s[start:]] {
			best = s[start:]
		}
	}
	return best
}

// LongestPrefix returns the longest entry that s starts with, or "".
func (l *List) LongestPrefix(s string) string {
	end, n := 0, 0
	best := ""
	for end < len(s) && n < l.maxLen {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		n++
		if l.set[s[:end]] {
			best = s[:end]
		}
	}
	return best
}

func load(name string) *List {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("lexicon: missing embedded file " + name)
	}
	var words []string
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		words = append(words, strings.Fields(line)...)
	}
	return newList(words)
}

// newList builds a list from words, dropping repeats, longest first.
func newList(words []string) *List {
	l := &List{set: map[string]bool{}}
	for _, w := range words {
		if !l.set[w] {
			l.set[w] = true
			l.Words = append(l.Words, w)
			l.maxLen = max(l.maxLen, utf8.RuneCountInString(w))
		}
	}
	sort.SliceStable(l.Words, func(i, j int) bool {
		return utf8.RuneCountInString(l.Words[i]) > utf8.RuneCountInString(l.Words[j])
	})
	return l
}

// merge returns a list holding the words of both.
func merge(a, b *List) *List {
	return newList(append(append([]string{}, a.Words...), b.Words...))
}

// The lists, loaded once.
var (
	Titles          = load("titles.txt")
	Bodies          = load("bodies.txt")
	CompanySuffixes = load("company_suffixes.txt")
	OrgSuffixes     = load("org_suffixes.txt")
	KnownOrgs       = load("orgs.txt")
	KnownCompanies  = load("companies.txt")
	Countries       = load("countries.txt")
	Places          = merge(load("places.txt"), Countries)
	Plans           = load("plans.txt")
	Surnames        = load("surnames.txt")
	Boundaries      = load("boundaries.txt")
)
