package ner_test

import (
	"sync"
	"testing"

	"newskg/extract/ner"
	"newskg/extract/segment"
)

var loadSegmenter = sync.OnceValues(segment.New)

// withWords is the tagger's view of text as kg builds it: gse's words and
// their tags.
func withWords(t *testing.T, text string) ner.Sentence {
	seg, err := loadSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	s := ner.Sentence{Runes: []rune(text)}
	for _, tk := range seg.Cut(text) {
		s.Words = append(s.Words, ner.Word{Start: tk.Start, End: tk.End, POS: tk.POS})
	}
	return s
}

// The embedded model loads and reads plain news sentences it was not
// trained on: the names of the examples are found.
func TestEmbeddedModelFindsNames(t *testing.T) {
	m, err := ner.Embedded()
	if err != nil || m == nil {
		t.Fatalf("embedded model: %v", err)
	}
	for _, c := range []struct{ text, name, label string }{
		{"国家主席习近平向大会致贺信。", "习近平", ner.PER},
		{"记者何洪泽报道，江苏省工业和信息化厅发布通知。", "何洪泽", ner.PER},
		{"美国总统克林顿昨天抵达北京。", "克林顿", ner.PER},
		{"美国总统克林顿昨天抵达北京。", "北京", ner.LOC},
	} {
		s := withWords(t, c.text)
		spans := m.NewTagger().Tag(s)
		found := false
		for _, sp := range spans {
			if sp.Label == c.label && string(s.Runes[sp.Start:sp.End]) == c.name {
				found = true
			}
		}
		if !found {
			t.Errorf("%s %s not found in %q: %v", c.label, c.name, c.text, spans)
		}
	}
}
