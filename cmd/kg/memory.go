package main

import (
	"os"
	"runtime/debug"

	"newskg/extract"
)

// Soft limits on the Go heap, unless GOMEMLIMIT sets one. The compiled
// dictionary and the name model are embedded bytes, outside the heap; what
// lives on it is the batch being written (up to pipeline.BulkRows rows on
// the bulk path, about 100 MB). Left to Go's default pacing the heap grows
// to twice the live heap before a collection, and the embedded store's own
// memory (outside the Go heap) comes on top: the limits make the
// collector run earlier instead. They are soft: a huge article still gets
// the memory it needs, at some cost in collection time (a live heap near
// the limit makes the collector run all the time: 400,000-row bulk batches
// halved extraction speed at 100 MB).
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
