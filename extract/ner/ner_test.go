package ner

import (
	"bytes"
	"math"
	"math/rand"
	"reflect"
	"testing"
)

// sentence makes a Sentence of s with one word per rune (the tests need no
// segmenter).
func sentence(s string) Sentence {
	rs := []rune(s)
	out := Sentence{Runes: rs}
	for i := range rs {
		out.Words = append(out.Words, Word{Start: i, End: i + 1})
	}
	return out
}

func TestGoldTagsAndSpansRoundTrip(t *testing.T) {
	gold := []Span{{Start: 0, End: 3, Label: PER}, {Start: 5, End: 9, Label: ORG}, {Start: 9, End: 10, Label: LOC}}
	tags := GoldTags(12, gold)
	if got := SpansOfTags(tags); !reflect.DeepEqual(got, gold) {
		t.Errorf("spans of gold tags = %v, want %v", got, gold)
	}
	// a label the tagger does not know, or a span out of range, is O
	if tags := GoldTags(4, []Span{{Start: 0, End: 2, Label: "TITLE"}, {Start: 2, End: 9, Label: PER}}); !reflect.DeepEqual(tags, make([]int, 4)) {
		t.Errorf("unknown or out-of-range spans tagged: %v", tags)
	}
}

// fixedWeights score each position's tags from a table, by position (the
// feature list is the position's index).
type fixedWeights struct {
	emits [][]float64
	trans func(a, b int) float64
}

func (w fixedWeights) emit(feats []uint32, scores []float64) { copy(scores, w.emits[feats[0]]) }
func (w fixedWeights) transition(a, b int) float64           { return w.trans(a, b) }

func TestViterbiNeverStartsANameInside(t *testing.T) {
	ip, bp := insideTag(0), beginTag(0) // I-PER, B-PER
	row := func(best int) []float64 {
		r := make([]float64, numTags)
		r[best] = 5
		return r
	}
	// position 0 prefers I-PER (impossible at the start), position 2 prefers
	// I-PER right after O (impossible too): the decoder must find the best
	// legal sequence instead.
	w := fixedWeights{
		emits: [][]float64{row(ip), row(0), row(ip)},
		trans: func(a, b int) float64 { return 0 },
	}
	w.emits[0][bp] = 4
	w.emits[2][bp] = 1
	feats := [][]uint32{{0}, {1}, {2}}
	emit := make([][]float64, 3)
	for i := range emit {
		emit[i] = make([]float64, numTags)
	}
	tags := viterbi(w, feats, emit, nil)
	for i, tg := range tags {
		if isInside(tg) && (i == 0 || labelOf(tags[i-1]) != labelOf(tg) || tags[i-1] == 0) {
			t.Fatalf("illegal tag sequence %v", tags)
		}
	}
	if want := []int{bp, 0, bp}; !reflect.DeepEqual(tags, want) {
		t.Errorf("tags %v, want %v", tags, want)
	}
}

func TestFeaturesAreDeterministicAndContextual(t *testing.T) {
	a := Features(sentence("国家主席习近平致贺信"), nil)
	b := Features(sentence("国家主席习近平致贺信"), nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same sentence gave two feature sets")
	}
	// 习 in two contexts shares its character features but not all
	c := Features(sentence("学习"), nil)
	shared, differ := 0, 0
	in := map[uint32]bool{}
	for _, h := range c[1] {
		in[h] = true
	}
	for _, h := range a[4] {
		if in[h] {
			shared++
		} else {
			differ++
		}
	}
	if shared == 0 || differ == 0 {
		t.Errorf("习 in two contexts: %d features shared, %d differ; want some of each", shared, differ)
	}
	if got := Features(Sentence{}, nil); len(got) != 0 {
		t.Errorf("features of an empty sentence: %v", got)
	}
}

// A tiny training set is learnt: the perceptron finds the names of its own
// training sentences again, and the quantised model survives its file.
func TestTrainLearnsAndTheModelRoundTrips(t *testing.T) {
	var examples []Example
	for _, s := range []struct {
		text  string
		spans []Span
	}{
		{"王明在北京工作", []Span{{Start: 0, End: 2, Label: PER}, {Start: 3, End: 5, Label: LOC}}},
		{"李华在上海工作", []Span{{Start: 0, End: 2, Label: PER}, {Start: 3, End: 5, Label: LOC}}},
		{"张伟加入华为公司", []Span{{Start: 0, End: 2, Label: PER}, {Start: 4, End: 8, Label: COMPANY}}},
		{"刘洋加入联想公司", []Span{{Start: 0, End: 2, Label: PER}, {Start: 4, End: 8, Label: COMPANY}}},
	} {
		rs := []rune(s.text)
		examples = append(examples, Example{Sentence: sentence(s.text), Gold: GoldTags(len(rs), s.spans)})
	}
	m := Train(examples, TrainOptions{Buckets: 1 << 12, Epochs: 10, Seed: 1})
	again := Train(examples, TrainOptions{Buckets: 1 << 12, Epochs: 10, Seed: 1})
	if !bytes.Equal(m.Bytes(), again.Bytes()) {
		t.Error("training twice on the same data gave two models")
	}
	loaded, err := Load(m.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	tg := loaded.NewTagger()
	for _, ex := range examples {
		want := SpansOfTags(ex.Gold)
		got := tg.Tag(ex.Sentence)
		for i := range got {
			got[i].Score = 0
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: tagged %v, want %v", string(ex.Runes), got, want)
		}
	}
	for _, bad := range [][]byte{nil, []byte("not a model at all, but long enough to have a header of sixty-four bytes")} {
		if _, err := Load(bad); err == nil {
			t.Errorf("Load(%q) accepted", bad)
		}
	}
	// a model of another feature version is refused
	b := m.Bytes()
	b[8+8] = FeatureVersion + 1 // header: Tags, Buckets, then Features
	if _, err := Load(b); err == nil {
		t.Error("a model of another feature version was accepted")
	}
}

func TestQuantizeKeepsTheLargestWeight(t *testing.T) {
	w := []float64{0.5, -2, 1, 0}
	m := quantize(append(w, make([]float64, numTags-len(w))...), make([]float64, numTags*numTags), 1)
	if m.w[1] != -127 || m.w[3] != 0 {
		t.Errorf("quantised %v", m.w[:4])
	}
	if got := float64(m.w[0]) * m.scale; math.Abs(got-0.5) > m.scale {
		t.Errorf("0.5 comes back as %f", got)
	}
}

func BenchmarkTag(b *testing.B) {
	m, err := Embedded()
	if err != nil || m == nil {
		b.Skip("no embedded model")
	}
	s := sentence("无锡高新区党工委书记崔荣国在会上表示，将推动苏州汇川技术有限公司在锡山投资建设新基地。")
	tg := m.NewTagger()
	b.SetBytes(int64(len(string(s.Runes))))
	for b.Loop() {
		tg.Tag(s)
	}
}

// TestEmitSumsTheRows holds the word-at-a-time sum to the plain one: the
// embedded model's rows for random features, few and many (past a lane's
// flush), and a model with a bucket count that is no power of two.
func TestEmitSumsTheRows(t *testing.T) {
	m, err := Embedded()
	if err != nil || m == nil {
		t.Skip("no embedded model")
	}
	odd := quantize(make([]float64, 1000*numTags), make([]float64, numTags*numTags), 1000)
	for i := range odd.w {
		odd.w[i] = int8(i*37%255 - 127)
	}
	rng := rand.New(rand.NewSource(1))
	for _, model := range []*Model{m, odd} {
		for _, n := range []int{0, 1, 25, 256, 257, 700} {
			feats := make([]uint32, n)
			for i := range feats {
				feats[i] = rng.Uint32()
			}
			if n > 0 {
				feats[0] = ^uint32(0) // the last bucket
			}
			var want [numTags]int32
			for _, h := range feats {
				for k := 0; k < numTags; k++ {
					want[k] += int32(model.w[int(h%model.buckets)*numTags+k])
				}
			}
			got := make([]float64, numTags)
			model.emit(feats, got)
			for k := range got {
				if got[k] != float64(want[k])*model.scale {
					t.Fatalf("buckets %d, %d features: tag %d scores %v, want %v", model.buckets, n, k, got[k], float64(want[k])*model.scale)
				}
			}
		}
	}
}
