// Package ner is the statistical name layer: a character-level sequence
// labeller (averaged structured perceptron, Viterbi decoding) that proposes
// person, place, organisation and company names. Its features are the
// characters around a position, their kinds, the words gse cuts and their
// part-of-speech tags, and the project's lexicons (surnames, titles, name
// endings, places); the pattern recognisers of package extract confirm,
// extend or veto what it proposes.
//
// The model is trained from public NER data with `go run ./extract/ner/train`
// (deterministic; see README) and embedded in the binary as model.bin: a
// header and flat arrays of weights that are used where they lie in the
// embedded bytes, so loading costs nothing.
package ner

import (
	"fmt"
	"math"
)

// Labels the tagger knows.
const (
	PER     = "PER"
	LOC     = "LOC"
	ORG     = "ORG"
	COMPANY = "COMPANY"
)

// Labels lists them in tag order.
var Labels = []string{PER, LOC, ORG, COMPANY}

// Tags are O, then B- and I- of each label.
const numTags = 1 + 2*numLabels

const numLabels = 4 // len(Labels), as a constant for the decoder's arrays

func init() {
	if len(Labels) != numLabels {
		panic("ner: numLabels is not len(Labels)")
	}
}

func beginTag(label int) int  { return 1 + 2*label }
func insideTag(label int) int { return 2 + 2*label }

// labelOf is the label index of a B or I tag.
func labelOf(t int) int { return (t - 1) / 2 }

func isInside(t int) bool { return t > 0 && t%2 == 0 }

// Span is one name the tagger found: runes [Start, End) of the sentence.
type Span struct {
	Start, End int
	Label      string
	// Score is the mean margin per rune of the best tag over the best other
	// tag at each position: how sure the model is (larger is surer).
	Score float64
}

// weights are what decoding reads: per-feature-bucket scores of each tag
// and tag-to-tag transition scores.
type weights interface {
	// emit sets scores to each tag's score for the feature buckets of one
	// position.
	emit(feats []uint32, scores []float64)
	transition(a, b int) float64
}

// viterbi finds the best tag sequence for the feature buckets of each
// position (feats[i] lists position i's buckets).
func viterbi(w weights, feats [][]uint32, emit [][]float64, tags []int) []int {
	var l lattice
	return l.decode(w, feats, emit, tags)
}

// lattice is the decoder's working memory, kept by a Tagger between
// sentences.
type lattice struct {
	score []float64 // position × tag: the best score of a sequence ending so
	back  []int8    // position × tag: the tag before it on that sequence
}

func (l *lattice) decode(w weights, feats [][]uint32, emit [][]float64, tags []int) []int {
	n := len(feats)
	if n == 0 {
		return tags[:0]
	}
	const T = numTags
	if cap(l.score) < n*T {
		l.score = make([]float64, n*T)
		l.back = make([]int8, n*T)
	}
	score, back := l.score[:n*T], l.back[:n*T]
	for i := 0; i < n; i++ {
		w.emit(feats[i], emit[i])
	}
	for t := 0; t < T; t++ {
		if isInside(t) {
			score[t] = math.Inf(-1)
		} else {
			score[t] = emit[0][t]
		}
	}
	var into [T][T]float64 // into[b][a]: the score of tag a followed by b
	for a := 0; a < T; a++ {
		for b := 0; b < T; b++ {
			into[b][a] = w.transition(a, b)
		}
	}
	for i := 1; i < n; i++ {
		prev := (*[T]float64)(score[(i-1)*T : i*T])
		cur := (*[T]float64)(score[i*T : (i+1)*T])
		bk := (*[T]int8)(back[i*T : (i+1)*T])
		e := (*[T]float64)(emit[i])
		for b := 0; b < T; b++ {
			tr := &into[b]
			best, arg := math.Inf(-1), 0
			if isInside(b) { // I-X follows only B-X (b-1) or I-X
				if s := prev[b-1] + tr[b-1]; s > best {
					best, arg = s, b-1
				}
				if s := prev[b] + tr[b]; s > best {
					best, arg = s, b
				}
			} else {
				for a := 0; a < T; a++ {
					if s := prev[a] + tr[a]; s > best {
						best, arg = s, a
					}
				}
			}
			cur[b] = best + e[b]
			bk[b] = int8(arg)
		}
	}
	best, arg := math.Inf(-1), 0
	for t := 0; t < T; t++ {
		if s := score[(n-1)*T+t]; s > best {
			best, arg = s, t
		}
	}
	tags = append(tags[:0], make([]int, n)...)
	tags[n-1] = arg
	for i := n - 1; i > 0; i-- {
		tags[i-1] = int(back[i*T+tags[i]])
	}
	return tags
}

// spans turns tags into names; emit gives each span's confidence.
func spans(tags []int, emit [][]float64) []Span {
	var out []Span
	for i := 0; i < len(tags); {
		t := tags[i]
		if t == 0 || isInside(t) {
			i++
			continue
		}
		l := labelOf(t)
		j := i + 1
		for j < len(tags) && tags[j] == insideTag(l) {
			j++
		}
		var margin float64
		for k := i; k < j && emit != nil; k++ {
			margin += marginAt(emit[k], tags[k])
		}
		out = append(out, Span{Start: i, End: j, Label: Labels[l], Score: margin / float64(j-i)})
		i = j
	}
	return out
}

// SpansOfTags turns a tag per rune into spans (gold data).
func SpansOfTags(tags []int) []Span { return spans(tags, nil) }

func marginAt(e []float64, t int) float64 {
	other := math.Inf(-1)
	for k, v := range e {
		if k != t && v > other {
			other = v
		}
	}
	return e[t] - other
}

func (s Span) String() string { return fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End) }
