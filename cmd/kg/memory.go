package main

import (
	"os"
	"runtime/debug"

	"newskg/extract"
)

// Soft limits on the Go heap, unless GOMEMLIMIT sets one. The dictionaries
// are ~140 MB of live heap. Left to Go's default pacing the heap grows to
// twice the live heap before a collection, and the embedded store's own
// memory (outside the Go heap) comes on top: the limits make the
// collector run earlier instead. They are soft: a huge article still gets
// the memory it needs, at some cost in collection time.
const (
	// loadLimit holds while the dictionaries load: loading makes as much
	// garbage as it keeps, and collecting it early costs nothing measurable.
	loadLimit = 200 << 20
	// processLimit holds the rest of the run.
	processLimit = 300 << 20
)

// userSetLimit: GOMEMLIMIT in the environment wins over ours.
var userSetLimit = os.Getenv("GOMEMLIMIT") != ""

func setMemoryLimit(n int64) {
	if !userSetLimit {
		debug.SetMemoryLimit(n)
	}
}

// recognizers is --recognizer of the command that runs (all or patterns).
var recognizers = extract.RecognizeAll

// loadExtractor builds the extractor (dictionaries, segmenter, converter,
// name tagger) under the load-time memory limit.
func loadExtractor() (*extract.Extractor, error) {
	setMemoryLimit(loadLimit)
	defer setMemoryLimit(processLimit)
	return extract.NewWith(recognizers)
}
