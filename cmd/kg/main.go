package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"newskg/extract"
	"newskg/extract/textnorm"
)

func main() {
	x, err := extract.New()
	if err != nil {
		panic(err)
	}
	for _, f := range os.Args[1:] {
		b, _ := os.ReadFile(f)
		r, _, err := x.Extract(filepath.Base(f), b, textnorm.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			continue
		}
		j, _ := json.Marshal(r)
		fmt.Println(string(j))
	}
}
