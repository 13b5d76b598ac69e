package lexicon

import (
	"slices"
	"unicode/utf8"
)

// trie is a list's words as a rune trie in flat arrays: matching the
// words that start at an offset walks the text once, a binary search per
// rune, where comparing it with every word that shares its first rune
// (61 places start with 南) cost a string comparison each.
type trie struct {
	// node i's children are edges[first[i]:first[i+1]], sorted by rune;
	// node 0 is the root
	first []int32
	edges []edge
	// word[i]: node i completes a word
	word []bool
}

type edge struct {
	r  rune
	to int32
}

// newTrie builds the trie of words: sorted, each node is the run of words
// sharing its prefix, laid out breadth first (no pointer trie on the way:
// the lexicon's lists are built at start-up).
func newTrie(words []string) trie {
	ws := make([][]rune, len(words))
	for i, w := range words {
		ws[i] = []rune(w)
	}
	slices.SortFunc(ws, slices.Compare[[]rune])
	// a node: ws[lo:hi] share its prefix, depth runes long
	type span struct{ lo, hi, depth int }
	var t trie
	queue := []span{{0, len(ws), 0}}
	for head := 0; head < len(queue); head++ {
		sp := queue[head]
		lo, word := sp.lo, false
		for lo < sp.hi && len(ws[lo]) == sp.depth { // the word ending here sorts first
			lo, word = lo+1, true
		}
		t.word = append(t.word, word)
		t.first = append(t.first, int32(len(t.edges)))
		for lo < sp.hi {
			r, hi := ws[lo][sp.depth], lo+1
			for hi < sp.hi && ws[hi][sp.depth] == r {
				hi++
			}
			t.edges = append(t.edges, edge{r: r, to: int32(len(queue))})
			queue = append(queue, span{lo, hi, sp.depth + 1})
			lo = hi
		}
	}
	t.first = append(t.first, int32(len(t.edges)))
	return t
}

// child is the node under n by rune r, or -1.
func (t *trie) child(n int32, r rune) int32 {
	lo, hi := t.first[n], t.first[n+1]
	for lo < hi {
		m := lo + (hi-lo)/2
		switch e := t.edges[m]; {
		case e.r == r:
			return e.to
		case e.r < r:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// matches appends to ends the byte lengths of the words s starts with,
// shortest first.
func (t *trie) matches(s string, ends []int32) []int32 {
	n := int32(0)
	for i, r := range s {
		if n = t.child(n, r); n < 0 {
			break
		}
		if t.word[n] {
			ends = append(ends, int32(i+utf8.RuneLen(r)))
		}
	}
	return ends
}

// matchRunes appends to ends the rune lengths of the words rs starts
// with, shortest first.
func (t *trie) matchRunes(rs []rune, ends []int32) []int32 {
	n := int32(0)
	for i, r := range rs {
		if n = t.child(n, r); n < 0 {
			break
		}
		if t.word[n] {
			ends = append(ends, int32(i+1))
		}
	}
	return ends
}

// longestPrefix is the byte length of the longest word s starts with, or 0.
func (t *trie) longestPrefix(s string) int {
	n, best := int32(0), 0
	for i, r := range s {
		if n = t.child(n, r); n < 0 {
			break
		}
		if t.word[n] {
			best = i + utf8.RuneLen(r)
		}
	}
	return best
}

// hasRunes reports whether rs is a word.
func (t *trie) hasRunes(rs []rune) bool {
	n := int32(0)
	for _, r := range rs {
		if n = t.child(n, r); n < 0 {
			return false
		}
	}
	return len(rs) > 0 && t.word[n]
}
