package textnorm

import (
	"errors"
	"testing"
	"unicode/utf8"

	"newskg/internal/fuzzseed"
)

// FuzzNormalize: arbitrary bytes never panic; what comes out is valid
// UTF-8, and a failure is always an input error.
func FuzzNormalize(f *testing.F) {
	// the seeds in chunks of a few lines: see fuzzseed for why not whole
	chunks, err := fuzzseed.Chunks("../../seeds/*.txt", 1024)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range chunks {
		f.Add(c)
	}
	f.Add([]byte("競爭激烈?!睙o錫高新區(qū)"))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xE5})
	f.Add([]byte{0xFF, 0xFE, 0x00})
	n := normalizer(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := n.Normalize(raw, Options{})
		if err != nil {
			if !errors.Is(err, ErrInput) {
				t.Fatalf("non-input error %v", err)
			}
			return
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Original) || !utf8.ValidString(a.Title) {
			t.Fatal("invalid UTF-8 out")
		}
		for _, r := range a.Repairs {
			if !utf8.ValidString(r.Removed) || !utf8.ValidString(r.Inserted) {
				t.Fatal("invalid UTF-8 in a repair")
			}
		}
	})
}
