package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newskg/graph"
	"newskg/graph/graphtest"
)

// seedsDB ingests the seeds into a new store and returns its path.
func seedsDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kg.kuzu")
	if code, out, errs := kg(t, "ingest", "--quiet", "--db", db, "../../seeds"); code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errs)
	}
	return db
}

// The read-only guard of kg query: each refused query exits 2 and names
// what was refused and --write, and nothing reaches the store.
func TestQueryRefusesWhatReadsOrWritesOutsideTheGraph(t *testing.T) {
	db := seedsDB(t)
	secret := filepath.Join(t.TempDir(), "secret.csv")
	os.WriteFile(secret, []byte("top,secret\n"), 0o644)
	out := filepath.Join(t.TempDir(), "leak.csv")
	for q, clause := range map[string]string{
		"LOAD FROM '" + secret + "' RETURN *":                                "LOAD",
		"MATCH (`a\\`) RETURN 1 UNION LOAD FROM \"" + secret + "\" RETURN *": "LOAD",
		"COPY (RETURN 'x' AS x) TO '" + out + "'":                            "COPY",
		"MATCH (n) RETURN n LIMIT 1; MATCH (n) DETACH DELETE n":              ";",
		"MATCH (n) DETACH DELETE n":                                          "DETACH",
		"CALL threads=1":                                                     "CALL threads",
	} {
		code, stdout, errs := kg(t, "query", "--db", db, q)
		if code != 2 || !strings.Contains(errs, clause) || !strings.Contains(errs, "--write") {
			t.Errorf("%q: exit %d, %q; want exit 2 naming %s and --write", q, code, errs, clause)
		}
		if strings.Contains(stdout, "secret") {
			t.Errorf("%q printed the file", q)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused query wrote a file")
	}
}

// Every $name must be given and every --param used; a Traditional value
// finds the Simplified node; --param-str keeps a number as text.
func TestQueryParameters(t *testing.T) {
	db := seedsDB(t)
	q := "../../queries/positions_of_person.cypher"
	if code, _, errs := kg(t, "query", "--db", db, "-f", q); code != 2 || !strings.Contains(errs, "$person") {
		t.Errorf("missing --param: exit %d, %q", code, errs)
	}
	if code, _, errs := kg(t, "query", "--db", db, "-f", q, "--param", "name=崔荣国"); code != 2 || !strings.Contains(errs, "name") || !strings.Contains(errs, "$person") {
		t.Errorf("misspelt --param: exit %d, %q", code, errs)
	}
	code, simplified, errs := kg(t, "query", "--db", db, "-f", q, "--param", "person=崔荣国")
	if code != 0 || !strings.Contains(simplified, "党工委书记") {
		t.Fatalf("exit %d %s %s", code, simplified, errs)
	}
	if code, traditional, errs := kg(t, "query", "--db", db, "-f", q, "--param", "person=崔榮國"); code != 0 || traditional != simplified {
		t.Errorf("崔榮國 finds another answer than 崔荣国: exit %d %s\n%s", code, errs, traditional)
	}
	code, out, _ := kg(t, "query", "--db", db, "--format", "json", "RETURN $x AS x", "--param-str", "x=007")
	if code != 0 || !strings.Contains(out, `"x": "007"`) {
		t.Errorf("--param-str: %s", out)
	}
	if code, out, _ := kg(t, "query", "--db", db, "--format", "json", "RETURN $x AS x", "--param", "x=7"); code != 0 || !strings.Contains(out, `"x": 7`) {
		t.Errorf("--param number: %s", out)
	}
	// a query with one file per store is read by its plain name
	if code, out, errs := kg(t, "query", "--db", db, "-f", "../../queries/shortest_path.cypher", "--param", "a=章金伟", "--param", "b=无锡新洁能股份有限公司"); code != 0 || !strings.Contains(out, "章金伟") {
		t.Errorf("shortest_path.cypher: exit %d %s %s", code, out, errs)
	}
}

// Usage errors exit 2 with a message; flags take only what they mean.
func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"ingest", "--log-format", "xml"},
		{"ingest", "--no-such-flag"},
		{"ingest", "--shard", "3/2"},
		{"query"},
		{"query", "--format", "yaml", "RETURN 1"},
		{"dump", "extra"},
	} {
		if code, _, errs := kg(t, args...); code != 2 || errs == "" {
			t.Errorf("kg %v: exit %d, %q; want 2 and a message", args, code, errs)
		}
	}
}

// Bad input of every kind is reported by file and reason, the rest of the
// batch lands, the store is made, and the exit code is 1.
func TestIngestReportsEveryBadInputAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	seed, _ := os.ReadFile("../../seeds/001_45225d23cd9f1580.txt")
	text := string(seed)
	utf32 := func(le bool, s string) []byte {
		var b []byte
		if le {
			b = append(b, 0xFF, 0xFE, 0, 0)
		} else {
			b = append(b, 0, 0, 0xFE, 0xFF)
		}
		for _, r := range s {
			x := []byte{byte(r), byte(r >> 8), byte(r >> 16), byte(r >> 24)}
			if !le {
				x[0], x[1], x[2], x[3] = x[3], x[2], x[1], x[0]
			}
			b = append(b, x...)
		}
		return b
	}
	utf16NoMark := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	files := map[string][]byte{
		"good.txt":          seed,
		"utf32le.txt":       utf32(true, text),
		"utf32be.txt":       utf32(false, strings.Replace(text, "无锡", "常州", 1)),
		"utf16-no-mark.txt": utf16NoMark(strings.Replace(text, "无锡", "苏州", 1)),
		"stray-nul.txt":     []byte(strings.Replace(text, "。", "。\x00", 1) + "\n(另一版本)"),
		"nul-text.txt":      append([]byte{0xFF, 0xFE}, utf16NoMark("无锡\x00高新区")...),
		"empty.txt":         nil,
		"notes.md":          []byte("# 锡山区发布行动计划\n锡山区区长李四出席发布会。\n"),
		"page.html":         []byte("<html><body><p>新吴区区长王五出席会议。</p></body></html>"),
		"scan.pdf":          []byte("%PDF-1.4"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink(filepath.Join(dir, "good.txt"), filepath.Join(dir, "link-to-good.txt"))
	os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "dangling.txt"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Symlink(dir, filepath.Join(dir, "sub", "loop"))
	db := filepath.Join(t.TempDir(), "kg.kuzu")
	missing := filepath.Join(dir, "missing.txt")
	code, out, errs := kg(t, "ingest", "--quiet", "--db", db, dir, missing)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"FAILED " + filepath.Join(dir, "empty.txt") + ": empty file",
		"FAILED " + filepath.Join(dir, "nul-text.txt") + ": the utf-16le text holds NUL characters",
		"FAILED " + filepath.Join(dir, "dangling.txt") + ": a symbolic link to nothing",
		"FAILED " + missing + ": no such file",
		"ignored " + filepath.Join(dir, "scan.pdf") + ": not an article's extension (.pdf",
		"ignored " + filepath.Join(dir, "sub", "loop") + ": a link back to a folder above it",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`ingested\s+\| 7`).MatchString(out) {
		t.Errorf("want 7 articles ingested (good+link = 1, utf32 ×2, utf16, stray NUL, md, html):\n%s", out)
	}
	s, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range []string{"李四", "王五"} {
		if n := graphtest.Count(t, s, "MATCH (p:Person {name: $n}) RETURN count(p)", map[string]any{"n": name}); n != 1 {
			t.Errorf("%s (from the .md/.html article) not in the graph", name)
		}
	}
	rows, err := s.Query(context.Background(), "MATCH (a:Article) RETURN a.encoding, a.repairs, a.sources ORDER BY a.encoding", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := rowsString(rows)
	for _, want := range []string{"utf-32le", "utf-32be", "utf-16le (no byte-order mark)", `"kind":"nul"`, "link-to-good.txt"} {
		if !strings.Contains(got, want) {
			t.Errorf("stored articles lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x00") {
		t.Error("NUL stored in the graph")
	}
}

func rowsString(r *graph.Rows) string {
	var b strings.Builder
	for _, v := range r.Values {
		for _, x := range v {
			b.WriteString(cell(x))
			b.WriteString(" | ")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// A store another process holds: kg query waits, then names the holder;
// kg watch holds the store only while it writes, so queries get in.
func TestLockedStoreSaysWhoHoldsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kg")
	}
	bin := buildKG(t)
	db := seedsDB(t)
	holder, err := graph.Open(context.Background(), "kuzu", graph.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := exec.Command(bin, "query", "--db", db, "--wait", "1s", "MATCH (a:Article) RETURN count(a)").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use by") || !strings.Contains(string(out), "pid") || time.Since(start) < time.Second {
		t.Errorf("query of a held store: %v\n%s", err, out)
	}
	holder.Close()

	// kg watch between rounds: the store is free
	dir := t.TempDir()
	b, _ := os.ReadFile("../../seeds/002_f49a278f5d9342b4.txt")
	os.WriteFile(filepath.Join(dir, "a.txt"), b, 0o644)
	watch := exec.Command(bin, "watch", "--db", db, "--debounce", "200ms", dir)
	stderr, _ := watch.StderrPipe()
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { watch.Process.Kill(); watch.Wait() }()
	buf := make([]byte, 1<<16)
	var logs strings.Builder
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && !strings.Contains(logs.String(), "msg=watching"); {
		n, err := stderr.Read(buf)
		logs.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if !strings.Contains(logs.String(), "msg=watching") {
		t.Fatalf("kg watch did not start:\n%s", logs.String())
	}
	out, err = exec.Command(bin, "query", "--db", db, "MATCH (a:Article) RETURN count(a) AS n").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1") {
		t.Errorf("a query while kg watch runs: %v\n%s", err, out)
	}
}
