package ner

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// Model is a trained tagger. Its weights are a flat array indexed by
// feature bucket and tag, one signed byte each, used where they lie (the
// embedded model is never copied or decoded).
type Model struct {
	buckets uint32
	scale   float64   // weight = int8 × scale
	trans   []float64 // numTags × numTags
	w       []int8    // buckets × numTags
	// Lexicon is the fingerprint of the lexicon the model was trained
	// with (its features read the lists).
	Lexicon [16]byte
	// Info is what the training command recorded: data, epochs, scores.
	Info string
}

const magic = "KGNER02\x00"

//go:embed model.bin
var embedded []byte

type header struct {
	Tags, Buckets, Features uint32
	Scale                   float64
	Lexicon                 [16]byte
	InfoLen                 uint32
}

// Embedded is the model shipped with kg; nil when the binary was built
// without one (then the tagger is off and the patterns work alone).
func Embedded() (*Model, error) {
	if len(embedded) == 0 {
		return nil, nil
	}
	return Load(embedded)
}

// Load reads a model from its bytes, keeping a view of them.
func Load(b []byte) (*Model, error) {
	if len(b) < 64 || string(b[:8]) != magic {
		return nil, errors.New("ner: not a model file")
	}
	r := bytes.NewReader(b[8:])
	var hdr header
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("ner: header: %w", err)
	}
	if hdr.Features != FeatureVersion {
		return nil, fmt.Errorf("ner: the model was trained for features version %d, this kg computes version %d: retrain it (go run ./extract/ner/train)", hdr.Features, FeatureVersion)
	}
	if int(hdr.Tags) != numTags {
		return nil, fmt.Errorf("ner: model has %d tags, this kg %d", hdr.Tags, numTags)
	}
	info := make([]byte, hdr.InfoLen)
	if _, err := r.Read(info); err != nil && hdr.InfoLen > 0 {
		return nil, fmt.Errorf("ner: header: %w", err)
	}
	trans := make([]float64, numTags*numTags)
	if err := binary.Read(r, binary.LittleEndian, trans); err != nil {
		return nil, fmt.Errorf("ner: transitions: %w", err)
	}
	off := len(b) - r.Len()
	need := int(hdr.Buckets) * numTags
	if len(b)-off != need {
		return nil, fmt.Errorf("ner: %d weight bytes, want %d", len(b)-off, need)
	}
	m := &Model{buckets: hdr.Buckets, scale: hdr.Scale, trans: trans, Lexicon: hdr.Lexicon, Info: string(info)}
	if need > 0 {
		m.w = unsafe.Slice((*int8)(unsafe.Pointer(&b[off])), need)
	}
	return m, nil
}

// Bytes is the model as a file.
func (m *Model) Bytes() []byte {
	var buf bytes.Buffer
	buf.WriteString(magic)
	binary.Write(&buf, binary.LittleEndian, header{uint32(numTags), m.buckets, FeatureVersion, m.scale, m.Lexicon, uint32(len(m.Info))})
	buf.WriteString(m.Info)
	binary.Write(&buf, binary.LittleEndian, m.trans)
	w := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(m.w))), len(m.w))
	buf.Write(w)
	return buf.Bytes()
}

// emit sums the int8 rows in integers and scales once.
func (m *Model) emit(feats []uint32, scores []float64) {
	var acc [16]int32
	for _, h := range feats {
		row := m.w[int(h%m.buckets)*numTags:][:numTags]
		for t, v := range row {
			acc[t] += int32(v)
		}
	}
	for t := range scores {
		scores[t] = float64(acc[t]) * m.scale
	}
}

func (m *Model) transition(a, b int) float64 { return m.trans[a*numTags+b] }

// Size is the model's size in bytes.
func (m *Model) Size() int { return len(m.w) + 8*len(m.trans) }

// Tagger tags sentences with a model; it holds buffers, so each goroutine
// uses its own (a Tagger is cheap: make one per document).
type Tagger struct {
	m     *Model
	feats [][]uint32
	emit  [][]float64
	tags  []int
}

// NewTagger makes a tagger of the model.
func (m *Model) NewTagger() *Tagger { return &Tagger{m: m} }

// Tag returns the names in the sentence.
func (t *Tagger) Tag(s Sentence) []Span {
	t.feats = Features(s, t.feats)
	n := len(t.feats)
	for len(t.emit) < n {
		t.emit = append(t.emit, make([]float64, numTags))
	}
	t.tags = viterbi(t.m, t.feats, t.emit[:n], t.tags)
	return spans(t.tags, t.emit[:n])
}

// quantize turns float weights into the model's bytes: the largest
// magnitude maps to 127.
func quantize(w []float64, trans []float64, buckets uint32) *Model {
	maxAbs := 0.0
	for _, v := range w {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	scale := maxAbs / 127
	if scale == 0 {
		scale = 1
	}
	q := make([]int8, len(w))
	for i, v := range w {
		q[i] = int8(math.Round(v / scale))
	}
	return &Model{buckets: buckets, scale: scale, trans: append([]float64(nil), trans...), w: q}
}
