package extract

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"newskg/extract/textnorm"
)

var loadExtractor = sync.OnceValues(New)

// testExtractor loads the dictionaries once for all tests of the package.
func testExtractor(t testing.TB) *Extractor {
	x, err := loadExtractor()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// extractText runs the whole extractor over one text.
func extractText(t testing.TB, text string) *Result {
	x := testExtractor(t)
	res, _, err := x.Extract("test.txt", []byte(text), textnorm.Options{})
	if err != nil {
		t.Fatalf("extract %q: %v", text, err)
	}
	return res
}

func seedFiles(t testing.TB) []string {
	files, err := filepath.Glob("../seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no seeds in ../seeds")
	}
	return files
}

func readFile(t testing.TB, f string) []byte {
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hasEntity(r *Result, typ, name string) bool {
	for _, e := range r.Entities {
		if e.Type != typ {
			continue
		}
		if e.Name == name {
			return true
		}
		for _, a := range e.Aliases {
			if a == name {
				return true
			}
		}
	}
	return false
}

func entity(r *Result, typ, name string) *Entity {
	for i, e := range r.Entities {
		if e.Type == typ && e.Name == name {
			return &r.Entities[i]
		}
	}
	return nil
}

func hasPosition(r *Result, person, title, org string) bool {
	for _, rel := range r.Relations {
		if rel.Type == RelHoldsPosition && rel.From.Name == person && rel.Props["title"] == title && rel.To.Name == org {
			return true
		}
	}
	return false
}
