// Command gen compiles gse's embedded Simplified dictionary and the domain
// lexicon into the segmenter's dictionary file:
//
//	go generate ./extract/segment   (runs: go run ./gen dict.bin)
//
// Run it after changing a word list of extract/lexicon that the segmenter
// reads (titles, bodies, endings, known bodies and companies, places) or
// gse's version; TestCompiledDictIsCurrent fails until then.
package main

import (
	"fmt"
	"os"

	"newskg/extract/segment"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen OUT")
		os.Exit(2)
	}
	b, err := segment.CompileGse()
	if err == nil {
		err = os.WriteFile(os.Args[1], b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d bytes\n", os.Args[1], len(b))
}
