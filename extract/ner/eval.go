package ner

import (
	"fmt"
	"sort"
	"strings"
)

// Score counts exact span matches per label.
type Score struct {
	Gold, Pred, Correct map[string]int
}

// NewScore is an empty score.
func NewScore() *Score {
	return &Score{Gold: map[string]int{}, Pred: map[string]int{}, Correct: map[string]int{}}
}

// Add compares one sentence's predicted spans with its gold spans: a
// prediction is correct when start, end and label all match.
func (s *Score) Add(gold, pred []Span) {
	key := func(sp Span) string { return fmt.Sprintf("%d:%d:%s", sp.Start, sp.End, sp.Label) }
	g := map[string]bool{}
	for _, sp := range gold {
		g[key(sp)] = true
		s.Gold[sp.Label]++
	}
	for _, sp := range pred {
		s.Pred[sp.Label]++
		if g[key(sp)] {
			s.Correct[sp.Label]++
		}
	}
}

// PRF is precision, recall and F1 of a label ("" for all labels).
func (s *Score) PRF(label string) (p, r, f float64) {
	sum := func(m map[string]int) int {
		if label != "" {
			return m[label]
		}
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	c, pr, g := float64(sum(s.Correct)), float64(sum(s.Pred)), float64(sum(s.Gold))
	if pr > 0 {
		p = c / pr
	}
	if g > 0 {
		r = c / g
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// String is one line per label with gold names, then all.
func (s *Score) String() string {
	var labels []string
	for l := range s.Gold {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var b strings.Builder
	for _, l := range append(labels, "") {
		p, r, f := s.PRF(l)
		name := l
		if l == "" {
			name = "all"
		}
		fmt.Fprintf(&b, "  %-8s P %.3f R %.3f F1 %.3f (gold %d)\n", name, p, r, f, s.sumGold(l))
	}
	return b.String()
}

func (s *Score) sumGold(l string) int {
	if l != "" {
		return s.Gold[l]
	}
	n := 0
	for _, v := range s.Gold {
		n += v
	}
	return n
}
