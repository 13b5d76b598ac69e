// Package fuzzseed turns sample articles into a fuzz seed corpus.
//
// Whole articles make poor seeds: Go's fuzzer minimises every input that
// finds new coverage, and minimising a 14 KB article takes the whole
// minimisation budget (60 s by default), so a short CI run spends its time
// shrinking seeds instead of fuzzing. Chunks of a few lines keep the
// multi-line shapes (titles, blank lines, wrapped names) at a size the fuzzer
// can mutate and minimise quickly.
package fuzzseed

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// Chunks reads the files matching pattern and cuts each at line ends into
// pieces of at most maxBytes (a single longer line stays whole). Every byte of
// every file is in exactly one chunk, in order.
func Chunks(pattern string, maxBytes int) ([][]byte, error) {
	files, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("fuzzseed: no file matches %s", pattern)
	}
	var out [][]byte
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, Split(b, maxBytes)...)
	}
	return out, nil
}

// Split cuts b at line ends into pieces of at most maxBytes; a line longer
// than maxBytes is a piece of its own.
func Split(b []byte, maxBytes int) [][]byte {
	var out [][]byte
	start := 0
	for start < len(b) {
		end := start
		for end < len(b) {
			next := bytes.IndexByte(b[end:], '\n')
			lineEnd := len(b)
			if next >= 0 {
				lineEnd = end + next + 1
			}
			if lineEnd-start > maxBytes && end > start {
				break
			}
			end = lineEnd
		}
		out = append(out, b[start:end])
		start = end
	}
	return out
}
