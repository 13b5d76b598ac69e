package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCPUProfileOnRequest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.out")
	t.Setenv(profileEnv, path)
	var stderr bytes.Buffer
	stop := startProfile(&stderr)
	for i := 0; i < 1e6; i++ {
		_ = strings.Repeat("x", i%7)
	}
	stop()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("no profile written: %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("unexpected message %q", stderr.String())
	}

	t.Setenv(profileEnv, filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.out"))
	stderr.Reset()
	startProfile(&stderr)()
	if !strings.Contains(stderr.String(), profileEnv) {
		t.Errorf("a profile that cannot be written says nothing: %q", stderr.String())
	}
}
