package segment

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// compiled is the dictionary go generate writes (gen/main.go): gse's
// embedded Simplified dictionary with the domain lexicon added, as a trie
// over runes laid out flat.
//
//go:generate go run ./gen dict.bin
//go:embed dict.bin
var compiled []byte

// The file: magic, a header, the part-of-speech tags, a direct index of
// the root's children for the common CJK block, then the nodes. Every
// number is little-endian; nothing is decoded at load but the tags.
//
//	magic    "KGDICT01"
//	header   nodes u32, tagsLen u32, blockLo u32, blockHi u32
//	tags     tagsLen bytes: the tags joined by NUL (index 0 is "")
//	block    (blockHi-blockLo+1) u32: root child node of each rune, 0 none
//	nodes    16 bytes each, breadth first, a node's children contiguous
//	         and sorted by rune:
//	         rune u32, first child u32, children u16, flags u8, tag u8,
//	         distance f32 (gse's path cost of the word ending here)
const (
	magic      = "KGDICT01"
	headerLen  = 8 + 16
	nodeLen    = 16
	blockLo    = 0x4E00
	blockHi    = 0x9FFF
	pseudoDist = 32 // gse's cost of a character no word covers
)

// node flags
const (
	flagWord = 1 << iota // a word ends here
	flagFreq             // and its frequency is above zero
)

// dict is a view of the compiled bytes.
type dict struct {
	nodes []byte
	block []byte
	tags  []string
}

func viewDict(b []byte) (dict, error) {
	if len(b) < headerLen || string(b[:8]) != magic {
		return dict{}, errors.New("not a compiled dictionary")
	}
	n := int(binary.LittleEndian.Uint32(b[8:]))
	tagsLen := int(binary.LittleEndian.Uint32(b[12:]))
	lo, hi := binary.LittleEndian.Uint32(b[16:]), binary.LittleEndian.Uint32(b[20:])
	if lo != blockLo || hi != blockHi {
		return dict{}, errors.New("compiled dictionary of another layout")
	}
	blockBytes := int(hi-lo+1) * 4
	if len(b) != headerLen+tagsLen+blockBytes+n*nodeLen {
		return dict{}, fmt.Errorf("compiled dictionary of %d bytes, its header says %d", len(b), headerLen+tagsLen+blockBytes+n*nodeLen)
	}
	off := headerLen
	d := dict{tags: strings.Split(string(b[off:off+tagsLen]), "\x00")}
	off += tagsLen
	d.block = b[off : off+blockBytes]
	off += blockBytes
	d.nodes = b[off:]
	return d, nil
}

func (d dict) runeOf(n int) rune  { return rune(binary.LittleEndian.Uint32(d.nodes[n*nodeLen:])) }
func (d dict) first(n int) int    { return int(binary.LittleEndian.Uint32(d.nodes[n*nodeLen+4:])) }
func (d dict) children(n int) int { return int(binary.LittleEndian.Uint16(d.nodes[n*nodeLen+8:])) }
func (d dict) flags(n int) byte   { return d.nodes[n*nodeLen+10] }
func (d dict) pos(n int) string   { return d.tags[d.nodes[n*nodeLen+11]] }
func (d dict) dist(n int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(d.nodes[n*nodeLen+12:]))
}
func (d dict) empty() bool        { return len(d.nodes) == 0 }
func (d dict) blockAt(r rune) int { return int(binary.LittleEndian.Uint32(d.block[(r-blockLo)*4:])) }
func inBlock(r rune) bool         { return r >= blockLo && r <= blockHi }

// child is node n's child by rune r.
func (d dict) child(n int, r rune) (int, bool) {
	if n == 0 && inBlock(r) {
		c := d.blockAt(r)
		return c, c != 0
	}
	lo, hi := d.first(n), d.first(n)+d.children(n)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.runeOf(m) < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < d.first(n)+d.children(n) && d.runeOf(lo) == r {
		return lo, true
	}
	return 0, false
}

// find walks the runes of w from the root.
func (d dict) find(w string) (int, bool) {
	if w == "" || d.empty() {
		return 0, false
	}
	n := 0
	for _, r := range w {
		c, ok := d.child(n, r)
		if !ok {
			return 0, false
		}
		n = c
	}
	return n, true
}

// jumper is gse's record of the cheapest path to a rune: its cost, and the
// word that ends there (its length in runes and its node, -1 for a
// character no word covers).
type jumper struct {
	min  float32
	len  int32
	node int32
}

// cutBuf holds a cut's per-rune arrays between calls.
type cutBuf struct {
	runes []rune
	offs  []int
	jump  []jumper
}

var cutBufs = sync.Pool{New: func() any { return new(cutBuf) }}

// cut is gse's Segment of one Han run, step for step (segmenter.go,
// segmentWords without search mode): every word starting at a rune
// updates the path cost where it ends, a rune no one-rune word covers gets
// a pseudo word of cost 32, an unset cost is zero, and ties keep the
// first. The words are appended to words as slices of run.
func (d dict) cut(run string, words, tags []string) ([]string, []string) {
	b := cutBufs.Get().(*cutBuf)
	defer cutBufs.Put(b)
	b.runes, b.offs = b.runes[:0], b.offs[:0]
	for i, r := range run {
		b.runes = append(b.runes, r)
		b.offs = append(b.offs, i)
	}
	b.offs = append(b.offs, len(run))
	n := len(b.runes)
	if n == 0 {
		return words, tags
	}
	if cap(b.jump) < n {
		b.jump = make([]jumper, n)
	}
	jump := b.jump[:n]
	clear(jump)
	update := func(j *jumper, base, dist float32, length, node int) {
		if nd := base + dist; j.min == 0 || j.min > nd {
			j.min, j.len, j.node = nd, int32(length), int32(node)
		}
	}
	for cur := 0; cur < n; cur++ {
		var base float32
		if cur > 0 {
			base = jump[cur-1].min
		}
		found, firstLen, node := 0, 0, 0
		for k := cur; k < n; k++ {
			c, ok := d.child(node, b.runes[k])
			if !ok {
				break
			}
			node = c
			if d.flags(node)&flagWord != 0 {
				if found == 0 {
					firstLen = k - cur + 1
				}
				found++
				update(&jump[k], base, d.dist(node), k-cur+1, node)
			}
		}
		if found == 0 || firstLen > 1 {
			update(&jump[cur], base, pseudoDist, 1, -1)
		}
	}
	// back from the end: the words in reverse, then in order
	start := len(words)
	for i := n - 1; i >= 0; {
		j := jump[i]
		loc := i - int(j.len) + 1
		words = append(words, run[b.offs[loc]:b.offs[i+1]])
		tag := "x"
		if j.node >= 0 {
			tag = d.pos(int(j.node))
		}
		tags = append(tags, tag)
		i = loc - 1
	}
	for l, r := start, len(words)-1; l < r; l, r = l+1, r-1 {
		words[l], words[r] = words[r], words[l]
		tags[l], tags[r] = tags[r], tags[l]
	}
	return words, tags
}

// Word is one dictionary entry for compiling.
type Word struct {
	Text string
	// Dist is gse's path cost: log2(total frequency) - log2(frequency),
	// in float32 as gse computes it.
	Dist float32
	Pos  string
	// Freq reports a frequency above zero.
	Freq bool
}

// Compile lays the words out as a compiled dictionary.
func Compile(words []Word) ([]byte, error) {
	type tnode struct {
		kids map[rune]*tnode
		w    *Word
	}
	root := &tnode{}
	tagIndex := map[string]int{"": 0}
	tags := []string{""}
	for i := range words {
		w := &words[i]
		if !utf8.ValidString(w.Text) || w.Text == "" {
			return nil, fmt.Errorf("word %q: not valid text", w.Text)
		}
		if strings.ContainsRune(w.Pos, 0) {
			return nil, fmt.Errorf("word %q: tag with NUL", w.Text)
		}
		if _, ok := tagIndex[w.Pos]; !ok {
			tagIndex[w.Pos] = len(tags)
			tags = append(tags, w.Pos)
		}
		n := root
		for _, r := range w.Text {
			if n.kids == nil {
				n.kids = map[rune]*tnode{}
			}
			c := n.kids[r]
			if c == nil {
				c = &tnode{}
				n.kids[r] = c
			}
			n = c
		}
		if n.w != nil {
			return nil, fmt.Errorf("word %q twice", w.Text)
		}
		n.w = w
	}
	if len(tags) > 256 {
		return nil, fmt.Errorf("%d tags, the format holds 256", len(tags))
	}
	// breadth first: each node's children get consecutive indexes
	order := []*tnode{root}
	runeOf := []rune{0}
	first := make([]int, 0, 1<<20)
	count := make([]int, 0, 1<<20)
	for i := 0; i < len(order); i++ {
		n := order[i]
		keys := make([]rune, 0, len(n.kids))
		for r := range n.kids {
			keys = append(keys, r)
		}
		sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
		if len(keys) > math.MaxUint16 {
			return nil, fmt.Errorf("a node with %d children", len(keys))
		}
		first = append(first, len(order))
		count = append(count, len(keys))
		for _, r := range keys {
			order = append(order, n.kids[r])
			runeOf = append(runeOf, r)
		}
	}
	tagBytes := strings.Join(tags, "\x00")
	blockBytes := (blockHi - blockLo + 1) * 4
	out := make([]byte, headerLen+len(tagBytes)+blockBytes+len(order)*nodeLen)
	copy(out, magic)
	binary.LittleEndian.PutUint32(out[8:], uint32(len(order)))
	binary.LittleEndian.PutUint32(out[12:], uint32(len(tagBytes)))
	binary.LittleEndian.PutUint32(out[16:], blockLo)
	binary.LittleEndian.PutUint32(out[20:], blockHi)
	off := headerLen
	copy(out[off:], tagBytes)
	off += len(tagBytes)
	block := out[off : off+blockBytes]
	off += blockBytes
	for k := first[0]; k < first[0]+count[0]; k++ {
		if r := runeOf[k]; inBlock(r) {
			binary.LittleEndian.PutUint32(block[(r-blockLo)*4:], uint32(k))
		}
	}
	for i, n := range order {
		rec := out[off+i*nodeLen:]
		binary.LittleEndian.PutUint32(rec, uint32(runeOf[i]))
		binary.LittleEndian.PutUint32(rec[4:], uint32(first[i]))
		binary.LittleEndian.PutUint16(rec[8:], uint16(count[i]))
		if n.w != nil {
			f := byte(flagWord)
			if n.w.Freq {
				f |= flagFreq
			}
			rec[10] = f
			rec[11] = byte(tagIndex[n.w.Pos])
			binary.LittleEndian.PutUint32(rec[12:], math.Float32bits(n.w.Dist))
		}
	}
	return out, nil
}
