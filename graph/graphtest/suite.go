// Package graphtest is the conformance suite every graph.Store driver
// passes. Graphs are compared by their canonical dump (graph.Dump: every
// node and relationship with every property), never by counts: after any
// sequence of adds, edits, renames, copies and deletes an incremental
// ingest must hold exactly the graph a fresh ingest of the final folder
// builds, on every write path (statements, bulk, watch) and every store.
package graphtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newskg/extract"
	"newskg/graph"
	"newskg/pipeline"
)

var loadExtractor = sync.OnceValues(extract.New)

// Extractor is loaded once per test binary.
func Extractor(t testing.TB) *extract.Extractor {
	x, err := loadExtractor()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// RepoFile finds a file or folder of the repository from a package
// directory (seeds, queries …).
func RepoFile(t testing.TB, rel string) string {
	for _, up := range []string{".", "..", "../..", "../../.."} {
		p := filepath.Join(up, rel)
		if _, err := os.Stat(filepath.Join(up, "go.mod")); err == nil {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	t.Fatalf("%s not found above %s", rel, mustWd())
	return ""
}

func mustWd() string { wd, _ := os.Getwd(); return wd }

// SeedsDir finds the repository's seeds/.
func SeedsDir(t testing.TB) string { return RepoFile(t, "seeds") }

// SharedDir finds ../shared beside the repository (corpora, evaluation
// data), or skips the test saying so.
func SharedDir(t testing.TB, rel string) string {
	root := filepath.Dir(RepoFile(t, "go.mod"))
	p := filepath.Join(root, "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is not beside the checkout (../shared/%s)", p, rel)
	}
	return p
}

// CopySeeds copies the seeds into a fresh folder the test may change.
func CopySeeds(t testing.TB) string {
	dir := t.TempDir()
	copyDir(t, SeedsDir(t), dir)
	return dir
}

func copyDir(t testing.TB, from, to string) {
	files, _ := filepath.Glob(filepath.Join(from, "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Ingest runs the pipeline over the paths into s and fails the test on
// any error or failed file.
func Ingest(t testing.TB, s graph.Store, paths ...string) *pipeline.Summary {
	t.Helper()
	return IngestWith(t, s, pipeline.Options{}, paths...)
}

// IngestWith is Ingest with options.
func IngestWith(t testing.TB, s graph.Store, o pipeline.Options, paths ...string) *pipeline.Summary {
	t.Helper()
	o.Extractor = Extractor(t)
	if o.Workers == 0 {
		o.Workers = 2
	}
	sum, err := pipeline.Ingest(context.Background(), s, pipeline.List(paths), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Failed) > 0 {
		t.Fatalf("ingest failures: %+v", sum.Failed)
	}
	return sum
}

// Dump is the store's canonical dump.
func Dump(t testing.TB, s graph.Store) string {
	t.Helper()
	d, err := graph.DumpString(context.Background(), s.Query, graph.DumpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// SameDump fails the test with the first lines that differ.
func SameDump(t testing.TB, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	inW := map[string]bool{}
	for _, l := range w {
		inW[l] = true
	}
	inG := map[string]bool{}
	for _, l := range g {
		inG[l] = true
	}
	var extra, missing []string
	for _, l := range g {
		if !inW[l] && len(extra) < 5 {
			extra = append(extra, short(l))
		}
	}
	for _, l := range w {
		if !inG[l] && len(missing) < 5 {
			missing = append(missing, short(l))
		}
	}
	t.Errorf("%s: the graphs differ (%d and %d lines)\n only in the first:\n  %s\n only in the second:\n  %s", what, len(g), len(w),
		strings.Join(extra, "\n  "), strings.Join(missing, "\n  "))
}

func short(l string) string {
	if r := []rune(l); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return l
}

// Stats fails the test if counting fails.
func Stats(t testing.TB, s graph.Store) *graph.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Count runs a query returning one number.
func Count(t testing.TB, s graph.Store, q string, params map[string]any) int64 {
	t.Helper()
	rows, err := s.Query(context.Background(), q, params)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(rows.Values) != 1 || len(rows.Values[0]) != 1 {
		t.Fatalf("%s: want one value, got %v", q, rows.Values)
	}
	switch v := rows.Values[0][0].(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	}
	t.Fatalf("%s: not a number: %#v", q, rows.Values[0][0])
	return 0
}

// Harness gives the suite stores of one driver.
type Harness struct {
	// Fresh returns an empty store with its schema, closed when the test
	// ends.
	Fresh func(t *testing.T) graph.Store
	// Reopen closes s and opens its database again (what a new kg
	// process sees); nil when the store has no such state (a server).
	Reopen func(t *testing.T, s graph.Store) graph.Store
	// Bulk writes every change through the bulk path.
	Bulk bool
}

// Reference is a fresh ingest of paths into a new embedded store through
// statements: the graph every other way of writing must equal.
var Reference func(t *testing.T, paths ...string) string

// Run is the suite.
func Run(t *testing.T, h Harness) {
	opts := pipeline.Options{Bulk: h.Bulk}
	t.Run("IdempotentIngest", func(t *testing.T) {
		s := h.Fresh(t)
		dir := CopySeeds(t)
		first := IngestWith(t, s, opts, dir)
		if first.Ingested != 5 {
			t.Fatalf("ingested %d of 5 seeds", first.Ingested)
		}
		d := Dump(t, s)
		second := IngestWith(t, s, opts, dir)
		if second.Skipped != 5 || second.Ingested != 0 {
			t.Errorf("second run: skipped %d, ingested %d; want 5, 0", second.Skipped, second.Ingested)
		}
		SameDump(t, "ingest twice", Dump(t, s), d)
		if Reference != nil {
			SameDump(t, "against the reference", d, Reference(t, dir))
		}
	})

	t.Run("CrossScriptMerge", func(t *testing.T) {
		s := h.Fresh(t)
		IngestWith(t, s, opts, CopySeeds(t))
		if n := Count(t, s, "MATCH (p:Person) WHERE p.name = $n RETURN count(p) AS c", map[string]any{"n": "崔荣国"}); n != 1 {
			t.Errorf("崔荣国 nodes: %d, want 1", n)
		}
		if n := Count(t, s, "MATCH (p:Person) WHERE p.name = $n RETURN count(p) AS c", map[string]any{"n": "崔榮國"}); n != 0 {
			t.Errorf("a Traditional-script person node exists")
		}
		// 000 is Traditional, 002 Simplified: both give him positions
		n := Count(t, s, "MATCH (p:Person {name: $n})-[h:HOLDS_POSITION]->(o:Organization {name: $o}) RETURN count(h) AS c", map[string]any{"n": "崔荣国", "o": "无锡高新区"})
		if n < 2 {
			t.Errorf("崔荣国 holds %d positions at 无锡高新区, want one per article (≥2)", n)
		}
	})

	// Once with one handle through the whole scenario (kg watch), once
	// with the database reopened after each step (a new kg process).
	for _, reopen := range []bool{false, true} {
		if reopen && h.Reopen == nil {
			continue
		}
		name := "EveryChangeEqualsAFreshIngest"
		if reopen {
			name += "/Reopened"
		}
		t.Run(name, func(t *testing.T) {
			if Reference == nil {
				t.Skip("no reference store")
			}
			s := h.Fresh(t)
			root := t.TempDir()
			corpus := filepath.Join(root, "corpus")
			os.MkdirAll(corpus, 0o755)
			copyDir(t, SeedsDir(t), corpus)
			for _, step := range Scenario(corpus) {
				if err := step.Do(); err != nil {
					t.Fatalf("%s: %v", step.Name, err)
				}
				sum := IngestWith(t, s, opts, corpus)
				if reopen {
					s = h.Reopen(t, s) // the edit of 2024 lost facts only in a new process
				}
				SameDump(t, step.Name, Dump(t, s), Reference(t, corpus))
				if step.Check != nil {
					step.Check(t, sum)
				}
			}
		})
	}

	t.Run("SharedNamesAreNoAliases", func(t *testing.T) {
		s := h.Fresh(t)
		dir := CopySeeds(t)
		IngestWith(t, s, opts, dir)
		const legal, other, short = "无锡新洁能股份有限公司", "江苏新洁能电子有限公司", "新洁能"
		goesBy := func(name, prop string) int64 {
			return Count(t, s, fmt.Sprintf("MATCH (c:Company {name: $n}) WHERE $a IN c.%s RETURN count(c) AS c", prop), map[string]any{"n": name, "a": short})
		}
		if goesBy(legal, "aliases") != 1 {
			t.Fatalf("%s lacks its alias %s", legal, short)
		}
		if err := os.WriteFile(filepath.Join(dir, "shared_name.txt"), []byte(SharedNameArticle), 0o644); err != nil {
			t.Fatal(err)
		}
		IngestWith(t, s, opts, dir)
		for _, n := range []string{legal, other} {
			if goesBy(n, "aliases") != 0 || goesBy(n, "shared") != 1 {
				t.Errorf("with two companies called %s, %s has it as an alias or not as shared", short, n)
			}
		}
		os.Remove(filepath.Join(dir, "shared_name.txt"))
		IngestWith(t, s, opts, dir)
		if goesBy(legal, "aliases") != 1 || goesBy(legal, "shared") != 0 {
			t.Errorf("%s did not get its alias back when the other company went", legal)
		}
	})

	t.Run("RetractAll", func(t *testing.T) {
		s := h.Fresh(t)
		dir := CopySeeds(t)
		IngestWith(t, s, opts, dir)
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			os.Remove(f)
		}
		sum := IngestWith(t, s, opts, dir)
		if sum.Removed != 5 {
			t.Errorf("removed %d of 5", sum.Removed)
		}
		if d := Dump(t, s); d != "" {
			t.Errorf("an emptied folder leaves a graph:\n%s", short(d))
		}
	})

	t.Run("KeepMissing", func(t *testing.T) {
		s := h.Fresh(t)
		dir := CopySeeds(t)
		IngestWith(t, s, opts, dir)
		before := Dump(t, s)
		gone, _ := filepath.Glob(filepath.Join(dir, "003_*.txt"))
		os.Remove(gone[0])
		o := opts
		o.KeepMissing = true
		sum := IngestWith(t, s, o, dir)
		if sum.Kept != 1 || sum.Removed != 0 {
			t.Errorf("kept %d, removed %d; want 1, 0", sum.Kept, sum.Removed)
		}
		SameDump(t, "--keep-missing after a delete", Dump(t, s), before)
	})

	t.Run("HostileTextStoredVerbatim", func(t *testing.T) {
		s := h.Fresh(t)
		hostile := HostileFacts()
		apply := s.Apply
		if h.Bulk {
			apply = func(ctx context.Context, c graph.Change) error { return graph.ApplyBulk(ctx, s, c) }
		}
		if err := apply(context.Background(), graph.Change{Write: hostile}); err != nil {
			t.Fatal(err)
		}
		name := hostile[0].Mentions[0].Entity.Key
		alias := hostile[0].Mentions[0].Props["names"].([]string)[1]
		checks := []struct {
			q string
			p map[string]any
		}{
			{"MATCH (a:Article) WHERE a.title = $t RETURN count(a) AS c", map[string]any{"t": "两行\n标题"}},
			{"MATCH (a:Article) WHERE a.title = $t RETURN count(a) AS c", map[string]any{"t": "MATCH (n) DETACH DELETE n"}},
			{"MATCH (f:Figure) WHERE f.text = $t AND f.subject = $s AND f.evidence = $e AND f.unit IS NULL RETURN count(f) AS c",
				map[string]any{"t": "3\"家", "s": "a\\b", "e": "\"}) RETURN 1 //"}},
			{"MATCH (c:Company) WHERE c.name = $n AND $a IN c.aliases RETURN count(c) AS c", map[string]any{"n": name, "a": alias}},
			{"MATCH (a:Article)-[m:MENTIONS]->(c:Company {name: $n}) WHERE a.text = $x RETURN count(m) AS c", map[string]any{"n": name, "x": "第一行\n第二行 \"引号\" \\ 反斜杠 '单引号'"}},
		}
		for _, c := range checks {
			if n := Count(t, s, c.q, c.p); n != 1 {
				t.Errorf("%s %v: %d rows, want 1 (stored verbatim)", c.q, c.p, n)
			}
		}
		if Reference != nil {
			ref := ReferenceStore(t)
			if err := ref.Apply(context.Background(), graph.Change{Write: hostile}); err != nil {
				t.Fatal(err)
			}
			SameDump(t, "hostile text against the reference", Dump(t, s), Dump(t, ref))
		}
	})
}

// ReferenceStore opens an empty embedded store (set by the package that
// links the embedded driver).
var ReferenceStore func(t *testing.T) graph.Store

// HostileFacts are articles whose text holds every quote, escape and line
// break Cypher and CSV could trip on.
func HostileFacts() []graph.Facts {
	name := "X'}) DETACH DELETE n //`\"公司\\"
	id := "hostile"
	return []graph.Facts{
		{
			Article: graph.Props{"id": id, "sources": []string{"h'`.txt"}, "title": "MATCH (n) DETACH DELETE n", "text": "第一行\n第二行 \"引号\" \\ 反斜杠 '单引号'",
				"ingested_at": "2026-01-01T00:00:00Z"},
			Mentions: []graph.MentionRow{{Entity: graph.Ref{Label: graph.LabelCompany, Key: name},
				Props: graph.Props{"count": int64(1), "names": []string{name, "别名'\",\\"}, "starts": []int64{0}, "ends": []int64{3}}}},
			Nodes: []graph.NodeRow{{Label: graph.LabelFigure, Props: graph.Props{"id": "hostile-f", "article": id, "text": "3\"家", "subject": "a\\b",
				"evidence": "\"}) RETURN 1 //", "value": 3.0}}},
			Rels: []graph.RelRow{{Type: graph.RelReports, From: graph.Ref{Label: graph.LabelArticle, Key: id}, To: graph.Ref{Label: graph.LabelFigure, Key: "hostile-f"}, Props: graph.Props{}}},
		},
		{Article: graph.Props{"id": "hostile-2", "sources": []string{"h2.txt"}, "title": "两行\n标题", "ingested_at": "2026-01-01T00:00:00Z"}},
		// no quote or backslash, but list elements that list syntax
		// would read otherwise, and values with edge spaces: the bulk
		// path's COPY must not take them apart or trim them
		{
			Article: graph.Props{"id": "hostile-3", "sources": []string{"甲,乙.txt", " 前后 .txt"}, "title": " 前后有空格 ", "text": "正文",
				"ingested_at": "2026-01-01T00:00:00Z"},
			Mentions: []graph.MentionRow{
				{Entity: graph.Ref{Label: graph.LabelPerson, Key: "[列表]"},
					Props: graph.Props{"count": int64(2), "names": []string{"[列表]", "甲,乙", "{丁}", "null", "NULL", " 前 ", "戊'"}, "starts": []int64{0, 5}, "ends": []int64{2, 7}}},
				{Entity: graph.Ref{Label: graph.LabelPerson, Key: "崔荣国"},
					Props: graph.Props{"count": int64(1), "names": []string{"崔荣国", "崔 荣国"}, "starts": []int64{0}, "ends": []int64{3}}},
			},
		},
	}
}

// Step is one change to a corpus folder.
type Step struct {
	Name  string
	Do    func() error
	Check func(t *testing.T, s *pipeline.Summary) // what the incremental run reports
}

// Scenario is the sequence of changes the suite puts a folder through:
// every kind of change an operator makes.
func Scenario(dir string) []Step {
	path := func(glob string) string {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		if len(m) == 0 {
			return filepath.Join(dir, "missing-"+glob)
		}
		return m[0]
	}
	write := func(p string, b []byte) error {
		os.MkdirAll(filepath.Dir(p), 0o755)
		return os.WriteFile(p, b, 0o644)
	}
	var original004 []byte
	expect := func(ingested, replaced, removed, renamed int) func(*testing.T, *pipeline.Summary) {
		return func(t *testing.T, s *pipeline.Summary) {
			t.Helper()
			if s.Ingested != ingested || s.Replaced != replaced || s.Removed != removed || s.Renamed != renamed {
				t.Errorf("summary: ingested %d replaced %d removed %d renamed %d; want %d %d %d %d",
					s.Ingested, s.Replaced, s.Removed, s.Renamed, ingested, replaced, removed, renamed)
			}
		}
	}
	return []Step{
		{"first ingest", func() error { return nil }, expect(5, 0, 0, 0)},
		{"add a file", func() error {
			return write(filepath.Join(dir, "new", "005_new.txt"), []byte("江苏无锡:新项目签约\n2024-05-06\n苏州汇川技术有限公司总经理王明表示,将在锡山投资10亿元建设新基地。\n"))
		}, expect(1, 0, 0, 0)},
		{"edit a file", func() error {
			p := path("004_*.txt")
			b, err := os.ReadFile(p)
			original004 = b
			if err != nil {
				return err
			}
			return write(p, append(b, []byte("无锡高新区管委会主任张三表示，将推进产业发展。\n")...))
		}, expect(1, 1, 0, 0)},
		{"rename a file", func() error { return os.Rename(path("001_*.txt"), filepath.Join(dir, "renamed.txt")) }, expect(0, 0, 0, 1)},
		{"delete a file", func() error { return os.Remove(path("003_*.txt")) }, expect(0, 0, 1, 0)},
		{"rename, then edit", func() error {
			to := filepath.Join(dir, "002_moved.txt")
			if err := os.Rename(path("002_*.txt"), to); err != nil {
				return err
			}
			b, err := os.ReadFile(to)
			if err != nil {
				return err
			}
			return write(to, append(b, []byte("据悉，该项目总投资5亿元。\n")...))
		}, expect(1, 0, 1, 0)}, // between two runs a rename and an edit look like a delete and an add
		{"an identical copy", func() error {
			b, err := os.ReadFile(path("000_*.txt"))
			if err != nil {
				return err
			}
			return write(filepath.Join(dir, "copy_of_000.txt"), b)
		}, expect(0, 0, 0, 1)},
		{"the same name in two folders", func() error {
			if err := write(filepath.Join(dir, "a", "report.txt"), []byte("锡山区召开会议\n锡山区区长李四出席会议。\n")); err != nil {
				return err
			}
			return write(filepath.Join(dir, "b", "report.txt"), []byte("新吴区召开会议\n新吴区区长王五出席会议。\n"))
		}, expect(2, 0, 0, 0)},
		{"one copy removed", func() error { return os.Remove(filepath.Join(dir, "copy_of_000.txt")) }, expect(0, 0, 0, 1)},
		{"an edit undone", func() error { return write(path("004_*.txt"), original004) }, expect(1, 1, 0, 0)},
		{"swap two files' names", func() error {
			a, b := filepath.Join(dir, "a", "report.txt"), filepath.Join(dir, "b", "report.txt")
			tmp := filepath.Join(dir, "swap.tmp")
			if err := os.Rename(a, tmp); err != nil {
				return err
			}
			if err := os.Rename(b, a); err != nil {
				return err
			}
			return os.Rename(tmp, b)
		}, expect(0, 0, 0, 2)},
		// 新洁能 is 无锡新洁能股份有限公司's alias (000, written 新潔能) until a second
		// company goes by it: then it is shared by both, until that one goes
		{"a short name a second company goes by", func() error {
			return write(filepath.Join(dir, "shared_name.txt"), []byte(SharedNameArticle))
		}, expect(1, 0, 0, 0)},
		{"the second company's article removed", func() error { return os.Remove(filepath.Join(dir, "shared_name.txt")) }, expect(0, 0, 1, 0)},
	}
}

// SharedNameArticle calls a second company 新洁能, the short name seed 000
// uses for 无锡新洁能股份有限公司.
const SharedNameArticle = "江苏新洁能电子有限公司签约\n2024-06-01\n江苏新洁能电子有限公司(以下简称“新洁能”)与常州市签约。新洁能将在常州投资5亿元。\n"

// Eventually retries check until it passes or d has gone by.
func Eventually(d time.Duration, check func() error) error {
	deadline := time.Now().Add(d)
	for {
		err := check()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Describe is a short account of a dump difference for Eventually.
func Describe(got, want string) error {
	if got == want {
		return nil
	}
	return fmt.Errorf("dumps differ (%d and %d bytes)", len(got), len(want))
}

// Copy returns f as another article: every id made distinct with suffix
// (article, figures, what they own), the rest shared.
func Copy(f graph.Facts, suffix string) graph.Facts {
	id := f.ID() + suffix
	out := graph.Facts{Article: graph.Props{}, Mentions: f.Mentions}
	for k, v := range f.Article {
		out.Article[k] = v
	}
	out.Article["id"] = id
	var srcs []string
	for _, s := range f.Sources() {
		srcs = append(srcs, s+suffix)
	}
	out.Article["sources"] = srcs
	owned := map[string]string{}
	for _, n := range f.Nodes {
		p := graph.Props{}
		for k, v := range n.Props {
			p[k] = v
		}
		old, _ := p["id"].(string)
		owned[old] = old + suffix
		p["id"], p["article"] = old+suffix, id
		out.Nodes = append(out.Nodes, graph.NodeRow{Label: n.Label, Props: p})
	}
	for _, r := range f.Rels {
		p := graph.Props{}
		for k, v := range r.Props {
			p[k] = v
		}
		if _, ok := p["article"]; ok {
			p["article"] = id
		}
		from, to := r.From, r.To
		if from.Label == graph.LabelArticle {
			from.Key = id
		}
		if k, ok := owned[from.Key]; ok { // a figure's MEASURES
			from.Key = k
		}
		if k, ok := owned[to.Key]; ok {
			to.Key = k
		}
		out.Rels = append(out.Rels, graph.RelRow{Type: r.Type, From: from, To: to, Props: p})
	}
	return out
}
