package fuzzseed

import (
	"bytes"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	long := strings.Repeat("长", 40) + "\n"
	for _, c := range []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"empty", "", 10, nil},
		{"fits", "a\nb\n", 10, []string{"a\nb\n"}},
		{"cut at lines", "ab\ncd\nef\n", 6, []string{"ab\ncd\n", "ef\n"}},
		{"no final newline", "ab\ncd", 3, []string{"ab\n", "cd"}},
		{"long line alone", "a\n" + long + "b\n", 20, []string{"a\n", long, "b\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Split([]byte(c.in), c.max)
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for i := range got {
				if string(got[i]) != c.want[i] {
					t.Fatalf("piece %d: got %q, want %q", i, got[i], c.want[i])
				}
			}
			if !bytes.Equal(bytes.Join(got, nil), []byte(c.in)) {
				t.Fatal("pieces do not add up to the input")
			}
		})
	}
}

func TestChunksOfTheSeeds(t *testing.T) {
	chunks, err := Chunks("../../seeds/*.txt", 1024)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) < 10 {
		t.Fatalf("only %d chunks from the seeds", len(chunks))
	}
	for _, c := range chunks {
		if len(c) > 1024 && bytes.Count(c, []byte{'\n'}) > 1 {
			t.Fatalf("a %d-byte chunk of several lines", len(c))
		}
	}
	if _, err := Chunks("../../seeds/*.nothing", 1024); err == nil {
		t.Fatal("no error for a pattern that matches nothing")
	}
}
