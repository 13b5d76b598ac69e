package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newskg/graph/graphtest"
)

func kg(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := kg(t, "--help")
	for _, c := range []string{"clean", "extract", "ingest", "query", "stats"} {
		if !strings.Contains(out, c) {
			t.Errorf("--help lacks %s", c)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	if code, out, errs := kg(t, "help", "query"); code != 0 || !strings.Contains(out, "-param") {
		t.Errorf("help query: exit %d, %q", code, errs)
	}
	if code, _, errs := kg(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
}

func TestExtractSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../seeds/*.txt")
	code, out, errs := kg(t, append([]string{"extract", "--format", "jsonl"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d lines for %d files", len(lines), len(files))
	}
	for i, l := range lines {
		var r struct {
			File    string `json:"file"`
			Article struct {
				ID     string `json:"id"`
				Script string `json:"script"`
			} `json:"article"`
			Entities []json.RawMessage `json:"entities"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.File != filepath.Base(files[i]) || len(r.Article.ID) != 64 || len(r.Entities) == 0 {
			t.Errorf("line %d: %+v", i, r)
		}
	}
}

func TestBadFileNamedAndBatchGoesOn(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte{0, 1, 2, 3}, 0o644)
	good, _ := filepath.Glob("../../seeds/001_*.txt")
	code, out, errs := kg(t, "clean", bad, good[0])
	if code != 1 || !strings.Contains(errs, "bad.txt: binary file") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "无锡高新区发布建设世界一流高科技园区行动计划") {
		t.Error("the good file was not cleaned")
	}
}

func TestIngestQueryStats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kg.kuzu")
	if code, out, errs := kg(t, "ingest", "--quiet", "--db", db, "../../seeds"); code != 0 || !regexp.MustCompile(`ingested\s+\| 5`).MatchString(out) {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs := kg(t, "query", "--db", db, "MATCH (p:Person)-[h:HOLDS_POSITION]->(o) WHERE p.name = $p RETURN o.name AS org, h.title AS title ORDER BY org, title", "--param", "p=崔荣国")
	if code != 0 || !strings.Contains(out, "无锡高新区 | 党工委书记") {
		t.Fatalf("query: exit %d\n%s\n%s", code, out, errs)
	}
	// columns line up on display width, Chinese counting double
	lines := strings.Split(out, "\n")
	if bar := displayWidth(lines[0][:strings.Index(lines[0], "|")]); bar != displayWidth(lines[2][:strings.Index(lines[2], "|")]) {
		t.Errorf("misaligned table:\n%s", out)
	}
	if code, _, errs := kg(t, "query", "--db", db, "MATCH (n) DETACH DELETE n"); code == 0 || !strings.Contains(errs, "--write") {
		t.Errorf("a write query ran without --write: exit %d %s", code, errs)
	}
	if code, out, _ := kg(t, "query", "--db", db, "--format", "json", "MATCH (a:Article) RETURN count(a) AS n"); code != 0 || !strings.Contains(out, `"n": 5`) {
		t.Errorf("json output: %s", out)
	}
	if code, out, _ := kg(t, "stats", "--db", db); code != 0 || !strings.Contains(out, "Article") {
		t.Errorf("stats: %s", out)
	}
	if code, _, errs := kg(t, "stats", "--db", db, "seeds"); code == 0 || !strings.Contains(errs, "no arguments") {
		t.Errorf("stats with an argument: exit %d %s", code, errs)
	}
	if code, _, errs := kg(t, "query", "--db", filepath.Join(t.TempDir(), "none"), "MATCH (n) RETURN n"); code == 0 || !strings.Contains(errs, "no database") {
		t.Errorf("query on a missing store: %d %s", code, errs)
	}
}

func TestDisplayWidth(t *testing.T) {
	if displayWidth("崔荣国") != 6 || displayWidth("abc") != 3 || displayWidth("LG化学") != 6 {
		t.Error("displayWidth")
	}
}

func TestLearnBoilerplate(t *testing.T) {
	dir := t.TempDir()
	slogan := "本站致力于传播优秀地方文化与经济资讯服务读者"
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(slogan+"\n无锡高新区发布行动计划,崔荣国出席会议。\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte(slogan+"\n锡山区去年规上工业产值达到2194亿元。\n"), 0o644)
	_, out, _ := kg(t, "clean", dir)
	if !strings.Contains(out, slogan) {
		t.Fatal("the slogan should survive without corpus learning (no other rule removes it)")
	}
	code, out, errs := kg(t, "clean", "--learn-boilerplate", "2", dir)
	if code != 0 || strings.Contains(out, slogan) || !strings.Contains(out, "崔荣国出席会议") {
		t.Errorf("exit %d, %s\n%s", code, out, errs)
	}
}

func TestBulkIngestMatchesPlainIngest(t *testing.T) {
	dump := func(args ...string) string {
		db := filepath.Join(t.TempDir(), "kg.kuzu")
		if code, out, errs := kg(t, append(append([]string{"ingest", "--quiet", "--db", db}, args...), "../../seeds")...); code != 0 {
			t.Fatalf("ingest %v: exit %d\n%s\n%s", args, code, out, errs)
		}
		_, out, _ := kg(t, "dump", "--db", db)
		return out
	}
	plain, bulk := dump(), dump("--bulk")
	if !strings.Contains(bulk, `"MENTIONS"`) {
		t.Fatalf("kg dump printed no relationships:\n%s", bulk)
	}
	graphtest.SameDump(t, "--bulk against statements", bulk, plain)
}

func TestBenchSizesSideBySide(t *testing.T) {
	code, out, errs := kg(t, "bench", "--corpus", "../../seeds", "--min-mb", "0,0.1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	head := strings.SplitN(out, "\n", 2)[0]
	if !strings.Contains(head, "0 MB corpus") || strings.Count(head, "MB corpus") != 2 {
		t.Errorf("want one column per size, got %q", head)
	}
	for _, m := range []string{"gse Cut", "extract / gse Cut", "load into Kùzu", "peak RSS"} {
		if !strings.Contains(out, m) {
			t.Errorf("bench table lacks %q:\n%s", m, out)
		}
	}
	if code, _, errs := kg(t, "bench", "--min-mb", "20,lots"); code == 0 || !strings.Contains(errs, "--min-mb") {
		t.Errorf("a bad size was accepted: exit %d %s", code, errs)
	}
}

// The summary's store counts: a run that writes nothing reuses the counts
// it read first (no second count of every relationship), and one that
// retracts counts again.
func TestSummaryStoreCounts(t *testing.T) {
	dir := t.TempDir()
	db, seeds := filepath.Join(dir, "kg.kuzu"), filepath.Join(dir, "seeds")
	if err := os.CopyFS(seeds, os.DirFS("../../seeds")); err != nil {
		t.Fatal(err)
	}
	nodes := regexp.MustCompile(`store nodes\s+\| now \(change\)\s+\| (\d+) \(([-+]\d+)\)`)
	counts := func(out string) (string, string) {
		m := nodes.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no store counts in\n%s", out)
		}
		return m[1], m[2]
	}
	_, out, _ := kg(t, "ingest", "--quiet", "--db", db, seeds)
	total, change := counts(out)
	if total != strings.TrimPrefix(change, "+") || total == "0" {
		t.Fatalf("first run: %s (%s)", total, change)
	}
	_, out, _ = kg(t, "ingest", "--quiet", "--db", db, seeds)
	if again, change := counts(out); again != total || change != "+0" {
		t.Errorf("unchanged run: %s (%s), want %s (+0)", again, change, total)
	}
	files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err := os.Remove(files[0]); err != nil {
		t.Fatal(err)
	}
	_, out, _ = kg(t, "ingest", "--quiet", "--db", db, seeds)
	if after, change := counts(out); after == total || !strings.HasPrefix(change, "-") {
		t.Errorf("after a file was removed: %s (%s), was %s", after, change, total)
	}
}
