package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// The name of a file in the graph, however the path reaches it.
func TestSourceIn(t *testing.T) {
	for _, c := range []struct{ wd, path, want string }{
		{"/w", "seeds/a.txt", "seeds/a.txt"},
		{"/w", "./seeds/a.txt", "seeds/a.txt"},
		{"/w", "/w/seeds/a.txt", "seeds/a.txt"},
		{"/w", "seeds//x/../a.txt", "seeds/a.txt"},
		{"/w", "/data/a.txt", "/data/a.txt"},
		{"/w/sub", "../a.txt", "/w/a.txt"},
		{"/w", "..", "/"},
		{"/w", "..a/b.txt", "..a/b.txt"},
		{"", "seeds/./a.txt", "seeds/a.txt"},
		{"", "/data//a.txt", "/data/a.txt"},
	} {
		if got := sourceIn(c.wd, c.path); got != c.want {
			t.Errorf("sourceIn(%q, %q) = %q, want %q", c.wd, c.path, got, c.want)
		}
	}
	wd, _ := os.Getwd()
	if got := SourceOf(filepath.Join(wd, "x", "a.txt")); got != "x/a.txt" {
		t.Errorf("SourceOf of a path under the working directory: %q", got)
	}
}
