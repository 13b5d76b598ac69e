package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"newskg/graph/graphtest"
)

// buildKG compiles the kg binary for tests that run it as a process.
func buildKG(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kg")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// distinctCopies writes n articles made from the seeds, each a distinct
// article (its own content hash).
func distinctCopies(t *testing.T, n int) string {
	dir := t.TempDir()
	seeds, _ := filepath.Glob("../../seeds/*.txt")
	for i := 0; i < n; i++ {
		b, err := os.ReadFile(seeds[i%len(seeds)])
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, fmt.Sprintf("\n(副本%d)\n", i)...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy_%03d.txt", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dumpOf is kg dump of a store: the whole graph, canonical.
func dumpOf(t *testing.T, bin, db string) string {
	out, err := exec.Command(bin, "dump", "--db", db).Output()
	if err != nil {
		t.Fatalf("dump: %v\n%s", err, out)
	}
	return string(out)
}

// TestKilledIngestResumes kills `kg ingest` (SIGKILL, no chance to clean
// up) at several moments of a run into the embedded store; each rerun
// continues, and the final graph equals that of one clean run.
func TestKilledIngestResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs kg several times")
	}
	bin := buildKG(t)
	dir := distinctCopies(t, 40)
	db := filepath.Join(t.TempDir(), "kg.kuzu")
	// kill after the k-th article is extracted: mid-run, some batches
	// committed, one in flight
	for _, k := range []int{3, 9, 5} {
		cmd := exec.Command(bin, "ingest", "-v", "--articles-per-tx", "2", "--workers", "1", "--db", db, dir)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		seen := 0
		for sc.Scan() {
			if strings.Contains(sc.Text(), "msg=extracted") {
				if seen++; seen == k {
					_ = cmd.Process.Kill()
					break
				}
			}
		}
		go io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
		if seen < k {
			t.Logf("run ended after %d articles, before the kill at %d", seen, k)
		}
	}
	final, err := exec.Command(bin, "ingest", "--quiet", "--db", db, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("rerun after kills failed: %v\n%s", err, final)
	}
	clean := filepath.Join(t.TempDir(), "kg.kuzu")
	if out, err := exec.Command(bin, "ingest", "--quiet", "--db", clean, dir).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	graphtest.SameDump(t, "after kills and a rerun, against a clean run", dumpOf(t, bin, db), dumpOf(t, bin, clean))
}
