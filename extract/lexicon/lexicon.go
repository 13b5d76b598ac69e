// Package lexicon holds the domain dictionary the extractor and the
// segmenter share: titles, organisation and company endings, well-known
// bodies and companies, places, surnames and boundary words. The lists are
// plain text files embedded at build time (one entry per line or separated
// by spaces; "#" starts a comment) so that a domain expert can extend them
// without touching code.
package lexicon

import (
	"crypto/sha256"
	"embed"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"newskg/extract/runeset"
)

//go:embed *.txt
var files embed.FS

// List is a set of words with a longest-first ordering for suffix matching.
type List struct {
	Words  []string // longest first
	set    map[string]bool
	maxLen int // in runes
	// first and last runes of the words: most positions of a text start
	// (or end) no word, and one bit test says so
	firsts, lasts runeset.Set
	trie          trie // the words, for matching at an offset
}

// MaxLen is the length in runes of the longest word.
func (l *List) MaxLen() int { return l.maxLen }

// Has reports whether w is in the list.
func (l *List) Has(w string) bool { return l.set[w] }

// HasRunes is Has of string(rs), without building the string.
func (l *List) HasRunes(rs []rune) bool {
	return len(rs) > 0 && l.firsts.Has(rs[0]) && l.trie.hasRunes(rs)
}

// LongestSuffix returns the longest entry that s ends with, or "". It looks
// up each suffix of s up to the longest word's length: a few map lookups
// rather than a scan of the list.
func (l *List) LongestSuffix(s string) string {
	if r, _ := utf8.DecodeLastRuneInString(s); !l.lasts.Has(r) {
		return ""
	}
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
	if r, _ := utf8.DecodeRuneInString(s); !l.firsts.Has(r) {
		return ""
	}
	return s[:l.trie.longestPrefix(s)]
}

// Occurrences returns, for each word of the list that occurs in text, the
// byte offsets where it does, in one pass over text. Like repeated
// strings.Index, the occurrences of one word do not overlap.
func (l *List) Occurrences(text string) map[string][]int {
	out := map[string][]int{}
	next := map[string]int{}
	l.scan(text, func(i int, w string) bool {
		if i >= next[w] {
			out[w] = append(out[w], i)
			next[w] = i + len(w)
		}
		return true
	})
	return out
}

// Index returns the byte offset and the word of the first occurrence of
// any word of the list in text (the longest word where several start at
// that offset), or -1 and "".
func (l *List) Index(text string) (int, string) {
	at, word := -1, ""
	l.scan(text, func(i int, w string) bool {
		at, word = i, w
		return false
	})
	return at, word
}

// In reports whether any word of the list occurs in text: one pass,
// cheaper than a strings.Contains per word.
func (l *List) In(text string) bool {
	i, _ := l.Index(text)
	return i >= 0
}

// Each calls found with every occurrence of a word of the list in text
// (overlapping ones too), by byte offset and, at one offset, longest word
// first: one pass, no allocation.
func (l *List) Each(text string, found func(i int, w string)) {
	l.scan(text, func(i int, w string) bool { found(i, w); return true })
}

// EachRunes is Each over runes: found gets each occurrence's rune offset
// and length in runes.
func (l *List) EachRunes(rs []rune, found func(i, n int)) {
	var buf [16]int32
	for i, r := range rs {
		if !l.firsts.Has(r) {
			continue
		}
		ends := l.trie.matchRunes(rs[i:], buf[:0])
		for k := len(ends) - 1; k >= 0; k-- { // longest first
			found(i, int(ends[k]))
		}
	}
}

// scan calls found with each occurrence of a word of the list in text, by
// offset and, at one offset, longest word first, until found returns false.
// A rune that starts no word is passed over with one bit test.
func (l *List) scan(text string, found func(i int, w string) bool) {
	var buf [16]int32
	for i, r := range text {
		if !l.firsts.Has(r) {
			continue
		}
		ends := l.trie.matches(text[i:], buf[:0])
		for k := len(ends) - 1; k >= 0; k-- { // longest first
			if !found(i, text[i:i+int(ends[k])]) {
				return
			}
		}
	}
}

func load(name string) *List { return New(words(name)) }

// words are the entries of one embedded list, in file order.
func words(name string) []string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("lexicon: missing embedded file " + name)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out
}

// New builds a list from words, dropping repeats and empty words, longest
// first.
func New(words []string) *List {
	l := &List{set: map[string]bool{}}
	for _, w := range words {
		if w != "" && !l.set[w] {
			l.set[w] = true
			l.Words = append(l.Words, w)
			l.maxLen = max(l.maxLen, utf8.RuneCountInString(w))
		}
	}
	n := make(map[string]int, len(l.Words)) // rune counts, counted once
	for _, w := range l.Words {
		n[w] = utf8.RuneCountInString(w)
	}
	sort.SliceStable(l.Words, func(i, j int) bool { return n[l.Words[i]] > n[l.Words[j]] })
	for _, w := range l.Words {
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		l.firsts.Add(first)
		l.lasts.Add(last)
	}
	l.trie = newTrie(l.Words)
	return l
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
	Places          = New(slices.Concat(words("places.txt"), Countries.Words, divisionNames))
	// MajorPlaces leaves out county-level divisions: the segmenter knows
	// these as words, and a district's full name as a word would cut
	// 新吴区委书记 as 新吴区/委/书记 instead of 新吴/区委/书记
	MajorPlaces = New(slices.Concat(words("places.txt"), Countries.Words, majorDivisionNames))
	Plans       = load("plans.txt")
	Surnames    = load("surnames.txt")
	Boundaries  = load("boundaries.txt")
)

// Fingerprint identifies the lexicon's contents: the name tagger's
// features read the lists, so a model is trained for one fingerprint.
func Fingerprint() [16]byte {
	h := sha256.New()
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		b, _ := files.ReadFile(e.Name())
		h.Write([]byte(e.Name()))
		h.Write(b)
	}
	h.Write(divisionsJSON)
	var out [16]byte
	copy(out[:], h.Sum(nil))
	return out
}
