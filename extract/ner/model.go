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
	mask    uint32    // buckets - 1 when buckets is a power of two, else 0
	scale   float64   // weight = int8 × scale
	trans   []float64 // numTags × numTags
	w       []int8    // buckets × numTags
	bytes   []byte    // w's bytes, for reading eight weights at once
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
	m := &Model{buckets: hdr.Buckets, mask: maskOf(hdr.Buckets), scale: hdr.Scale, trans: trans, Lexicon: hdr.Lexicon, Info: string(info)}
	if need > 0 {
		m.w = unsafe.Slice((*int8)(unsafe.Pointer(&b[off])), need)
		m.bytes = b[off : off+need]
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
	buf.Write(m.bytes)
	return buf.Bytes()
}

// maskOf is n-1 when n is a power of two (h&mask is then h%n, without
// the division that was a tenth of tagging), else 0.
func maskOf(n uint32) uint32 {
	if n > 0 && n&(n-1) == 0 {
		return n - 1
	}
	return 0
}

// bucket is the weight row of feature hash h.
func (m *Model) bucket(h uint32) int {
	if m.mask != 0 {
		return int(h & m.mask)
	}
	return int(h % m.buckets)
}

// emit sums the int8 rows in integers and scales once. The first eight
// weights of a row are summed as one 64-bit word: each byte biased to
// 0…255 (xor 0x80) and spread over four 16-bit lanes for the even bytes
// and four for the odd ones, so a feature costs one load and four
// operations instead of eight loads and adds through memory (what tagging
// spent most of its time on). A lane holds up to 257 features' bytes; the
// bias is taken off at the end.
func (m *Model) emit(feats []uint32, scores []float64) {
	// eight weights in a word and one on its own: exactly nine tags
	var _ [numTags - 9]struct{}
	var _ [9 - numTags]struct{}
	const (
		bias  = 0x8080808080808080
		lanes = 0x00FF00FF00FF00FF
		flush = 256 // features per lane sum, below its 16-bit limit
	)
	var acc [numTags]int32
	wb := m.bytes
	for len(feats) > 0 {
		chunk := feats[:min(len(feats), flush)]
		feats = feats[len(chunk):]
		var even, odd uint64
		var last int32
		for _, h := range chunk {
			off := m.bucket(h) * numTags
			row := wb[off : off+numTags]
			x := binary.LittleEndian.Uint64(row) ^ bias
			even += x & lanes
			odd += x >> 8 & lanes
			last += int32(int8(row[8]))
		}
		k := int32(len(chunk)) * 0x80
		for lane := 0; lane < 4; lane++ {
			acc[2*lane] += int32(even>>(16*lane)&0xFFFF) - k
			acc[2*lane+1] += int32(odd>>(16*lane)&0xFFFF) - k
		}
		acc[8] += last
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
	lat   lattice
	fz    featurizer
	feats [][]uint32
	emit  [][]float64
	tags  []int
}

// NewTagger makes a tagger of the model.
func (m *Model) NewTagger() *Tagger { return &Tagger{m: m} }

// Tag returns the names in the sentence.
func (t *Tagger) Tag(s Sentence) []Span {
	t.feats = t.fz.features(s, t.feats)
	n := len(t.feats)
	for len(t.emit) < n {
		t.emit = append(t.emit, make([]float64, numTags))
	}
	t.tags = t.lat.decode(t.m, t.feats, t.emit[:n], t.tags)
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
	return &Model{buckets: buckets, mask: maskOf(buckets), scale: scale, trans: append([]float64(nil), trans...), w: q,
		bytes: unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(q))), len(q))}
}
