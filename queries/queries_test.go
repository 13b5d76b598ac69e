// Package queries holds the analysts' Cypher library. This test runs every
// query against the seeds ingested into the embedded store and into Neo4j
// (when the test has one, see neo4jtest), checks the answers against facts
// the articles state, and requires both stores to answer alike, row for
// row (in order where the query orders its rows).
package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"newskg/graph"
	"newskg/graph/cypher"
	"newskg/graph/graphtest"
	"newskg/graph/neo4j/neo4jtest"
)

func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

// load reads a query of the library for a store: name.cypher, or the
// store's own name.<driver>.cypher.
func load(t *testing.T, name, driver string) string {
	b, err := os.ReadFile(name + ".cypher")
	if os.IsNotExist(err) {
		b, err = os.ReadFile(name + "." + driver + ".cypher")
	}
	if err != nil {
		t.Fatal(err)
	}
	return cypher.StripComments(string(b))
}

// canonical is the rows as comparable text: values as JSON, rows sorted
// unless the query orders them.
func canonical(r *graph.Rows, ordered bool) []string {
	var out []string
	for _, v := range r.Values {
		b, _ := json.Marshal(v)
		out = append(out, string(b))
	}
	if !ordered {
		sort.Strings(out)
	}
	return out
}

func rowsText(r *graph.Rows) string {
	var b strings.Builder
	for _, v := range r.Values {
		fmt.Fprintln(&b, v...)
	}
	return b.String()
}

type libraryCase struct {
	name   string
	params map[string]any
	want   []string // each must appear in the answer
	notIn  []string
	// compare: the columns both stores must agree on (all when nil); a
	// shortest path may be any of several of the same length
	compare []int
}

var seedCases = []libraryCase{
	{"officials_of_org", map[string]any{"org": "无锡高新区"}, []string{"崔荣国 党工委书记", "章金伟 管委会副主任", "顾国栋 党工委委员"}, nil, nil},
	// in time order: the articles of 2023-12-31 and 2025-02-04 date his posts
	// (date_from published); the two undated articles come last
	{"positions_of_person", map[string]any{"person": "崔荣国"}, []string{"2023-12-31 新吴区 区委书记 <nil> published", "2025-02-04 无锡高新区 党工委书记 <nil> published", "<nil> 新吴区 区委书记 <nil> <nil>"}, nil, nil},
	// 江苏省科技发展战略研究院 is under 江苏省 by its name; 张华 is its 副院长 in the article of 2023-12-31
	{"officials_in_year", map[string]any{"org": "江苏省", "year": "2023"}, []string{"江苏省科技发展战略研究院 张华 副院长 2023-12-31"}, []string{"崔荣国"}, nil},
	{"officials_in_year", map[string]any{"org": "无锡高新区", "year": "2025"}, []string{"无锡高新区 崔荣国 党工委书记 2025-02-04"}, []string{"2023-12-31", "章金伟"}, nil},
	// LS集团明确将在无锡高新区投资1亿美元…; 位于苏州工业园区的新光维医疗科技(苏州)股份有限公司…
	{"companies_in", map[string]any{"name": "无锡高新区"}, []string{"LS集团 located", "LS集团 投资 1亿美元"}, []string{"新光维"}, nil},
	{"companies_in", map[string]any{"name": "苏州工业园区"}, []string{"新光维医疗科技(苏州)股份有限公司 located"}, []string{"LS集团"}, nil},
	// 高新区 is what four articles call 无锡高新区 (too generic to be its global alias)
	{"aliases_of", map[string]any{"name": "高新区"}, []string{"无锡高新区 高新区 seeds/000_", "无锡高新区 高新区 seeds/003_", "无锡高新区 无锡国家高新区 seeds/000_"}, []string{"新吴区 "}, nil},
	{"companies_most_mentioned", map[string]any{}, []string{"LG化学 1", "SK海力士 1"}, nil, nil},
	{"figures_about", map[string]any{"topic": "专精特新"}, []string{"401家", "721亿元 721 亿元", "2022 [seeds/004_"}, []string{"110亿美元"}, nil},
	{"plans_issued_by", map[string]any{"org": "无锡高新区"}, []string{"无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年) 2022-11-18"}, nil, nil},
	{"articles_mentioning_both", map[string]any{"a": "崔荣国", "b": "无锡高新区"}, []string{"seeds/000_f633c72267f1f7cd.txt", "seeds/001_45225d23cd9f1580.txt", "seeds/002_f49a278f5d9342b4.txt", "seeds/003_ce44ddf465ad17a8.txt"}, []string{"seeds/004_"}, nil},
	// a = b: one entity's articles, in both stores (Neo4j binds no relationship twice in a pattern)
	{"articles_mentioning_both", map[string]any{"a": "卜晓华", "b": "卜晓华"}, []string{"seeds/004_"}, nil, nil},
	// 苏州工业园区 is 园区 in its article (今年1—11月,园区生物医药产业产值超1300亿元): the
	// figure measures the park, its year is the article's (今年), its period the months
	{"figures_of", map[string]any{"name": "苏州工业园区"}, []string{"2023 生物医药产业产值 1300亿元 1300 亿元 2023年1—11月 actual text"}, []string{"721亿元"}, nil},
	{"figures_of", map[string]any{"name": "锡山区"}, []string{"2022 产值 721亿元 721 亿元"}, []string{"1300亿元"}, nil},
	// 锡山区 and 新吴区 lie in 无锡市, 无锡市 and 苏州市 in 江苏省 (the articles name each)
	{"places_in", map[string]any{"place": "江苏省"}, []string{"新吴区 [无锡市]", "无锡市 [江苏省]", "苏州市 [江苏省]", "锡山区 [无锡市]"}, nil, nil},
	{"places_in", map[string]any{"place": "无锡市"}, []string{"新吴区 [无锡市]", "锡山区 [无锡市]"}, []string{"苏州市"}, nil},
	{name: "shortest_path", params: map[string]any{"a": "章金伟", "b": "无锡新洁能股份有限公司"}, want: []string{"[章金伟 ", " 无锡新洁能股份有限公司] 2"}, compare: []int{1}},
}

// stores ingests the seeds into Kùzu and, when there is one, Neo4j; run
// from the repository root so that sources read seeds/….
func stores(t *testing.T, fill func(t *testing.T, s graph.Store)) map[string]graph.Store {
	out := map[string]graph.Store{"kuzu": graphtest.TempKuzu(t)}
	if os.Getenv("NEO4J_URI") != "" || neo4jtest.Launcher() != "" {
		out["neo4j"] = neo4jtest.Empty(t)
	} else if os.Getenv("KG_REQUIRE_NEO4J") != "" {
		t.Fatal("no Neo4j for the query library (set NEO4J_LAUNCHER)")
	}
	for _, s := range out {
		fill(t, s)
	}
	return out
}

// ingestSeeds ingests seeds/ from the repository's root, so that the
// sources read seeds/… as they do for a user.
func ingestSeeds(t *testing.T, s graph.Store) {
	root, _ := filepath.Abs(filepath.Dir(graphtest.RepoFile(t, "go.mod")))
	wd, _ := os.Getwd()
	os.Chdir(root)
	defer os.Chdir(wd)
	graphtest.Ingest(t, s, "seeds")
}

func TestLibraryOnSeeds(t *testing.T) {
	ss := stores(t, ingestSeeds)
	files, _ := filepath.Glob("*.cypher")
	tested := map[string]bool{}
	for _, c := range seedCases {
		tested[c.name] = true
	}
	for _, f := range files {
		name := strings.SplitN(strings.TrimSuffix(f, ".cypher"), ".", 2)[0]
		if !tested[name] {
			t.Errorf("%s has no test case: test every query", f)
		}
	}
	for _, c := range seedCases {
		t.Run(c.name, func(t *testing.T) { runCase(t, ss, c) })
	}
}

// runCase runs one query on every store, checks the answer on each and
// that all stores give the same rows.
func runCase(t *testing.T, ss map[string]graph.Store, c libraryCase) {
	var first []string
	firstDriver := ""
	for _, driver := range []string{"kuzu", "neo4j"} {
		s, ok := ss[driver]
		if !ok {
			continue
		}
		q := load(t, c.name, driver)
		if err := cypher.CheckReadOnly(q); err != nil {
			t.Fatalf("library queries must be read-only: %v", err)
		}
		if err := cypher.CheckParams(q, c.params); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Query(context.Background(), q, c.params)
		if err != nil {
			t.Fatalf("%s: %v", driver, err)
		}
		got := rowsText(rows)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: answer lacks %q:\n%s", driver, w, got)
			}
		}
		for _, w := range c.notIn {
			if strings.Contains(got, w) {
				t.Errorf("%s: answer holds %q:\n%s", driver, w, got)
			}
		}
		if c.compare != nil {
			for i, r := range rows.Values {
				var kept []any
				for _, col := range c.compare {
					kept = append(kept, r[col])
				}
				rows.Values[i] = kept
			}
		}
		rowsCanon := canonical(rows, strings.Contains(strings.ToUpper(q), "ORDER BY"))
		if first == nil {
			first, firstDriver = rowsCanon, driver
			continue
		}
		if strings.Join(rowsCanon, "\n") != strings.Join(first, "\n") {
			t.Errorf("%s and %s answer differently:\n%s:\n%s\n%s:\n%s", firstDriver, driver, firstDriver, strings.Join(first, "\n"), driver, strings.Join(rowsCanon, "\n"))
		}
	}
}

// grow writes n generated articles: each names a person, a company and an
// organisation drawn from pools, the person holding a post there, so that
// the graph is one connected web with hubs, as a large corpus is.
func grow(t *testing.T, s graph.Store, n int) {
	var batch []graph.Facts
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("grown-%05d", i)
		person := fmt.Sprintf("人员%03d", i%400)
		company := fmt.Sprintf("公司%03d股份有限公司", (i*7)%300)
		org := fmt.Sprintf("机构%02d管委会", (i*13)%60)
		m := func(label, name string) graph.MentionRow {
			return graph.MentionRow{Entity: graph.Ref{Label: label, Key: name}, Props: graph.Props{"count": int64(1), "names": []string{name}}}
		}
		batch = append(batch, graph.Facts{
			Article:  graph.Props{"id": id, "sources": []string{id + ".txt"}, "title": "生成的文章" + id},
			Mentions: []graph.MentionRow{m(graph.LabelPerson, person), m(graph.LabelCompany, company), m(graph.LabelOrganization, org)},
			Rels: []graph.RelRow{{Type: graph.RelHoldsPosition, From: graph.Ref{Label: graph.LabelPerson, Key: person}, To: graph.Ref{Label: graph.LabelOrganization, Key: org},
				Props: graph.Props{"title": "主任", "article": id, "evidence": person + "任" + org + "主任。"}}},
		})
		if len(batch) == 500 || i == n-1 {
			if err := graph.ApplyBulk(context.Background(), s, graph.Change{Write: batch}); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
}

// The shortest-connection query on a grown store (thousands of articles,
// hubs of hundreds of mentions) finds the shortest path from two indexed
// look-ups instead of enumerating every path: it answers, on both stores,
// with the same length.
func TestShortestPathOnAGrownStore(t *testing.T) {
	if testing.Short() {
		t.Skip("writes thousands of articles")
	}
	ss := stores(t, func(t *testing.T, s graph.Store) { grow(t, s, 4000) })
	// 人员001 is named by the articles 1, 401, 801 …, 人员301 by 301, 701 …:
	// no article names both (4 hops through one), but both hold posts at
	// 机构13管委会 (articles 1 and 301): 2 hops
	c := libraryCase{name: "shortest_path", params: map[string]any{"a": "人员001", "b": "人员301"}, want: []string{"[人员001 机构13管委会 人员301] 2"}, compare: []int{1}}
	runCase(t, ss, c)
}

// newsSample is a slice of the news corpus: the economy and politics
// articles of THUCNews and the first broadcast items, as many as CI can
// ingest into both stores in well under a minute.
func newsSample(t *testing.T) []string {
	dir := graphtest.SharedDir(t, "corpora/news")
	var files []string
	for _, r := range [][2]int{{1, 209}, {1001, 1200}} {
		for i := r[0]; i <= r[1]; i++ {
			files = append(files, filepath.Join(dir, fmt.Sprintf("%06d.txt", i)))
		}
	}
	return files
}

// newsCases pick each query's parameters from the graph itself (the
// body with the most posts, a place with sub-places …), so that on news
// the rules were not written for every query must answer, and both stores
// alike. pick returns one row: the parameters in order.
var newsCases = []struct {
	name   string
	params []string
	pick   string
}{
	{"officials_of_org", []string{"org"}, "MATCH (:Person)-[h:HOLDS_POSITION]->(o:Organization) RETURN o.name, count(h) AS c ORDER BY c DESC, o.name LIMIT 1"},
	{"positions_of_person", []string{"person"}, "MATCH (p:Person)-[h:HOLDS_POSITION]->() RETURN p.name, count(h) AS c ORDER BY c DESC, p.name LIMIT 1"},
	{"officials_in_year", []string{"org", "year"}, "MATCH (:Person)-[h:HOLDS_POSITION]->(o:Organization) WHERE h.date IS NOT NULL RETURN o.name, left(h.date, 4) AS y, count(h) AS c ORDER BY c DESC, o.name, y LIMIT 1"},
	{"companies_in", []string{"name"}, "MATCH (:Company)-[r:LOCATED_IN]->(x) RETURN x.name, count(r) AS c ORDER BY c DESC, x.name LIMIT 1"},
	{"aliases_of", []string{"name"}, "MATCH (:Article)-[m:MENTIONS]->(e) UNWIND regexp_split_to_array(m.names, '\\\\x1f') AS n WITH e, n WHERE n <> e.name RETURN n, count(*) AS c ORDER BY c DESC, n LIMIT 1"},
	{"companies_most_mentioned", nil, ""},
	{"figures_about", []string{"topic"}, "MATCH (f:Figure) WHERE f.metric IS NOT NULL RETURN f.metric, count(f) AS c ORDER BY c DESC, f.metric LIMIT 1"},
	{"plans_issued_by", []string{"org"}, "MATCH (o)-[i:ISSUED]->(:Plan) RETURN o.name, count(i) AS c ORDER BY c DESC, o.name LIMIT 1"},
	{"articles_mentioning_both", []string{"a", "b"}, "MATCH (x:Person)<-[:MENTIONS]-(a:Article)-[:MENTIONS]->(y:Place) RETURN x.name, y.name, count(a) AS c ORDER BY c DESC, x.name, y.name LIMIT 1"},
	{"figures_of", []string{"name"}, "MATCH (:Figure)-[r:MEASURES]->(x) RETURN x.name, count(r) AS c ORDER BY c DESC, x.name LIMIT 1"},
	{"places_in", []string{"place"}, "MATCH (:Place)-[r:PART_OF]->(p:Place) RETURN p.name, count(r) AS c ORDER BY c DESC, p.name LIMIT 1"},
	{"shortest_path", []string{"a", "b"}, "MATCH (p:Person)-[:HOLDS_POSITION]->(o:Organization)<-[:HOLDS_POSITION]-(q:Person) WHERE p.name < q.name RETURN p.name, q.name ORDER BY p.name, q.name LIMIT 1"},
}

// Every library query answers on real news, the same on both stores.
func TestLibraryOnNews(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 409 news articles into each store")
	}
	files := newsSample(t)
	ss := stores(t, func(t *testing.T, s graph.Store) { graphtest.Ingest(t, s, files...) })
	lib, _ := filepath.Glob("*.cypher")
	tested := map[string]bool{}
	for _, c := range newsCases {
		tested[c.name] = true
	}
	for _, f := range lib {
		if name := strings.SplitN(strings.TrimSuffix(f, ".cypher"), ".", 2)[0]; !tested[name] {
			t.Errorf("%s is not run on the news sample", f)
		}
	}
	for _, c := range newsCases {
		t.Run(c.name, func(t *testing.T) {
			params := map[string]any{}
			if c.pick != "" {
				rows, err := ss["kuzu"].Query(context.Background(), c.pick, nil)
				if err != nil {
					t.Fatalf("picking parameters: %v", err)
				}
				if len(rows.Values) == 0 {
					t.Fatalf("the news sample has nothing for %s to answer about (%s)", c.name, c.pick)
				}
				for i, p := range c.params {
					params[p] = rows.Values[0][i]
				}
			}
			t.Logf("%s %v", c.name, params)
			q := load(t, c.name, "kuzu")
			rows, err := ss["kuzu"].Query(context.Background(), q, params)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows.Values) == 0 {
				t.Errorf("%s %v answers nothing on news", c.name, params)
			}
			lc := libraryCase{name: c.name, params: params}
			if c.name == "shortest_path" {
				lc.compare = []int{1}
			}
			runCase(t, ss, lc)
		})
	}
}
