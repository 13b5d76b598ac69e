package ner

import (
	"math/rand"
)

// Example is one training sentence with its gold tags.
type Example struct {
	Sentence
	Gold []int // a tag per rune
}

// GoldTags turns labelled spans into a tag per rune (spans of labels the
// tagger does not know are O).
func GoldTags(n int, spans []Span) []int {
	tags := make([]int, n)
	for _, s := range spans {
		l := -1
		for k, name := range Labels {
			if name == s.Label {
				l = k
			}
		}
		if l < 0 || s.Start < 0 || s.End > n || s.Start >= s.End {
			continue
		}
		tags[s.Start] = beginTag(l)
		for i := s.Start + 1; i < s.End; i++ {
			tags[i] = insideTag(l)
		}
	}
	return tags
}

// trainer is an averaged structured perceptron over hashed features: the
// weights used for decoding are w; the averaged ones are w - u/c, where u
// accumulates each update times the step it was made at (the usual lazy
// averaging).
type trainer struct {
	buckets uint32
	w, u    []float64
	tw, tu  []float64 // transitions
	c       float64   // steps so far
}

func newTrainer(buckets uint32) *trainer {
	n := int(buckets) * numTags
	return &trainer{buckets: buckets, w: make([]float64, n), u: make([]float64, n),
		tw: make([]float64, numTags*numTags), tu: make([]float64, numTags*numTags), c: 1}
}

func (t *trainer) emit(feats []uint32, scores []float64) { emitFloat(t.w, t.buckets, feats, scores) }

func (t *trainer) transition(a, b int) float64 { return t.tw[a*numTags+b] }

func (t *trainer) update(feats []uint32, tag int, delta float64) {
	for _, h := range feats {
		i := int(h%t.buckets)*numTags + tag
		t.w[i] += delta
		t.u[i] += t.c * delta
	}
}

func (t *trainer) updateTrans(a, b int, delta float64) {
	t.tw[a*numTags+b] += delta
	t.tu[a*numTags+b] += t.c * delta
}

// step learns from one example: decode, and where the best sequence is
// not the gold one, move weight from the predicted to the gold tags.
func (t *trainer) step(feats [][]uint32, gold []int, emit [][]float64, pred []int) []int {
	pred = viterbi(t, feats, emit, pred)
	for i := range gold {
		if pred[i] != gold[i] {
			t.update(feats[i], gold[i], 1)
			t.update(feats[i], pred[i], -1)
		}
		if i > 0 && (pred[i] != gold[i] || pred[i-1] != gold[i-1]) {
			t.updateTrans(gold[i-1], gold[i], 1)
			t.updateTrans(pred[i-1], pred[i], -1)
		}
	}
	t.c++
	return pred
}

// averaged returns the averaged weights.
func (t *trainer) averaged() ([]float64, []float64) {
	w := make([]float64, len(t.w))
	for i := range w {
		w[i] = t.w[i] - t.u[i]/t.c
	}
	tr := make([]float64, len(t.tw))
	for i := range tr {
		tr[i] = t.tw[i] - t.tu[i]/t.c
	}
	return w, tr
}

// averagedWeights is a weights view of the averaged model, for evaluating
// between epochs.
type averagedWeights struct {
	buckets uint32
	w, tr   []float64
}

func (a averagedWeights) emit(feats []uint32, scores []float64) {
	emitFloat(a.w, a.buckets, feats, scores)
}

// emitFloat sums the rows of float weights w for the buckets of feats.
func emitFloat(w []float64, buckets uint32, feats []uint32, scores []float64) {
	for t := range scores {
		scores[t] = 0
	}
	for _, h := range feats {
		row := w[int(h%buckets)*numTags:][:numTags]
		for k, v := range row {
			scores[k] += v
		}
	}
}

func (a averagedWeights) transition(x, y int) float64 { return a.tr[x*numTags+y] }

// TrainOptions tune Train.
type TrainOptions struct {
	Buckets uint32 // feature buckets (a power of two is not needed)
	Epochs  int
	Seed    int64 // shuffles the examples of each epoch, reproducibly
	// Progress is called after each epoch with a decoder of the averaged
	// weights so far (to score a development set).
	Progress func(epoch int, decode func(Sentence) []Span)
}

// Train learns a model from the examples. The result depends only on the
// examples, their order and the options.
func Train(examples []Example, o TrainOptions) *Model {
	t := newTrainer(o.Buckets)
	feats := make([][][]uint32, len(examples))
	for i, ex := range examples {
		feats[i] = Features(ex.Sentence, nil)
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	var emit [][]float64
	var pred []int
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		rng := rand.New(rand.NewSource(o.Seed + int64(epoch)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			n := len(examples[k].Gold)
			for len(emit) < n {
				emit = append(emit, make([]float64, numTags))
			}
			pred = t.step(feats[k], examples[k].Gold, emit[:n], pred)
		}
		if o.Progress != nil {
			w, tr := t.averaged()
			aw := averagedWeights{o.Buckets, w, tr}
			o.Progress(epoch, func(s Sentence) []Span {
				f := Features(s, nil)
				e := make([][]float64, len(f))
				for i := range e {
					e[i] = make([]float64, numTags)
				}
				return spans(viterbi(aw, f, e, nil), e)
			})
		}
	}
	w, tr := t.averaged()
	return quantize(w, tr, o.Buckets)
}
